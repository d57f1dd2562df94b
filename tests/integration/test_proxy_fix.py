"""The client address behind a trusted reverse proxy."""

from __future__ import annotations

from app import create_app
from tests.helpers import close_pools


def test_the_client_address_behind_a_trusted_proxy(database_url):
    seen = []
    for hops in (0, 1):
        application = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PROXY_FIX_HOPS": hops}, env_name="test")

        @application.get("/whoami-test")
        def whoami():
            from flask import request

            seen.append(request.remote_addr)
            return "ok"
        application.test_client().get("/whoami-test", headers={"X-Forwarded-For": "203.0.113.9"},
                                      environ_base={"REMOTE_ADDR": "10.0.0.2"})
        close_pools(application)
    assert seen == ["10.0.0.2", "203.0.113.9"]
