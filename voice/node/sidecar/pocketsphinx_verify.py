#!/usr/bin/python3
# The wake word's second opinion (docs/adr/0025): the stretch of audio the offline engine woke on,
# decoded while it streams by two pocketsphinx decoders at once: one held to the wake phrase
# (JSGF), one free phone loop ("any sounds at all", the garbage model). Their scores per frame,
# side by side, say whether the phrase explains the stretch nearly as well as any sounds could.
# (The general language model in place of the loop separated prose from the phrase less well
# and cost more; docs/adr/0025.) Each stretch is decoded whole, by its own cepstral mean
# (`-cmn batch`) and noise estimate, so its score does not depend on the stretches decoded
# before it (docs/adr/0037); "cmn": "live" in the settings gives the verifier before that,
# which carried both from stretch to stretch (for benchmarks that compare the two).
#
# stdin: one line of JSON settings ({"phrase": "hey glovebox", "pronunciations": {word: phones},
# "cmn": "batch" | "live"}), then chunks (see sphinx_sidecar.py) between START and END marks,
# any number of stretches.
# stdout: {"event": "ready"}, then per END one line {"event": "result", "phrase": score | null,
# "loop": score | null, "frames": n} (scores per 10 ms frame; null when a
# decoder found no path); {"event": "error", "message"} and exit 1 when the model or the phrase
# cannot be loaded.
import os
import re

from sphinx_sidecar import config, dictionary, fail, loaded, phone_loop_config, say, score, serve_stretches, start


def main():
    Decoder, settings, model, work = start()
    phrase = settings.get("phrase", "")
    if not re.fullmatch(r"[a-z']+( [a-z']+)*", phrase):
        fail(f"the wake phrase must be lower-case words, found {phrase!r}")
    cmn = settings.get("cmn", "batch")
    if cmn not in ("batch", "live"):
        fail(f'"cmn" must be "batch" or "live", found {cmn!r}')
    words = dictionary(model, work, settings.get("pronunciations", {}))
    grammar = os.path.join(work, "phrase.gram")
    with open(grammar, "w") as target:
        target.write(f"#JSGF V1.0;\ngrammar phrase;\npublic <phrase> = {phrase};\n")
    phrase_config = config(Decoder, model, words)
    phrase_config.set_string("-jsgf", grammar)
    # Wide beams: the phrase must always find its path, however badly it fits, so the verdict is a
    # score and never "no path" (with the default beams an accented "hey glovebox" often had none).
    phrase_config.set_float("-beam", 1e-120)
    phrase_config.set_float("-wbeam", 1e-100)
    phrase_config.set_float("-pbeam", 1e-120)
    loop_config = phone_loop_config(Decoder, model, words)
    for each in (phrase_config, loop_config):
        each.set_string("-cmn", cmn)
    try:
        decoders = [Decoder(phrase_config), Decoder(loop_config)]
    except RuntimeError as error:
        fail(f"pocketsphinx refused the wake phrase {phrase!r}: {error}")
    loaded(work)
    say({"event": "ready"})

    def answer(decoders):
        if decoders is None:
            return {"phrase": None, "loop": None, "frames": 0}
        return {"phrase": score(decoders[0]), "loop": score(decoders[1]), "frames": decoders[0].n_frames()}

    serve_stretches(decoders, answer, whole=cmn == "batch")


main()
