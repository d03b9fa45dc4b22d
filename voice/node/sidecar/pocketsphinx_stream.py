#!/usr/bin/python3
# The offline wake-word engine's sidecar: Debian's pocketsphinx (python3-pocketsphinx), called per
# chunk so a keyphrase is reported as soon as it is heard (the pocketsphinx_continuous CLI only
# reports at the end of its own utterance, about 1.8 s late).
#
# stdin: one line of JSON settings, then chunks: a 4-byte little-endian sample count and that many
# 16 kHz mono int16 samples; a count of 0 ends the stream. stdout: JSON lines,
# {"event": "ready"}, {"event": "wake", "phrase": ..., "endSample": N} (N: samples fed when it was
# heard), {"event": "done", "samples": N}. Errors: {"event": "error", "message": ...}, exit 1.
import json
import os
import struct
import sys
import tempfile


def fail(message):
    sys.stdout.write(json.dumps({"event": "error", "message": message}) + "\n")
    sys.stdout.flush()
    sys.exit(1)


def main():
    try:
        from pocketsphinx import Decoder
    except ImportError as error:
        fail(f"python3-pocketsphinx is not installed ({error}); apt-get install python3-pocketsphinx pocketsphinx-en-us")
    settings = json.loads(sys.stdin.buffer.readline())
    model = settings.get("model", "/usr/share/pocketsphinx/model/en-us")
    if not os.path.isdir(os.path.join(model, "en-us")):
        fail(f"no acoustic model at {model}/en-us; apt-get install pocketsphinx-en-us")
    work = tempfile.mkdtemp(prefix="glovebox-kws-")
    dictionary = os.path.join(work, "words.dict")
    with open(os.path.join(model, "cmudict-en-us.dict")) as source, open(dictionary, "w") as target:
        target.write(source.read())
        for word, phones in settings.get("pronunciations", {}).items():
            target.write(f"{word} {phones}\n")
    keyphrases = os.path.join(work, "keyphrases.txt")
    with open(keyphrases, "w") as target:
        for phrase in settings["phrases"]:
            target.write(f"{phrase['text']} /{phrase['threshold']}/\n")
    config = Decoder.default_config()
    config.set_string("-hmm", os.path.join(model, "en-us"))
    config.set_string("-dict", dictionary)
    config.set_string("-kws", keyphrases)
    config.set_string("-logfn", os.devnull)
    decoder = Decoder(config)
    decoder.start_utt()
    fed = 0
    out = sys.stdout
    out.write(json.dumps({"event": "ready"}) + "\n")
    out.flush()
    stream = sys.stdin.buffer
    while True:
        header = stream.read(4)
        if len(header) < 4:
            break
        (count,) = struct.unpack("<I", header)
        if count == 0:
            break
        data = stream.read(count * 2)
        decoder.process_raw(data, False, False)
        fed += len(data) // 2
        hypothesis = decoder.hyp()
        if hypothesis is not None:
            out.write(json.dumps({"event": "wake", "phrase": hypothesis.hypstr.strip(), "endSample": fed}) + "\n")
            out.flush()
            decoder.end_utt()
            decoder.start_utt()
    decoder.end_utt()
    out.write(json.dumps({"event": "done", "samples": fed}) + "\n")
    out.flush()


main()
