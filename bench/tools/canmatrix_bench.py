"""Times Debian canmatrix decoding frames, for `npm run bench -- bus` (decode loop only).

stdin: {"dbc": path, "frames": [{"id", "extended", "data"}], "seconds": minimum time to run}
stdout: {"frames": decoded count, "seconds": elapsed, "errors": frames canmatrix refused}
"""
import json
import logging
import sys
import time

logging.disable(logging.CRITICAL)

import canmatrix  # noqa: E402
import canmatrix.formats  # noqa: E402


def main():
    request = json.load(sys.stdin)
    matrix = canmatrix.formats.loadp_flat(request["dbc"])
    prepared = []
    for item in request["frames"]:
        frame = matrix.frame_by_id(canmatrix.ArbitrationId(item["id"], extended=item["extended"]))
        if frame is not None:
            prepared.append((frame, bytearray.fromhex(item["data"])))
    decoded = 0
    errors = 0
    start = time.perf_counter()
    while True:
        for frame, data in prepared:
            try:
                frame.decode(data)
            except Exception:
                errors += 1
            decoded += 1
        elapsed = time.perf_counter() - start
        if elapsed >= request["seconds"]:
            break
    json.dump({"frames": decoded, "seconds": elapsed, "errors": errors}, sys.stdout)


if __name__ == "__main__":
    main()
