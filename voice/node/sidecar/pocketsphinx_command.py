#!/usr/bin/python3
# The offline command recogniser's sidecar, kept running so an utterance is decoded while it is
# spoken: each one goes through two pocketsphinx decoders at once, one held to the command
# grammar (JSGF, built from the active intents), one free with the general US English language
# model. The grammar always finds its nearest command; the language model says what was more
# likely said. Their scores per frame, side by side, are what tells "find a charger" from "tell
# me a joke".
#
# stdin: one line of JSON settings ({"grammar": JSGF text, "pronunciations": {word: phones},
# "freeSecondPass": false}),
# then chunks (see sphinx_sidecar.py) between START and END marks, any number of utterances.
# stdout: {"event": "ready"}, then per END one line {"event": "result", "grammar": {"text",
# "scorePerFrame"} | null, "free": {...} | null, "frames": n}; {"event": "error", "message"} and
# exit 1 when the model or the grammar cannot be loaded.
import os

from sphinx_sidecar import config, dictionary, fail, loaded, say, serve_stretches, start


def result(decoder):
    hypothesis = decoder.hyp()
    frames = max(decoder.n_frames(), 1)
    if hypothesis is None or hypothesis.hypstr.strip() == "":
        return None
    return {"text": hypothesis.hypstr.strip(), "scorePerFrame": hypothesis.best_score / frames}


def main():
    Decoder, settings, model, work = start(needs_language_model=True)
    words = dictionary(model, work, settings.get("pronunciations", {}))
    grammar = os.path.join(work, "commands.gram")
    with open(grammar, "w") as target:
        target.write(settings["grammar"])
    constrained_config = config(Decoder, model, words)
    constrained_config.set_string("-jsgf", grammar)
    free_config = config(Decoder, model, words)
    free_config.set_string("-lm", os.path.join(model, "en-us.lm.bin"))
    if not settings.get("freeSecondPass", False):
        # The free decoder only scores the utterance against the grammar's; its two passes after
        # the end (flat lexicon, best path) took 65-126 ms of the wait for an answer (ADR 0016).
        free_config.set_boolean("-fwdflat", False)
        free_config.set_boolean("-bestpath", False)
    try:
        decoders = [Decoder(constrained_config), Decoder(free_config)]
    except RuntimeError as error:
        fail(f"pocketsphinx refused the grammar: {error}")
    loaded(work)
    say({"event": "ready"})

    def answer(decoders):
        if decoders is None:
            return {"grammar": None, "free": None, "frames": 0}
        return {"grammar": result(decoders[0]), "free": result(decoders[1]), "frames": max(decoders[0].n_frames(), 1)}

    serve_stretches(decoders, answer)


main()
