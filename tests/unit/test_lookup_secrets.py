"""Lookup password hashing (keyed, salted, constant-time)."""

from flask import Flask

from civil_complaints.lookup_secrets import check_lookup_password, hash_lookup_password


def _app(secret: str) -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = secret
    return app


def test_round_trip_salt_and_pepper():
    with _app("k" * 40).app_context():
        first, second = hash_lookup_password("abcd1234"), hash_lookup_password("abcd1234")
        assert first != second and "abcd1234" not in first
        assert check_lookup_password(first, "abcd1234") and not check_lookup_password(first, "abcd1235")
        assert not check_lookup_password(None, "abcd1234") and not check_lookup_password("garbage", "x")
    with _app("other-server-key" * 3).app_context():
        assert not check_lookup_password(first, "abcd1234"), "without the server key the hash is useless"
