"""Decodes frames with Debian's canmatrix, as a second opinion for Glovebox's DBC tests.

Reads one JSON document on stdin: {"jobs": [{"dbc": path, "frames": [{"id", "extended", "data"}]}]}
and writes one JSON document: {"results": [[{"signals": {name: [raw, phys]}} | {"error": text}, ...], ...]}.
Raw and physical values are written as strings so that nothing is rounded on the way
(canmatrix computes physical values with Decimal).
"""
import json
import logging
import sys

logging.disable(logging.CRITICAL)

import canmatrix  # noqa: E402
import canmatrix.formats  # noqa: E402


def decode_job(job):
    matrix = canmatrix.formats.loadp_flat(job["dbc"])
    results = []
    for item in job["frames"]:
        frame = matrix.frame_by_id(canmatrix.ArbitrationId(item["id"], extended=item["extended"]))
        if frame is None:
            results.append({"error": "unknown id"})
            continue
        try:
            decoded = frame.decode(bytearray.fromhex(item["data"]))
        except Exception as error:  # canmatrix raises plain exceptions for frames it cannot decode
            results.append({"error": "%s: %s" % (type(error).__name__, error)})
            continue
        results.append({"signals": {name: [str(value.raw_value), str(value.phys_value)] for name, value in decoded.items()}})
    return results


def main():
    request = json.load(sys.stdin)
    json.dump({"results": [decode_job(job) for job in request["jobs"]]}, sys.stdout)


if __name__ == "__main__":
    main()
