"""Publication of a 고객헌장 version: snapshot → Korean A4 PDF (tagged, fonts embedded) → stored bytes + SHA-256.

The snapshot is plain data (charters.domain.snapshot); templates never see ORM objects. The PDF is
rendered once, at publication, and the stored bytes are what every later download serves.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from charters.domain.content import ALL_SECTIONS
from charters.domain.lifecycle import CharterRuleError, CharterStatus, check_transition
from charters.domain.snapshot import ChannelEntry, CharterSnapshot, CompensationEntry, SectionText, StandardEntry
from charters.models import Charter
from charters.richtext import sanitize_html
from charters.services import current_charter, next_version_no
from core.clock import KST
from core.extensions import db
from core.pdf import render_pdf
from organization.domain.roles import Permission
from organization.models import User
from organization.services import require_permission

_RENDERED: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_RENDER_CACHE_SIZE = 4


def _approver(user: User | None) -> str | None:
    if user is None:
        return None
    department = user.department.name_ko if user.department else ""
    return f"{department} {user.display_name}".strip()


def build_snapshot(charter: Charter, *, agency_name: str, version_no: int | None,
                   published_on=None) -> CharterSnapshot:
    """The plain-data snapshot of a version as it would be (or was) published."""
    sections = tuple(SectionText(section.value, sanitize_html(charter.html(section.value)))
                     for section in ALL_SECTIONS if charter.html(section.value))
    standards = tuple(
        StandardEntry(group=s.service_group, service=s.service, promise=s.promise, measure=s.measure,
                      complaint_type_code=s.complaint_type.code if s.complaint_type else None,
                      complaint_type_name=s.complaint_type.name_ko if s.complaint_type else None,
                      type_period=s.complaint_type.period_spec if s.complaint_type else None,
                      promise_spec=s.promise_spec, target_percent=s.target_percent)
        for s in charter.standards)
    compensations = tuple(CompensationEntry(condition=c.condition, amount_won=c.amount_won, form=c.form,
                                            basis=c.basis) for c in charter.compensations)
    channels = tuple(ChannelEntry(kind=c.kind, name=c.name, value=c.value, hours=c.hours) for c in charter.channels)
    return CharterSnapshot(
        agency_name=agency_name, title=charter.title, version_no=version_no, sections=sections,
        standards=standards, compensations=compensations, channels=channels,
        approved_on=charter.approved_at.astimezone(KST).date() if charter.approved_at else None,
        approver=_approver(charter.approved_by), published_on=published_on,
        agency_address=current_app.config["AGENCY_ADDRESS"], agency_kind=current_app.config["AGENCY_KIND"])


def render_charter_html(snapshot: CharterSnapshot, *, preview: bool = False) -> str:
    """The charter as a complete HTML document for WeasyPrint, always in Korean (an official document)."""
    with force_locale("ko"):
        return render_template("charters/pdf/charter.html", charter=snapshot, preview=preview, lang="ko")


def render_charter_pdf(snapshot: CharterSnapshot, *, created_at: datetime | None, preview: bool = False) -> bytes:
    """PDF bytes of a snapshot; identical input gives identical bytes (kept briefly to spare re-renders)."""
    html = render_charter_html(snapshot, preview=preview)
    if created_at is not None:  # the same instant read back from the database (UTC) gives the same bytes
        created_at = created_at.astimezone(KST)
    key = (hashlib.sha256(html.encode()).hexdigest(), created_at.isoformat() if created_at else "")
    if key in _RENDERED:
        _RENDERED.move_to_end(key)
        return _RENDERED[key]
    title = f"{snapshot.title} 제{snapshot.version_no}판" if snapshot.version_no else snapshot.title
    pdf = render_pdf(html, title=title, lang="ko", created_at=created_at)
    _RENDERED[key] = pdf
    while len(_RENDERED) > _RENDER_CACHE_SIZE:
        _RENDERED.popitem(last=False)
    return pdf


def publish_charter(charter: Charter, *, actor: User, now: datetime, agency_name: str) -> Charter:
    """공표: number the approved version, render and store its PDF and hash, supersede the current one."""
    require_permission(actor, Permission.CHARTER_APPROVE)
    check_transition(charter.status, CharterStatus.PUBLISHED)
    previous = current_charter()
    version_no = next_version_no()
    snapshot = build_snapshot(charter, agency_name=agency_name, version_no=version_no,
                              published_on=now.astimezone(KST).date())
    pdf = render_charter_pdf(snapshot, created_at=now)
    try:
        with db.session.begin_nested():
            if previous is not None:
                previous.status, previous.slot, previous.superseded_at = CharterStatus.SUPERSEDED.value, None, now
                db.session.flush()  # free the "current" slot before taking it
            charter.status, charter.slot, charter.version_no = CharterStatus.PUBLISHED.value, "current", version_no
            charter.published_at, charter.published_by_id = now, actor.id
            charter.snapshot_json = snapshot.to_json()
            charter.pdf_bytes, charter.pdf_sha256, charter.pdf_size = pdf, hashlib.sha256(pdf).hexdigest(), len(pdf)
            db.session.flush()
    except IntegrityError:  # someone published at the same moment
        raise CharterRuleError("publish_conflict") from None
    return charter
