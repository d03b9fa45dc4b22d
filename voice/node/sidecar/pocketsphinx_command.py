#!/usr/bin/python3
# The offline command recogniser's sidecar: one utterance (after the wake word, up to the end of
# speech) decoded twice by Debian's pocketsphinx: against the command grammar (JSGF, built from
# the active intents) and by the general US English language model. The grammar always finds
# its nearest command; the language model says what was more likely said. Their scores per
# frame, side by side, are what tells "find a charger" from "tell me a joke".
#
# stdin: one line of JSON settings ({"grammar": JSGF text, "pronunciations": {word: phones}}),
# then chunks (see sphinx_sidecar.py). stdout: one JSON line {"event": "result", "grammar":
# {"text", "scorePerFrame"} | null, "free": {...} | null, "frames": n}, or {"event": "error",
# "message"} and exit 1.
import os

from sphinx_sidecar import chunks, config, dictionary, fail, say, start


def decode(Decoder, settings, audio):
    decoder = Decoder(settings)
    decoder.start_utt()
    decoder.process_raw(audio, False, True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    frames = max(decoder.n_frames(), 1)
    if hypothesis is None or hypothesis.hypstr.strip() == "":
        return None, frames
    return {"text": hypothesis.hypstr.strip(), "scorePerFrame": hypothesis.best_score / frames}, frames


def main():
    Decoder, settings, model, work = start(needs_language_model=True)
    words = dictionary(model, work, settings.get("pronunciations", {}))
    grammar = os.path.join(work, "commands.gram")
    with open(grammar, "w") as target:
        target.write(settings["grammar"])
    audio = b"".join(chunks())
    constrained_config = config(Decoder, model, words)
    constrained_config.set_string("-jsgf", grammar)
    free_config = config(Decoder, model, words)
    free_config.set_string("-lm", os.path.join(model, "en-us.lm.bin"))
    try:
        constrained, frames = decode(Decoder, constrained_config, audio)
        free, _ = decode(Decoder, free_config, audio)
    except RuntimeError as error:
        fail(f"pocketsphinx refused the grammar or the audio: {error}")
    say({"event": "result", "grammar": constrained, "free": free, "frames": frames})


main()
