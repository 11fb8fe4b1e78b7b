"""schemathesis hooks for .ci/run: a serializer for JSON Lines request bodies
(POST /v1/batch takes application/x-ndjson, which schemathesis does not know).
The generated value is sent as it is (a string), or as one JSON value per
line (an object, or a list of them)."""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items).encode("utf-8")
