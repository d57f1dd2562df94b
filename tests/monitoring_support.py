"""Real parts for the monitoring tests: an SMTP sink (aiosmtpd), a TLS certificate, 민원 at chosen times."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.intake.services import STAFF_CHANNELS, IntakeData, receive_complaint
from core.extensions import db
from tests.workflow_helpers import file_as_web
from working_calendar.cache import load_calendar


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Sink:
    """Collects what the SMTP server accepted. `crash_on` (1-based) drops the connection on that DATA."""

    envelopes: list = field(default_factory=list)
    crash_on: int | None = None
    seen: int = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.seen += 1
        if self.crash_on is not None and self.seen == self.crash_on:
            server.transport.abort()  # the server dies before it answers: the message was not accepted
            return "421 gone"
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]


class Authenticator:
    def __init__(self, login: str, password: str) -> None:
        self.login, self.password = login.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (self.login,
                                                                                               self.password):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)  # handled=True would leave the client waiting


def start_sink(sink: Sink, port: int, **options) -> Controller:
    controller = Controller(sink, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the client trusts it through MAIL_TLS_CA_FILE)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    return cert, key


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def file_complaint_at(code: str, received_at: datetime, *, now: datetime, upload_dir: Path, arrived_at=None,
                      channel: str = "web", language: str = "ko", **intake) -> Complaint:
    """A 민원 received at `received_at` through the real intake (deadline computed by the clock), not committed.

    A citizen's own filing (an online channel, received the moment it arrived, `now`) goes the web form's way:
    `file_as_web` (`file_complaint`, its receipt notice queued in `language`). A 민원 an officer registers (a
    channel of `STAFF_CHANNELS`, arrived before it was received, or received at another time than `now`) goes
    through `receive_complaint`, as staff registration does: only it takes those times (no notice queued)."""
    data = {"title": "한빛대로 12 앞 도로 파임", "content": "보수해 주세요.", "name": "홍길동",
            "email": "hong@example.kr", "consent": True, **intake}
    if channel not in STAFF_CHANNELS and arrived_at in (None, received_at) and now == received_at:
        return file_as_web(code, IntakeData(**data), at=received_at, upload_dir=upload_dir, channel=channel,
                           language=language)
    ctype = db.session.query(ComplaintType).filter_by(code=code).one()
    complaint, _ = receive_complaint(ctype, IntakeData(**data), channel=channel, received_at=received_at,
                                     arrived_at=arrived_at or received_at, calendar=load_calendar(),
                                     agency_code="HB", upload_dir=upload_dir, now=now)
    return complaint
