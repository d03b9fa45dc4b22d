#!/usr/bin/python3
# The wake word's second opinion (docs/adr/0025): the stretch of audio the offline engine woke on,
# decoded while it streams by two pocketsphinx decoders at once: one held to the wake phrase
# (JSGF), one free phone loop ("any sounds at all", the garbage model). Their scores per frame,
# side by side, say whether the phrase explains the stretch nearly as well as any sounds could.
# (The general language model in place of the loop separated prose from the phrase less well
# and cost more; docs/adr/0025.)
#
# stdin: one line of JSON settings ({"phrase": "hey glovebox", "pronunciations": {word: phones}}),
# then chunks (see sphinx_sidecar.py) between START and END marks, any number of stretches.
# stdout: {"event": "ready"}, then per END one line {"event": "result", "phrase": score | null,
# "loop": score | null, "frames": n, "words": [margin | null, ...]} (scores per 10 ms frame; null
# when a decoder found no path; "words" has one margin per word of the phrase: the acoustic score
# of that word's frames on the phrase's path minus the loop's acoustic score over the same frames,
# per frame, so a stretch that says the name without its greeting shows where; docs/adr/0028);
# {"event": "error", "message"} and exit 1 when the model or the phrase cannot be loaded.
import os
import re

from sphinx_sidecar import config, dictionary, fail, loaded, phone_loop_config, say, score, serve_stretches, start


def segments(decoder):
    """(word, first frame, last frame, acoustic score) of the best path; [] when there is none."""
    if decoder.hyp() is None:
        return []
    return [(seg.word, seg.start_frame, seg.end_frame, seg.ascore) for seg in decoder.seg()]


def word_margins(phrase_decoder, loop_decoder, spoken):
    """Per word of the phrase, in order: its acoustic score on the phrase's path minus the loop's
    over the same frames (a loop phone that straddles the word's edge counts for the share of its
    frames inside), per frame; None for a word the path does not hold or when the loop has none."""
    loop = segments(loop_decoder)
    words = [each for each in segments(phrase_decoder) if re.sub(r"\(\d+\)$", "", each[0]) in spoken]
    if not loop or [re.sub(r"\(\d+\)$", "", each[0]) for each in words] != spoken:
        return [None] * len(spoken)
    margins = []
    for _, first, last, acoustic in words:
        against = 0.0
        for _, start, end, loop_acoustic in loop:
            overlap = min(last, end) - max(first, start) + 1
            if overlap > 0:
                against += loop_acoustic * overlap / (end - start + 1)
        margins.append((acoustic - against) / (last - first + 1))
    return margins


def main():
    Decoder, settings, model, work = start()
    phrase = settings.get("phrase", "")
    if not re.fullmatch(r"[a-z']+( [a-z']+)*", phrase):
        fail(f"the wake phrase must be lower-case words, found {phrase!r}")
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
    try:
        decoders = [Decoder(phrase_config), Decoder(phone_loop_config(Decoder, model, words))]
    except RuntimeError as error:
        fail(f"pocketsphinx refused the wake phrase {phrase!r}: {error}")
    loaded(work)
    say({"event": "ready"})

    spoken = phrase.split(" ")

    def answer(decoders):
        if decoders is None:
            return {"phrase": None, "loop": None, "frames": 0, "words": [None] * len(spoken)}
        return {"phrase": score(decoders[0]), "loop": score(decoders[1]), "frames": decoders[0].n_frames(), "words": word_margins(decoders[0], decoders[1], spoken)}

    serve_stretches(decoders, answer)


main()
