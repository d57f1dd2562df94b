"""Public pages of the 고객헌장: the current charter, its PDF, and every published version.

Pages and PDFs come from the snapshot and bytes stored at publication, never from live tables.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import select

from charters import labels
from charters.domain.content import Section
from charters.domain.lifecycle import PUBLIC
from charters.domain.measure import Verdict
from charters.domain.snapshot import CharterSnapshot
from charters.models import Charter
from charters.richtext import sanitize_html
from charters.services import current_charter
from core.clock import KST, now_utc
from core.extensions import db


def charter_html(html: str) -> Markup:
    """Sanitized section HTML, safe to insert (sanitized on save, and here again on every render)."""
    return Markup(sanitize_html(html or ""))  # noqa: S704 - nh3 allow-list output


def charter_template_helpers() -> dict:
    return {
        "charter_section_titles": labels.SECTION_TITLES,
        "charter_group_titles": labels.GROUP_TITLES,
        "charter_channel_labels": labels.CHANNEL_LABELS,
        "charter_status_labels": labels.STATUS_LABELS,
        "charter_verdict_labels": labels.VERDICT_LABELS,
        "charter_measure_text": labels.measure_text,
        "charter_amount_text": labels.amount_text,
        "charter_percent": labels.percent,
        "charter_duration": labels.duration,
        "charter_period_text": labels.period_text,
        "charter_sections": [s.value for s in Section],
        "verdicts": Verdict,
        "charter_section_hints": labels.SECTION_HINTS,
        "charter_row_names": labels.ROW_NAMES,
        "charter_short_period": labels.short_period,
        "charter_legal_basis": labels.legal_basis,
        "charter_lang": labels.DOCUMENT_LANG,
    }


def published_versions() -> list[Charter]:
    return list(db.session.scalars(select(Charter).where(Charter.status.in_([s.value for s in PUBLIC]))
                                   .order_by(Charter.version_no.desc())))


def _published(version_no: int) -> Charter:
    charter = db.session.scalar(select(Charter).where(Charter.version_no == version_no,
                                                      Charter.status.in_([s.value for s in PUBLIC])))
    if charter is None:
        abort(404)
    return charter


def pdf_response(charter: Charter) -> Response:
    """Exactly the bytes stored at publication, with their SHA-256 as the ETag."""
    disposition = f"inline; filename=\"charter-v{charter.version_no}.pdf\""
    if str(get_locale()) == "ko":  # the file is named in the page's language
        korean = f"{current_app.config['AGENCY_NAME']}-고객헌장-제{charter.version_no}판.pdf"
        disposition += f"; filename*=UTF-8''{quote(korean)}"
    response = Response(charter.pdf_bytes, mimetype="application/pdf")
    response.headers["Content-Disposition"] = disposition
    response.set_etag(charter.pdf_sha256)
    response.headers["Cache-Control"] = "public, max-age=300"
    response.vary.add("Cookie")  # the file's name follows the language chosen in the session
    return response.make_conditional(request)


def _summary(snapshot: CharterSnapshot):
    """The last full quarter's results of the current charter's measurable standards (public summary)."""
    from charters.domain.measure import last_full_quarter
    from charters.performance import build_report
    from working_calendar.cache import load_calendar

    now = now_utc()
    first, last = last_full_quarter(now.astimezone(KST).date())
    return build_report(snapshot, first, last, now=now, calendar=load_calendar(), with_types=False)


def public_charter():
    charter = current_charter()
    if charter is None:
        return render_template("charters/public.html", charter=None, record=None, summary=None)
    snapshot = CharterSnapshot.from_json(charter.snapshot_json)
    return render_template("charters/public.html", charter=snapshot, record=charter, summary=_summary(snapshot))


def current_pdf():
    charter = current_charter()
    if charter is None:
        abort(404)
    return pdf_response(charter)


def versions():
    return render_template("charters/versions.html", versions=published_versions(), current=current_charter())


def version(version_no: int):
    charter = _published(version_no)
    return render_template("charters/public.html", charter=CharterSnapshot.from_json(charter.snapshot_json),
                           record=charter, summary=None)


def version_pdf(version_no: int):
    return pdf_response(_published(version_no))
