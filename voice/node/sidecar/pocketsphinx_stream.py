#!/usr/bin/python3
# The offline wake-word engine's sidecar: Debian's pocketsphinx (python3-pocketsphinx), called per
# chunk so a keyphrase is reported as soon as it is heard (the pocketsphinx_continuous CLI only
# reports at the end of its own utterance, about 1.8 s late).
#
# stdin: one line of JSON settings ({"phrases": [{"text", "threshold"}], "pronunciations"}), then
# chunks (see sphinx_sidecar.py). stdout: JSON lines, {"event": "ready"}, {"event": "wake",
# "phrase": ..., "endSample": N} (N: samples fed when it was heard), {"event": "done",
# "samples": N}. Errors: {"event": "error", "message": ...}, exit 1.
import os

from sphinx_sidecar import chunks, config, dictionary, say, start


def main():
    Decoder, settings, model, work = start()
    keyphrases = os.path.join(work, "keyphrases.txt")
    with open(keyphrases, "w") as target:
        for phrase in settings["phrases"]:
            target.write(f"{phrase['text']} /{phrase['threshold']}/\n")
    decoder_config = config(Decoder, model, dictionary(model, work, settings.get("pronunciations", {})))
    decoder_config.set_string("-kws", keyphrases)
    decoder = Decoder(decoder_config)
    decoder.start_utt()
    fed = 0
    say({"event": "ready"})
    for data in chunks():
        decoder.process_raw(data, False, False)
        fed += len(data) // 2
        hypothesis = decoder.hyp()
        if hypothesis is not None:
            say({"event": "wake", "phrase": hypothesis.hypstr.strip(), "endSample": fed})
            decoder.end_utt()
            decoder.start_utt()
    decoder.end_utt()
    say({"event": "done", "samples": fed})


main()
