"""고객헌장 services on SQLite and PostgreSQL: the life cycle, permissions, and versions that never change."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from charters.demo_content import demo_draft_data
from charters.domain.lifecycle import CharterRuleError
from charters.models import Charter, CharterLocked
from charters.publication import publish_charter
from charters.services import (
    approve_charter,
    create_draft,
    current_charter,
    discard_draft,
    save_draft,
    working_charter,
)
from civil_complaints.complaint_models import ComplaintType
from core.extensions import db
from organization.errors import PermissionDenied
from tests.charter_helpers import user

NOW = datetime(2026, 11, 30, 1, tzinfo=UTC)


def _type_ids() -> dict[str, int]:
    return {code: type_id for code, type_id in db.session.execute(select(ComplaintType.code, ComplaintType.id))}


@pytest.fixture
def demo_ctx(demo):
    with demo.app_context():
        yield demo
        db.session.remove()


def test_demo_seed_publishes_one_complete_charter_and_is_idempotent(demo_ctx):
    from app.demo import seed_demo

    charter = current_charter()
    assert charter.status == "published" and charter.version_no == 1
    assert len(charter.standards) == 14 and len(charter.compensations) == 4 and len(charter.channels) == 6
    assert charter.pdf_sha256 == hashlib.sha256(charter.pdf_bytes).hexdigest()
    assert charter.approved_by.login_id == "head"
    assert "charters" not in seed_demo(now=NOW)
    assert db.session.query(Charter).count() == 1


def test_revision_is_drafted_approved_and_published_superseding_the_current_version(demo_ctx):
    first = current_charter()
    first_bytes, first_hash = first.pdf_bytes, first.pdf_sha256
    draft = create_draft(actor=user("admin"), now=NOW, title="한빛시 고객헌장", copy_from=first)
    assert draft.based_on_id == first.id and len(draft.standards) == 14 and draft.version_no is None
    data = demo_draft_data(_type_ids())
    data.standards[0].promise = "도로 파손 신고는 접수 후 2일 이내에 보수에 착수합니다."
    save_draft(draft, data, actor=user("admin"), now=NOW)
    with pytest.raises(PermissionDenied):
        approve_charter(draft, actor=user("officer"), now=NOW)
    with pytest.raises(PermissionDenied):
        approve_charter(draft, actor=user("auditor"), now=NOW)
    approve_charter(draft, actor=user("head"), now=NOW + timedelta(hours=1))
    publish_charter(draft, actor=user("admin"), now=NOW + timedelta(hours=2), agency_name="한빛시")
    db.session.commit()

    assert current_charter().id == draft.id and draft.version_no == 2
    db.session.refresh(first)
    assert first.status == "superseded" and first.slot is None and first.superseded_at is not None
    assert (first.pdf_bytes, first.pdf_sha256) == (first_bytes, first_hash)  # the old PDF is kept as it was
    assert draft.pdf_sha256 != first_hash and working_charter() is None


def test_only_one_version_is_prepared_at_a_time(demo_ctx):
    create_draft(actor=user("admin"), now=NOW, title="초안")
    with pytest.raises(CharterRuleError) as refused:
        create_draft(actor=user("head"), now=NOW, title="또 다른 초안")
    assert refused.value.code == "working_version_exists"


def test_approval_refuses_an_incomplete_draft_and_names_what_is_missing(demo_ctx):
    draft = create_draft(actor=user("admin"), now=NOW, title="빈 초안")
    with pytest.raises(CharterRuleError) as refused:
        approve_charter(draft, actor=user("head"), now=NOW)
    assert refused.value.code == "incomplete"
    assert "missing_section:mission" in refused.value.params["problems"]
    assert {"no_standards", "no_compensation", "no_channel"} <= set(refused.value.params["problems"])
    assert draft.status == "draft"


def test_rule_problems_refuse_the_whole_save(demo_ctx):
    draft = create_draft(actor=user("admin"), now=NOW, title="초안")
    db.session.commit()
    data = demo_draft_data(_type_ids())
    data.standards[3].promise_spec = "10d"  # 제도·절차 질의: 7일 by law
    with pytest.raises(CharterRuleError) as refused:
        save_draft(draft, data, actor=user("admin"), now=NOW)
    assert (refused.value.code, refused.value.field, refused.value.index) == ("promise_longer_than_law",
                                                                              "promise_spec", 3)
    db.session.rollback()
    assert working_charter().standards == []


def test_a_stale_form_cannot_overwrite_a_newer_save(demo_ctx):
    draft = create_draft(actor=user("admin"), now=NOW, title="초안")
    opened_at = draft.row_version
    save_draft(draft, demo_draft_data(_type_ids()), actor=user("head"), now=NOW)
    with pytest.raises(CharterRuleError) as refused:
        save_draft(draft, demo_draft_data(_type_ids()), actor=user("admin"), now=NOW, expected_row_version=opened_at)
    assert refused.value.code == "stale_draft"


def test_auditors_and_officers_cannot_draft(demo_ctx):
    for login_id in ("auditor", "officer"):
        with pytest.raises(PermissionDenied):
            create_draft(actor=user(login_id), now=NOW, title="초안")


def test_approved_and_published_versions_are_refused_by_the_services(demo_ctx):
    published = current_charter()
    with pytest.raises(CharterRuleError) as refused:
        save_draft(published, demo_draft_data(_type_ids()), actor=user("admin"), now=NOW)
    assert refused.value.code == "not_a_draft"
    with pytest.raises(CharterRuleError):
        discard_draft(published, actor=user("admin"))
    with pytest.raises(CharterRuleError):
        approve_charter(published, actor=user("head"), now=NOW)
    draft = create_draft(actor=user("admin"), now=NOW, title="초안", copy_from=published)
    approve_charter(draft, actor=user("head"), now=NOW)
    with pytest.raises(CharterRuleError):
        save_draft(draft, demo_draft_data(_type_ids()), actor=user("admin"), now=NOW)


@pytest.mark.parametrize("change", ["title", "section", "standard", "new_row", "delete_row", "pdf", "hash", "delete"])
def test_the_database_layer_refuses_any_change_to_a_published_version(demo_ctx, change):
    charter = current_charter()
    if change == "title":
        charter.title = "바뀐 제목"
    elif change == "section":
        charter.mission_html = "<p>다른 임무</p>"
    elif change == "standard":
        charter.standards[0].promise = "다른 약속"
    elif change == "new_row":
        from charters.models import CharterChannel

        db.session.add(CharterChannel(charter_id=charter.id, position=9, kind="phone", name="x", value="1"))
    elif change == "delete_row":
        db.session.delete(charter.compensations[0])
    elif change == "pdf":
        charter.pdf_bytes = b"%PDF-1.7 forged"
    elif change == "hash":
        charter.pdf_sha256 = "0" * 64
    else:
        db.session.delete(charter)
    with pytest.raises(CharterLocked):
        db.session.flush()
    db.session.rollback()


def test_an_approved_versions_content_is_locked_in_the_database_layer_too(demo_ctx):
    draft = create_draft(actor=user("admin"), now=NOW, title="초안", copy_from=current_charter())
    approve_charter(draft, actor=user("head"), now=NOW)
    db.session.commit()
    draft.remedy_source = "바뀐 내용"
    with pytest.raises(CharterLocked):
        db.session.flush()
    db.session.rollback()


def test_a_draft_can_be_discarded_with_its_rows(demo_ctx):
    draft = create_draft(actor=user("admin"), now=NOW, title="초안", copy_from=current_charter())
    db.session.commit()
    discard_draft(draft, actor=user("admin"))
    db.session.commit()
    assert working_charter() is None
    assert db.session.query(Charter).count() == 1
