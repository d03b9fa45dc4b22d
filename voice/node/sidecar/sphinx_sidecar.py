# What the pocketsphinx sidecars share: the error line, the settings line, the model checks,
# the dictionary with the extra pronunciations (in a temporary folder, removed as soon as the
# decoders have read it, or on exit, SIGTERM included, if they never do), and the
# length-prefixed chunks of 16 kHz mono int16 samples on stdin (a count of 0 ends them; two
# reserved counts mark the start and the end of an utterance for a sidecar that takes several).
import atexit
import json
import os
import shutil
import signal
import struct
import sys
import tempfile

DEFAULT_MODEL = "/usr/share/pocketsphinx/model/en-us"
START = 0xFFFFFFFE
END = 0xFFFFFFFF


def fail(message):
    sys.stdout.write(json.dumps({"event": "error", "message": message}) + "\n")
    sys.stdout.flush()
    sys.exit(1)


def say(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def start(needs_language_model=False):
    """The Decoder class, the settings, the model folder and a working folder (removed on exit)."""
    try:
        from pocketsphinx import Decoder
    except ImportError as error:
        fail(f"python3-pocketsphinx is not installed ({error}); apt-get install python3-pocketsphinx pocketsphinx-en-us")
    settings = json.loads(sys.stdin.buffer.readline())
    model = settings.get("model", DEFAULT_MODEL)
    if not os.path.isdir(os.path.join(model, "en-us")):
        fail(f"no acoustic model at {model}/en-us; apt-get install pocketsphinx-en-us")
    if needs_language_model and not os.path.isfile(os.path.join(model, "en-us.lm.bin")):
        fail(f"no language model at {model}/en-us.lm.bin; apt-get install pocketsphinx-en-us")
    work = tempfile.mkdtemp(prefix="glovebox-sphinx-")
    atexit.register(shutil.rmtree, work, True)
    # The host stops a sidecar with SIGTERM; exiting through Python lets atexit run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    return Decoder, settings, model, work


def loaded(work):
    """The decoders have read the dictionary and grammars: nothing in the folder is needed again."""
    shutil.rmtree(work, True)


def dictionary(model, work, pronunciations):
    """CMUdict with the extra words ("glovebox" is not in it)."""
    path = os.path.join(work, "words.dict")
    with open(os.path.join(model, "cmudict-en-us.dict")) as source, open(path, "w") as target:
        target.write(source.read())
        for word, phones in pronunciations.items():
            target.write(f"{word} {phones}\n")
    return path


def config(Decoder, model, words):
    settings = Decoder.default_config()
    settings.set_string("-hmm", os.path.join(model, "en-us"))
    settings.set_string("-dict", words)
    settings.set_string("-logfn", os.devnull)
    return settings


def score(decoder):
    """The best path's score per 10 ms frame of the utterance just ended; None when no path."""
    hypothesis = decoder.hyp()
    if hypothesis is None or hypothesis.hypstr.strip() == "":
        return None
    return hypothesis.best_score / max(decoder.n_frames(), 1)


def phone_loop_config(Decoder, model, words):
    """A free phone loop, "any sounds at all": context-independent phones, a light phone language
    model, narrow beams (~60 ms for 1.5 s of audio; the default triphone search took 8 s)."""
    loop_config = config(Decoder, model, words)
    loop_config.set_string("-allphone", os.path.join(model, "en-us-phone.lm.bin"))
    loop_config.set_float("-lw", 2.0)
    loop_config.set_boolean("-allphone_ci", True)
    loop_config.set_float("-beam", 1e-10)
    loop_config.set_float("-pbeam", 1e-10)
    return loop_config


def serve_stretches(decoders, answer, whole=False):
    """Decodes stretches between START and END marks with every decoder at once and says
    answer(decoders) (a dict) after each END; None for every decoder when none was open. As they
    stream in, or, when `whole`, each at its END in one piece and as a stream of its own: with
    `-cmn batch` the cepstral mean and the noise estimate are then the stretch's own, not carried
    over from the stretches before."""
    open_stretch = False
    held = []
    for mark, data in marked_chunks():
        if mark == START:
            if open_stretch and not whole:
                for decoder in decoders:
                    decoder.end_utt()
            if not whole:
                for decoder in decoders:
                    decoder.start_utt()
            open_stretch = True
            held = []
        elif mark == END:
            if open_stretch:
                stretch = b"".join(held)
                for decoder in decoders:
                    if whole:
                        # start_stream resets the noise estimate (noise removal) too: nothing carries over.
                        decoder.start_stream()
                        decoder.start_utt()
                        decoder.process_raw(stretch, False, True)
                    decoder.end_utt()
            say({"event": "result", **answer(decoders if open_stretch else None)})
            open_stretch = False
            held = []
        elif open_stretch:
            if whole:
                held.append(data)
            else:
                for decoder in decoders:
                    decoder.process_raw(data, False, False)


def marked_chunks():
    """(mark, sample bytes) from stdin until a count of 0 or the end; mark is START, END or None."""
    stream = sys.stdin.buffer
    while True:
        header = stream.read(4)
        if len(header) < 4:
            return
        (count,) = struct.unpack("<I", header)
        if count == 0:
            return
        if count in (START, END):
            yield count, b""
        else:
            yield None, stream.read(count * 2)


def chunks():
    """Sample bytes from stdin, chunk by chunk, until a count of 0 or the end."""
    for mark, data in marked_chunks():
        if mark is None:
            yield data
