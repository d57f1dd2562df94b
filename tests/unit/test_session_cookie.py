"""The session cookie's serializer: plain sessions written as Flask would, anything else through Flask's tags."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from flask import Flask, session
from flask.json.tag import TaggedJSONSerializer
from markupsafe import Markup

from app.session_cookie import PlainFirstSerializer, SessionInterface, init_app, is_plain

PLAIN = [
    {},
    {"csrf_token": "9f86d081884c7d659a2feaa0c55ad015", "lang": "ko"},
    {"_fresh": True, "_id": "abc", "_user_id": "7", "complaints": ["HB-2611-000123", "HB-2611-000124"]},
    {"nested": {"depth": [1, 2, {"이름": "홍길동"}]}, "none": None, "zero": 0},
]
NOT_PLAIN = [
    {"when": datetime(2026, 11, 30, 4, 0, tzinfo=UTC)},
    {"pair": ("a", "b")},
    {"raw": b"\x00\x01"},
    {"markup": Markup("<b>굵게</b>")},
    {"id": uuid.UUID(int=7)},
    {"looks_tagged": {" t": ["a"]}},
    {"ratio": 0.5},
]


@pytest.fixture()
def app():
    app = Flask(__name__)
    app.secret_key = "test"
    return app


@pytest.mark.parametrize("value", PLAIN)
def test_a_plain_session_is_written_exactly_as_flask_would(app, value):
    assert is_plain(value)
    with app.app_context():
        ours = PlainFirstSerializer().dumps(value)
        assert ours == TaggedJSONSerializer().dumps(value)
        assert PlainFirstSerializer().loads(ours) == value


@pytest.mark.parametrize("value", NOT_PLAIN)
def test_anything_else_takes_flasks_tagged_path_and_reads_back(app, value):
    assert not is_plain(value)
    with app.app_context():
        ours = PlainFirstSerializer().dumps(value)
        assert ours == TaggedJSONSerializer().dumps(value)
        assert PlainFirstSerializer().loads(ours) == value


def test_a_non_string_key_is_not_plain():
    assert not is_plain({1: "an int key"}) and not is_plain({"a": {None: 1}})


def test_a_deeply_nested_value_is_not_walked_forever():
    value: list = []
    for _ in range(20):
        value = [value]
    assert not is_plain(value)


def test_the_app_uses_its_own_interface_and_the_cookie_round_trips(app):
    default = Flask.session_interface
    init_app(app)
    assert isinstance(app.session_interface, SessionInterface)
    assert Flask.session_interface is default and not isinstance(default, SessionInterface)

    @app.post("/remember")
    def remember():
        session["complaints"] = ["HB-2611-000001"]
        session["when"] = datetime(2026, 11, 30, tzinfo=UTC)  # not plain: the tagged path
        return ""

    @app.get("/recall")
    def recall():
        return {"complaints": session["complaints"], "when": session["when"].isoformat()}

    client = app.test_client()
    client.post("/remember")
    assert client.get("/recall").get_json() == {"complaints": ["HB-2611-000001"],
                                                "when": "2026-11-30T00:00:00+00:00"}
