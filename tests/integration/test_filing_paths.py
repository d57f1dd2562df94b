"""Two filing paths, one result: the citizen's fast path (`intake.file_complaint`: plain INSERTs on SQLite,
`filing_sql`'s one statement on PostgreSQL, guarded or in the request's transaction) and the ORM path
(`intake.receive_complaint` + `notices.queue_receipt_notice`, used by staff registration and the API) write the
same rows for the same input.

Every table is read before and after each filing, so whatever either path writes is compared, and every column of
every written row is compared: the columns come from the table metadata, so a new column is compared without
touching this test. Only what must differ is set aside: primary keys, the receipt number's sequence (and the
counter row that draws it), the filing's own complaint id in its children, the per-filing idempotency token, and
the randomly salted or named values (lookup password hash, stored file name), whose shape is checked instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import String, select

from app.demo import seed_demo
from civil_complaints.attachments import Upload
from civil_complaints.catalog import current_catalog
from civil_complaints.complaint_models import Attachment, Complaint, ComplaintEvent, ComplaintType, ReceiptCounter
from civil_complaints.intake import services as intake
from civil_complaints.intake.notices import queue_receipt_notice
from civil_complaints.intake.services import IntakeData, file_complaint, receive_complaint
from civil_complaints.lookup_secrets import check_lookup_password
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from tests.complaint_helpers import PNG

NOW = datetime(2026, 11, 24, 1, 30, 5, 123456, tzinfo=UTC)  # Tuesday 10:30 KST, with microseconds
PASSWORD = "abcd1234"
#: written by both paths but different by nature: the receipt number's sequence
SEQUENCE_TABLES = {ReceiptCounter.__tablename__}
#: randomly salted or named per filing: compared by shape (`_check_salted`), not by value
SALTED = {(Complaint.__tablename__, "lookup_password_hash"), (Attachment.__tablename__, "stored_name")}
COMPLAINTS, ATTACHMENTS, EVENTS = Complaint.__tablename__, Attachment.__tablename__, ComplaintEvent.__tablename__
OUTBOX = OutboxMessage.__tablename__


@dataclass
class Case:
    code: str
    channel: str
    language: str
    guarded: bool
    intake: dict
    uploads: list[tuple[str, bytes]] = field(default_factory=list)

    def data(self, filing_token: str | None) -> IntakeData:
        uploads = [Upload(name, content) for name, content in self.uploads]
        return IntakeData(**self.intake, uploads=uploads, filing_token=filing_token)


CASES = {
    # everything the form can carry: contact, notice by e-mail, location, postal address, lookup password,
    # co-signers (다수인), attachments, the idempotency token; untrimmed text
    "everything": Case("ROAD-DAMAGE", "web", "ko", True, dict(
        title="  도로가 파였어요 ", content=" 한빛대로 12 앞 도로가 크게 파였습니다.\n", name=" 홍길동 ",
        phone="010-1234-5678", email="hong@example.kr", notify_channel="email",
        address="경기도 한빛시 한빛대로 12 (12345)",
        latitude=37.123456, longitude=127.654321, address_id="ADDR-1", postal_code=" 12345 ",
        postal_address=" 한빛시 시청로 1 ", lookup_password=PASSWORD, consent=True,
        co_signers=[" 김철수", "이영희 ", "박민수", "최지우"]),
        uploads=[("사진.png", PNG), ("두 번째 사진.png", PNG + b"\x01")]),
    # Open311, notice by text message, an hour-based period (즉시: the notice states an instant), guarded on
    # PostgreSQL (one autocommit statement)
    "open311-sms-hours": Case("STREETLIGHT", "open311", "en", True, dict(
        title="Light out", content="Dark all night", name="Kim", phone="010-9876-5432", notify_channel="sms")),
    # progress published online: no receipt notice at all (the statements without the outbox row)
    "no-notice": Case("PARKING-LAW", "web", "ko", True, dict(
        title="주차 질의", content="과태료 기준?", name="이영희", email="lee@example.kr", notify_channel="none",
        told_online=True, lookup_password=PASSWORD, consent=True)),
    # without a catalog token: on PostgreSQL the statement in the request's transaction
    "unguarded": Case("ROAD-OCCUPANCY", "web", "en", False, dict(
        title="점용 허가", content="신청합니다", name="박민수", email="park@example.kr", consent=True)),
}


def _snapshot() -> dict[str, dict[str, dict]]:
    db.session.commit()  # a fresh transaction: rows committed by other connections (counter, guarded filing) show
    return {table.name: {repr(tuple(row)): dict(row._mapping) for row in db.session.execute(select(table))}
            for table in db.metadata.sorted_tables}


def _written(before: dict, after: dict) -> dict[str, list[dict]]:
    """Rows added or changed, per table."""
    return {name: [row for key, row in rows.items() if key not in before[name]]
            for name, rows in after.items() if set(rows) - set(before[name])}


def _own_id(table: str, column, value, complaint_id: int):
    """A column naming a 민원 names this filing, or is an optional link left empty (a 재민원's follows_complaint_id)."""
    if value is None and column.nullable:
        return None
    assert value == complaint_id, f"{table}.{column.name} names another filing"
    return "<this complaint>"


def _normalised(written: dict[str, list[dict]], complaint_id: int, receipt_no: str, token: str | None) -> dict:
    """The rows with what must differ set aside: keys, this filing's complaint id, receipt number and token."""
    complaint_ids = Complaint.__table__.c.id
    result = {}
    for name, rows in written.items():
        if name in SEQUENCE_TABLES:
            continue
        table = db.metadata.tables[name]
        out = []
        for row in rows:
            values = {}
            for column in table.columns:
                value = row[column.name]
                if column.primary_key and not column.foreign_keys:
                    assert value is not None, f"{name}.{column.name}"
                    continue
                if any(fk.column is complaint_ids for fk in column.foreign_keys):
                    value = _own_id(name, column, value, complaint_id)
                elif (name, column.name) in SALTED:
                    value = "<salted>" if value else value
                elif isinstance(column.type, String) and isinstance(value, str):
                    value = value.replace(receipt_no, "<receipt no>")
                    if token:
                        value = value.replace(token, "<filing token>")
                values[column.name] = value
            out.append(values)
        result[name] = sorted(out, key=repr)
    return result


def _differences(fast: dict, orm: dict) -> list[str]:
    found = [f"table {name}: written by {'the fast path' if name in fast else 'the ORM path'} only"
             for name in sorted(set(fast) ^ set(orm))]
    for name in sorted(set(fast) & set(orm)):
        if len(fast[name]) != len(orm[name]):
            found.append(f"{name}: {len(fast[name])} rows (fast) vs {len(orm[name])} (ORM)")
            continue
        for index, (a, b) in enumerate(zip(fast[name], orm[name], strict=True)):
            found += [f"{name}[{index}].{column}: fast {a[column]!r} != ORM {b[column]!r}"
                      for column in a if a[column] != b[column]]
    return found


def _check_salted(written: dict[str, list[dict]], upload_dir: Path, case: Case) -> None:
    complaint = written[COMPLAINTS][0]
    if case.intake.get("lookup_password"):
        assert check_lookup_password(complaint["lookup_password_hash"], PASSWORD)
        assert not check_lookup_password(complaint["lookup_password_hash"], PASSWORD + "x")
    else:
        assert complaint["lookup_password_hash"] is None
    stored = {row["original_name"]: row for row in written.get(ATTACHMENTS, [])}
    assert set(stored) == {name for name, _ in case.uploads}
    for name, content in case.uploads:
        row = stored[name]
        assert re.fullmatch(r"[0-9a-f]{40}", row["stored_name"])
        folder = row["uploaded_at"].astimezone(KST).strftime("%Y/%m")
        assert (upload_dir / folder / row["stored_name"]).read_bytes() == content


@dataclass
class Filing:
    complaint_id: int
    receipt_no: str
    token: str | None
    written: dict


def _file_fast(case: Case, upload_dir: Path) -> Filing:
    """As the web form and Open311 do (`public_views._file_web`, `open311_filing`): the cached catalog's type,
    calendar and agency code; its token guards the filing."""
    before = _snapshot()
    catalog = current_catalog()
    token = "fast-path-token"
    filed, _written_files = file_complaint(
        catalog.by_code(case.code), case.data(token), channel=case.channel, now=NOW,
        calendar=catalog.calendar(current_app.config["WORKING_BLOCKS"]), agency_code=catalog.agency_code,
        upload_dir=upload_dir, notice_language=case.language, guard_token=catalog.token if case.guarded else None)
    db.session.commit()
    return Filing(filed.id, filed.receipt_no, token, _written(before, _snapshot()))


def _file_orm(case: Case, upload_dir: Path) -> Filing:
    """As staff registration and the API do (`staff_views.register_complaint`, `api_v1.register_complaint`),
    with the same channel, received and arrived `NOW`, and no registering officer."""
    before = _snapshot()
    ctype = db.session.scalar(select(ComplaintType).where(ComplaintType.code == case.code))
    token = "orm-path-token"
    complaint, _written_files = receive_complaint(
        ctype, case.data(token), channel=case.channel, received_at=NOW, arrived_at=NOW,
        calendar=current_catalog().calendar(current_app.config["WORKING_BLOCKS"]),
        agency_code=current_catalog().agency_code, upload_dir=upload_dir, now=NOW)
    queue_receipt_notice(complaint, language=case.language, now=NOW)
    db.session.commit()
    return Filing(complaint.id, complaint.receipt_no, token, _written(before, _snapshot()))


@pytest.fixture
def seeded(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    return ctx


def _spy(monkeypatch, name: str, calls: list[str]) -> None:
    real = getattr(intake, name)

    def spy(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(intake, name, spy)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_fast_path_and_the_orm_path_write_the_same_rows(seeded, tmp_path, monkeypatch, case):
    calls: list[str] = []
    _spy(monkeypatch, "insert_filing", calls)
    _spy(monkeypatch, "insert_filing_guarded", calls)

    fast = _file_fast(case, tmp_path)

    postgres = db.engine.dialect.name == "postgresql"
    single_statement = case.guarded and not case.uploads and not case.intake.get("co_signers")
    expected = [] if not postgres else ["insert_filing_guarded"] if single_statement else ["insert_filing"]
    assert calls == expected, "the fast path variant this case is meant to exercise"
    orm = _file_orm(case, tmp_path)
    assert calls == expected, "the ORM path does not use filing_sql"

    assert fast.receipt_no != orm.receipt_no and fast.receipt_no[:-6] == orm.receipt_no[:-6], "one month's sequence"
    for filing in (fast, orm):
        assert set(filing.written) >= {COMPLAINTS, EVENTS}
        assert len(filing.written[COMPLAINTS]) == 1
        _check_salted(filing.written, tmp_path, case)
    notices = len(fast.written.get(OUTBOX, []))
    assert notices == (0 if case.intake.get("notify_channel") == "none" else 1)

    differences = _differences(_normalised(fast.written, fast.complaint_id, fast.receipt_no, fast.token),
                               _normalised(orm.written, orm.complaint_id, orm.receipt_no, orm.token))
    assert differences == []


def test_the_comparison_sees_every_column(seeded, tmp_path):
    """The comparison is not vacuous: a column changed after the fact shows as a difference."""
    case = CASES["everything"]
    fast, orm = _file_fast(case, tmp_path), _file_orm(case, tmp_path)
    orm.written[COMPLAINTS][0]["zipcode"] = "99999"
    orm.written[ATTACHMENTS][0]["size"] += 1
    differences = _differences(_normalised(fast.written, fast.complaint_id, fast.receipt_no, fast.token),
                               _normalised(orm.written, orm.complaint_id, orm.receipt_no, orm.token))
    assert differences[0].startswith(f"{ATTACHMENTS}[") and ".size:" in differences[0]
    assert differences[1].startswith(f"{COMPLAINTS}[0].zipcode:")
    assert len(differences) == 2
