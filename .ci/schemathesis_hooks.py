"""schemathesis hooks for .ci/run: a serializer for JSON Lines request bodies
(POST /v1/batch takes application/x-ndjson, which schemathesis does not know),
and for XLSX request bodies.
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


@schemathesis.serializer("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
def xlsx(ctx, value):
    """POST /v1/batch takes an XLSX workbook: a generated value is sent as
    its bytes (not a workbook: the server answers 400)."""
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")
