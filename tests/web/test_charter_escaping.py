"""User text in a charter cannot add markup to the staff or public pages."""

from __future__ import annotations

from charters.models import Charter
from core.extensions import db
from tests.helpers import csrf_token_from, login, parse, post_form
from tests.web.test_charter_pages import _edit_form

ATTACK = '<img src="http://198.51.100.9/x.png" onerror="alert(1)">'


def test_typed_markup_is_shown_as_text_on_every_page(demo):
    client = demo.test_client()
    login(client, "admin")
    post_form(client, "/staff/charters/new", {"title": "한빛시 고객헌장", "copy_from": "1"})
    with demo.app_context():
        draft_id = db.session.query(Charter.id).filter_by(status="draft").scalar()
    data = _edit_form(client, draft_id)
    data.update({"title": f"헌장 {ATTACK}", "mission": f"임무 {ATTACK}\n\n<script>alert(2)</script>",
                 "standards-0-service": ATTACK, "compensations-0-reward": ATTACK, "channels-0-value": ATTACK,
                 "action": "save"})
    assert client.post(f"/staff/charters/{draft_id}/edit", data=data).status_code == 303
    token = csrf_token_from(client.get(f"/staff/charters/{draft_id}"))
    client.post(f"/staff/charters/{draft_id}/approve", data={"csrf_token": token})
    client.post(f"/staff/charters/{draft_id}/publish", data={"csrf_token": token})
    for url in (f"/staff/charters/{draft_id}", "/charter", "/charter/versions", "/staff/charters"):
        page = parse(client.get(url))
        assert page.select("main img, main script") == [], url
        assert not page.select("[onerror]"), url
        assert ATTACK in page.get_text(), url
