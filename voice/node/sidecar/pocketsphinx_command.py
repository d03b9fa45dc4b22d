#!/usr/bin/python3
# The offline command recogniser's sidecar: one utterance (after the wake word, up to the end of
# speech) decoded twice by Debian's pocketsphinx: against the command grammar (JSGF, built from
# the active intents) and by the general US English language model. The grammar always finds
# its nearest command; the language model says what was more likely said. Their scores per
# frame, side by side, are what tells "find a charger" from "tell me a joke".
#
# stdin: one line of JSON settings ({"grammar": JSGF text, "pronunciations": {word: phones}}),
# then chunks (4-byte little-endian sample count, 16 kHz mono int16 samples), a count of 0 ends.
# stdout: one JSON line {"event": "result", "grammar": {"text", "scorePerFrame"} | null,
# "free": {...} | null, "frames": n}, or {"event": "error", "message"} and exit 1.
import json
import os
import struct
import sys
import tempfile


def fail(message):
    sys.stdout.write(json.dumps({"event": "error", "message": message}) + "\n")
    sys.stdout.flush()
    sys.exit(1)


def decode(Decoder, model, dictionary, audio, grammar=None):
    config = Decoder.default_config()
    config.set_string("-hmm", os.path.join(model, "en-us"))
    config.set_string("-dict", dictionary)
    config.set_string("-logfn", os.devnull)
    if grammar:
        config.set_string("-jsgf", grammar)
    else:
        config.set_string("-lm", os.path.join(model, "en-us.lm.bin"))
    decoder = Decoder(config)
    decoder.start_utt()
    decoder.process_raw(audio, False, True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    frames = max(decoder.n_frames(), 1)
    if hypothesis is None or hypothesis.hypstr.strip() == "":
        return None, frames
    return {"text": hypothesis.hypstr.strip(), "scorePerFrame": hypothesis.best_score / frames}, frames


def main():
    try:
        from pocketsphinx import Decoder
    except ImportError as error:
        fail(f"python3-pocketsphinx is not installed ({error}); apt-get install python3-pocketsphinx pocketsphinx-en-us")
    settings = json.loads(sys.stdin.buffer.readline())
    model = settings.get("model", "/usr/share/pocketsphinx/model/en-us")
    if not os.path.isfile(os.path.join(model, "en-us.lm.bin")):
        fail(f"no language model at {model}/en-us.lm.bin; apt-get install pocketsphinx-en-us")
    work = tempfile.mkdtemp(prefix="glovebox-command-")
    dictionary = os.path.join(work, "words.dict")
    with open(os.path.join(model, "cmudict-en-us.dict")) as source, open(dictionary, "w") as target:
        target.write(source.read())
        for word, phones in settings.get("pronunciations", {}).items():
            target.write(f"{word} {phones}\n")
    grammar = os.path.join(work, "commands.gram")
    with open(grammar, "w") as target:
        target.write(settings["grammar"])
    chunks = []
    stream = sys.stdin.buffer
    while True:
        header = stream.read(4)
        if len(header) < 4:
            break
        (count,) = struct.unpack("<I", header)
        if count == 0:
            break
        chunks.append(stream.read(count * 2))
    audio = b"".join(chunks)
    try:
        constrained, frames = decode(Decoder, model, dictionary, audio, grammar)
        free, _ = decode(Decoder, model, dictionary, audio)
    except RuntimeError as error:
        fail(f"pocketsphinx refused the grammar or the audio: {error}")
    sys.stdout.write(json.dumps({"event": "result", "grammar": constrained, "free": free, "frames": frames}) + "\n")
    sys.stdout.flush()


main()
