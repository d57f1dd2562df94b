"""The browser of the tests reaches only the local server: a name or an address elsewhere fails at once (the dead
proxy of CHROMIUM_FLAGS), while loopback is served directly."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url", ["http://example.org/", "https://www.go.kr/", "http://192.0.2.1/"])
def test_another_host_is_never_reached(browser, live_server, url):
    context = browser.new_context()
    try:
        page = context.new_page()
        assert page.goto(live_server.url("/")).status == 200  # loopback: served
        with pytest.raises(Error, match="ERR_PROXY_CONNECTION_FAILED|ERR_TUNNEL_CONNECTION_FAILED"):
            page.goto(url, timeout=10_000)
    finally:
        context.close()
