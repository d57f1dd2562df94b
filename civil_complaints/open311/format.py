"""GeoReport v2 formats: XML (the spec's required and default format) and JSON, for answers and errors alike.

The JSON is the spec's "Spark convention" mapping of the XML: a list of `service` elements inside `services` is
a JSON array, an element with no value is null. A resource without a suffix (`/services`) answers in XML; an
unknown suffix (`.csv`) is 404. Errors come in the format the resource was asked in, also the app-wide ones
(404 of an unknown path, 405, 413, 429: `app/errors.py` calls `error_response`).

The public GET resources carry CORS headers (`Access-Control-Allow-Origin: *`), so a civic web app can read them
from a browser; POST does not (an api_key does not belong in a browser).
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from flask import Response, request

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
MIME_TYPES = ("text/xml", "application/json")
#: the element name of one item of each list, as in the spec's examples
XML_ITEMS = {"services": "service", "attributes": "attribute", "values": "value", "endpoints": "endpoint",
             "formats": "format", "service_requests": "request", "errors": "error"}
#: characters XML 1.0 cannot carry (an error may echo what a client sent)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def split_format(name: str) -> tuple[str, str | None]:
    """`HB-2611-000001.json` → (`HB-2611-000001`, `json`); no suffix → (name, `xml`); an unknown suffix → None."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return name, "xml"
    return stem, suffix if suffix in FORMATS else None


def requested_format() -> str:
    """The format of this request's resource (from the last path segment); XML unless `.json`."""
    return split_format(request.path.rstrip("/").rsplit("/", 1)[-1])[1] or "xml"


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def _fill(element: ET.Element, name: str, value) -> None:
    if isinstance(value, list):
        item = XML_ITEMS.get(name, "item")
        for entry in value:
            _fill(ET.SubElement(element, item), item, entry)
    elif isinstance(value, dict):
        for key, entry in value.items():
            _fill(ET.SubElement(element, key), key, entry)
    elif value is not None:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, root, data)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode").encode("utf-8")


def render(data, root: str, fmt: str, status: int = 200) -> Response:
    """`data` as the spec's XML document `<root>…</root>` or as JSON."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    else:
        body = to_xml(root, data)
    return add_cors(Response(body, status=status, content_type=FORMATS[fmt]))


def error_response(status: int, description: str, fmt: str | None = None) -> Response:
    """The spec's error body, `[{"code", "description"}]` / `<errors><error>…`, with that HTTP status."""
    return render([{"code": status, "description": str(description)}], "errors", fmt or requested_format(), status)


def add_cors(response: Response) -> Response:
    """CORS for the public reads (answers and errors); never for POST."""
    if request.method in READ_METHODS:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "Retry-After"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept-Language"
            response.headers["Access-Control-Max-Age"] = "86400"
    response.vary.add("Accept-Language")
    return response
