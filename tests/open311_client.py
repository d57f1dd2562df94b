"""A GeoReport v2 client written from the specification (wiki.open311.org/GeoReport_v2 and Service_Discovery),
as a third-party civic app would be: it knows only the spec, talks HTTP (urllib), sends forms (urlencoded, or
multipart with files), and reads XML (the spec's default, parsed with the standard library) or JSON.

Nothing here imports the application. XML is mapped to Python values as the spec's "Spark convention" maps it
to JSON: the plural elements (services, attributes, values, endpoints, formats, service_requests, errors) are
lists, an empty element is None, and the fields the spec types as booleans or numbers are converted.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

SPEC = "http://wiki.open311.org/GeoReport_v2"
MIME = {"xml": "text/xml", "json": "application/json"}
LISTS = {"services", "attributes", "values", "endpoints", "formats", "service_requests", "errors"}
BOOLEANS = {"metadata", "variable", "required"}
INTEGERS = {"order", "code"}
FLOATS = {"lat", "long"}


class Open311ClientError(Exception):
    """A non-2xx answer: the HTTP status and the spec's error list [{code, description}] parsed from the body."""

    def __init__(self, status: int, errors: list[dict], content_type: str) -> None:
        super().__init__(f"{status}: {errors}")
        self.status, self.errors, self.content_type = status, errors, content_type


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes


def _typed(name: str, text: str | None):
    if text is None:
        return None
    if name in BOOLEANS:
        return {"true": True, "false": False}[text.strip()]
    if name in INTEGERS and text.strip().lstrip("-").isdigit():
        return int(text)
    if name in FLOATS:
        return float(text)
    return text


def from_xml(element: ET.Element):
    """Spark convention: a list element → list; an element with children → dict; else its (typed) text."""
    if element.tag in LISTS:
        return [from_xml(child) for child in element]
    if len(element):
        return {child.tag: from_xml(child) for child in element}
    return _typed(element.tag, element.text)


def _multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = "open311-" + secrets.token_hex(12)
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + value.encode("utf-8") + b"\r\n")
    for name, filename, content in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def http(method: str, url: str, *, fields: list[tuple[str, str]] | None = None,
         files: list[tuple[str, str, bytes]] | None = None, headers: dict | None = None) -> Answer:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url}")
    data, headers = None, dict(headers or {})
    if files:
        data, headers["Content-Type"] = _multipart(fields or [], files)
    elif fields is not None:
        data = urllib.parse.urlencode(fields).encode("utf-8")
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 - http(s) only
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the test server's URL
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


@dataclass
class Open311Client:
    """One endpoint in one format. `language` is sent as Accept-Language."""

    endpoint: str
    fmt: str = "xml"
    api_key: str | None = None
    jurisdiction_id: str | None = None
    language: str | None = None
    last: Answer | None = field(default=None, repr=False)

    @classmethod
    def discover(cls, discovery_url: str, fmt: str = "xml", **options) -> tuple[Open311Client, dict]:
        """Read `<discovery_url>.<fmt>` and take the production GeoReport v2 endpoint offering `fmt`."""
        document = cls(discovery_url, fmt, **options)._parse(http("GET", f"{discovery_url}.{fmt}"))
        for endpoint in document["endpoints"]:
            if (endpoint["specification"] == SPEC and endpoint["type"] == "production"
                    and MIME[fmt] in endpoint["formats"]):
                return cls(endpoint["url"], fmt, **options), document
        raise LookupError(f"no production GeoReport v2 endpoint serves {MIME[fmt]}")

    def _url(self, resource: str, params: dict | None = None) -> str:
        query = {k: v for k, v in (params or {}).items() if v is not None}
        if self.jurisdiction_id:
            query.setdefault("jurisdiction_id", self.jurisdiction_id)
        suffix = ("?" + urllib.parse.urlencode(query)) if query else ""
        return f"{self.endpoint}/{resource}.{self.fmt}{suffix}"

    def _headers(self) -> dict:
        return {"Accept-Language": self.language} if self.language else {}

    def _parse(self, answer: Answer):
        self.last = answer
        content_type = answer.headers.get("Content-Type", "")
        if not content_type.startswith(MIME[self.fmt]):
            raise AssertionError(f"asked for {self.fmt}, got {content_type}: {answer.body[:200]!r}")
        if self.fmt == "json":
            value = json.loads(answer.body.decode("utf-8"))
        else:
            root = ET.fromstring(answer.body)  # noqa: S314 - the test server's own answer
            value = from_xml(root)
        if answer.status >= 300:
            raise Open311ClientError(answer.status, value, content_type)
        return value

    def _get(self, resource: str, params: dict | None = None):
        return self._parse(http("GET", self._url(resource, params), headers=self._headers()))

    def services(self) -> list[dict]:
        return self._get("services")

    def service_definition(self, service_code: str) -> dict:
        return self._get(f"services/{urllib.parse.quote(service_code, safe='')}")

    def create_request(self, service_code: str, *, attributes: dict | None = None,
                       media: list[tuple[str, bytes]] | None = None, key_in_query: bool = False,
                       **arguments) -> list[dict]:
        """POST a request: the spec's arguments, `attribute[code]=value` pairs, optional `media` files."""
        fields = [("service_code", service_code)]
        if self.jurisdiction_id:
            fields.append(("jurisdiction_id", self.jurisdiction_id))
        if self.api_key and not key_in_query:
            fields.append(("api_key", self.api_key))
        fields += [(name, str(value)) for name, value in arguments.items() if value is not None]
        fields += [(f"attribute[{code}]", str(value)) for code, value in (attributes or {}).items()]
        url = self._url("requests", {"api_key": self.api_key} if key_in_query and self.api_key else None)
        files = [("media", name, content) for name, content in media or []]
        return self._parse(http("POST", url, fields=fields, files=files, headers=self._headers()))

    def requests(self, **params) -> list[dict]:
        return self._get("requests", params)

    def request(self, service_request_id: str) -> dict:
        [found] = self._get(f"requests/{urllib.parse.quote(service_request_id, safe='')}")
        return found

    def token(self, token: str) -> list[dict]:
        return self._get(f"tokens/{urllib.parse.quote(token, safe='')}")


def required_inputs(definition: dict) -> list[str]:
    """The codes of the attributes a user must fill in before a request can be sent."""
    return [a["code"] for a in sorted(definition["attributes"], key=lambda a: a["order"])
            if a["variable"] and a["required"]]
