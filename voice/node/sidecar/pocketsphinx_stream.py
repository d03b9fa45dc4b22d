#!/usr/bin/python3
# The offline wake-word engine's sidecar: Debian's pocketsphinx (python3-pocketsphinx), called per
# chunk so a keyphrase is reported as soon as it is heard (the pocketsphinx_continuous CLI only
# reports at the end of its own utterance, about 1.8 s late).
#
# Keyphrase spotting alone cannot tell "hey glovebox" from "the glove box" (on flite's slt voice
# the second fires at thresholds where the first no longer does), so it only proposes: each
# candidate's stretch of audio is decoded again, once held to the phrase and once by a free phone
# loop, and it wakes only when the phrase explains the audio nearly as well as the best sequence
# of phones could (a likelihood ratio against a garbage model).
#
# stdin: one line of JSON settings ({"phrases": [{"text", "threshold"}], "verifyMargin",
# "pronunciations"}), then chunks (see sphinx_sidecar.py). stdout: JSON lines, {"event":
# "ready"}, {"event": "wake", "phrase", "endSample": N, "margin"} (N: samples fed when it was
# heard), {"event": "rejected", "phrase", "endSample", "margin"} for a candidate that failed the
# check, {"event": "heard", "samples": N} for each mark (how far it has got), {"event": "done",
# "samples": N}. Errors: {"event": "error", "message": ...}, exit 1.
import os

from sphinx_sidecar import config, dictionary, loaded, marked_chunks, phone_loop_config, say, score, start

FRAME_SAMPLES = 160  # pocketsphinx's 10 ms frames
KEEP_SECONDS = 4


def score_per_frame(decoder, audio):
    decoder.start_utt()
    decoder.process_raw(audio, False, True)
    decoder.end_utt()
    return score(decoder)


def main():
    Decoder, settings, model, work = start()
    words = dictionary(model, work, settings.get("pronunciations", {}))
    keyphrases = os.path.join(work, "keyphrases.txt")
    with open(keyphrases, "w") as target:
        for phrase in settings["phrases"]:
            target.write(f"{phrase['text']} /{phrase['threshold']}/\n")
    decoder_config = config(Decoder, model, words)
    decoder_config.set_string("-kws", keyphrases)
    decoder = Decoder(decoder_config)
    verify_margin = settings.get("verifyMargin")
    forced = {}
    phone_loop = None
    if verify_margin is not None:
        for index, phrase in enumerate(settings["phrases"]):
            grammar = os.path.join(work, f"phrase{index}.gram")
            with open(grammar, "w") as target:
                target.write(f"#JSGF V1.0;\ngrammar phrase;\npublic <phrase> = {phrase['text']};\n")
            phrase_config = config(Decoder, model, words)
            phrase_config.set_string("-jsgf", grammar)
            forced[phrase["text"]] = Decoder(phrase_config)
        phone_loop = Decoder(phone_loop_config(Decoder, model, words))
    loaded(work)
    recent = bytearray()
    decoder.start_utt()
    fed = 0
    say({"event": "ready"})
    for mark, data in marked_chunks():
        if mark is not None:
            # A mark asks how far the engine has got (a file fed faster than real time waits on it).
            say({"event": "heard", "samples": fed})
            continue
        decoder.process_raw(data, False, False)
        fed += len(data) // 2
        recent += data
        del recent[: max(0, len(recent) - KEEP_SECONDS * 32000)]
        hypothesis = decoder.hyp()
        if hypothesis is None:
            continue
        phrase = hypothesis.hypstr.strip()
        frames = [segment.end_frame - segment.start_frame for segment in decoder.seg()]
        decoder.end_utt()
        decoder.start_utt()
        if phone_loop is None or phrase not in forced:
            say({"event": "wake", "phrase": phrase, "endSample": fed, "margin": None})
            continue
        # The keyphrase's stretch, with a little before it (seg() gives its length in frames).
        span = ((frames[0] if frames else 100) + 15) * FRAME_SAMPLES * 2
        window = bytes(recent[-span:])
        phrase_score = score_per_frame(forced[phrase], window)
        loop_score = score_per_frame(phone_loop, window)
        margin = None if phrase_score is None or loop_score is None else phrase_score - loop_score
        event = "wake" if margin is not None and margin >= verify_margin else "rejected"
        say({"event": event, "phrase": phrase, "endSample": fed, "margin": margin})
    decoder.end_utt()
    say({"event": "done", "samples": fed})


main()
