"""Site-wide behaviour: health check, headers, error pages, language switch."""

from __future__ import annotations

from tests.helpers import close_pools, parse, post_form, text_of


def test_home_page_is_korean(client):
    response = client.get("/")
    soup = parse(response)
    assert response.status_code == 200
    assert soup.html["lang"] == "ko"
    assert "한빛시" in soup.title.get_text()
    skip = soup.find("a", href="#main")
    assert skip is not None and soup.find(id="main") is not None


def test_healthz_reports_database(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] == "ok"
    assert body["engine"] == app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0].split("+")[0]


def test_healthz_reports_unreachable_database():
    from app import create_app

    broken = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                         "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}}, env_name="test")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_not_found_page_is_localized(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    soup = parse(response)
    assert "페이지를 찾을 수 없습니다" in text_of(soup, "h1")


def test_language_switch_to_english_and_back(client):
    response = post_form(client, "/language", {"lang": "en", "next": "/login"}, form_page="/")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    soup = parse(client.get("/login"))
    assert soup.html["lang"] == "en"
    assert text_of(soup, "h1") == "Staff login"
    post_form(client, "/language", {"lang": "ko", "next": "/"}, form_page="/")
    assert parse(client.get("/login")).html["lang"] == "ko"


def test_language_switch_ignores_unknown_language_and_foreign_next(client):
    response = post_form(client, "/language", {"lang": "xx", "next": "https://evil.example/"}, form_page="/")
    assert response.headers["Location"] == "/"
    assert parse(client.get("/")).html["lang"] == "ko"


def test_korean_first_whatever_the_browser_asks(client):
    soup = parse(client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}))
    assert soup.html["lang"] == "ko"
    switch = soup.find("button", attrs={"name": "lang", "value": "en"})
    assert switch is not None and switch.get_text(strip=True) == "English"


def test_privacy_page_states_retention(client, app):
    """D18: the retention period of the type, from 1 January after completion, then destruction once approved."""
    text = parse(client.get("/privacy")).get_text()
    assert "다음 해 1월 1일부터" in text and "시행령 제26조" in text and "승인을 거쳐" in text


def test_hsts_only_where_configured(app, client):
    from app import create_app

    assert "Strict-Transport-Security" not in client.get("/").headers
    with_hsts = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "HSTS": True},
                           env_name="test")
    headers = with_hsts.test_client().get("/healthz").headers
    close_pools(with_hsts)
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY" and headers.get_all("X-Frame-Options") == ["DENY"]



def test_every_405_says_which_methods_the_address_accepts(client, app):
    """For every route, a method it does not accept gets 405 with `Allow` listing those it does (RFC 9110)."""
    import re

    adapter = app.url_map.bind("localhost")

    def fill(match):
        converter = match["converter"] or ""
        return converter[4:].split(",")[0].strip() if converter.startswith("any(") else "1"

    for rule in app.url_map.iter_rules():
        url = re.sub(r"<(?:(?P<converter>[^<>:]+):)?\w+>", fill, rule.rule)
        response = client.open(url, method="PATCH")
        assert response.status_code == 405, url
        assert set(response.headers["Allow"].split(", ")) == set(adapter.allowed_methods(url)), url
        if not rule.rule.startswith(("/api/", "/open311/")):
            assert "허용되지 않는" in response.get_data(as_text=True), url


def test_a_change_of_language_inside_a_request_is_translated_in_the_new_language(app):
    """The catalog is kept per request and locale (core.i18n.RequestDomain): a notice in the recipient's language
    (force_locale), and a language chosen in the middle of a request (refresh), use their own catalog at once,
    in Python and in templates alike, and the request's own language afterwards."""
    from flask import render_template_string, session
    from flask_babel import force_locale, gettext, lazy_gettext, refresh

    with app.test_request_context("/"):
        assert gettext("Home") == "처음으로" == render_template_string("{{ _('Home') }}")
        with force_locale("en"):
            assert gettext("Home") == "Home" == str(lazy_gettext("Home")) == render_template_string("{{ _('Home') }}")
        assert gettext("Home") == "처음으로" == render_template_string("{{ _('Home') }}")
        session["lang"] = "en"
        refresh()
        assert gettext("Home") == "Home" == render_template_string("{{ _('Home') }}")
    with app.test_request_context("/"):  # a new request starts from its own choice again
        assert gettext("Home") == "처음으로"
