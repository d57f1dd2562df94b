"""E-mail over SMTP (smtplib): Korean headers done right, STARTTLS or implicit TLS, login when configured."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from core.clock import KST
from notifications.sms import DeliveryError


def message_id(idempotency_key: str, sender: str) -> str:
    """A Message-ID derived from the outbox key: a retried delivery carries the same id (mail clients dedupe)."""
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]}@{domain}>"


def build_email(*, key: str, to: str, subject: str, body: str, sender: str, sender_name: str,
                now: datetime, attachment=None, list_unsubscribe: str | None = None) -> EmailMessage:
    """A text/plain UTF-8 message; the Korean subject and sender name are RFC 2047 encoded by the policy.

    `list_unsubscribe` (an https/http address that ends a subscription on a POST): the List-Unsubscribe header
    (RFC 2369) and List-Unsubscribe-Post (RFC 8058), so a mail client offers one-click unsubscribing."""
    message = EmailMessage()
    local, _, domain = sender.partition("@")
    message["From"] = Address(display_name=sender_name, username=local, domain=domain)
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now.astimezone(KST))
    message["Message-ID"] = message_id(key, sender)
    message["Auto-Submitted"] = "auto-generated"
    if list_unsubscribe:
        message["List-Unsubscribe"] = f"<{list_unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body, charset="utf-8")
    if attachment is not None:  # notifications.registry.Attachment; the Korean file name is RFC 2231 encoded
        maintype, _, subtype = attachment.content_type.partition(";")[0].partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return message


class SmtpTransport:
    """One SMTP session for a batch of messages; opened on first use, closed by `close()`."""

    def __init__(self, config: dict) -> None:
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def _tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.config.get("MAIL_TLS_CA_FILE") or None)

    def _open(self) -> smtplib.SMTP:
        c = self.config
        smtp = None
        try:
            if c.get("MAIL_USE_SSL"):
                smtp = smtplib.SMTP_SSL(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"],
                                        context=self._tls_context())
            else:
                smtp = smtplib.SMTP(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"])
                if c.get("MAIL_USE_TLS"):
                    smtp.starttls(context=self._tls_context())
            if c.get("MAIL_USERNAME"):
                smtp.login(c["MAIL_USERNAME"], c.get("MAIL_PASSWORD") or "")
        except smtplib.SMTPAuthenticationError as error:
            smtp.close()
            raise DeliveryError(f"SMTP login refused: {error.smtp_code}", connection=True) from error
        except (smtplib.SMTPException, OSError) as error:
            if smtp is not None:
                smtp.close()
            raise DeliveryError(f"SMTP server unreachable: {error!r}", connection=True) from error
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Returns once the server accepted the message for every recipient; raises DeliveryError otherwise."""
        if self.smtp is None:
            self.smtp = self._open()
        try:
            refused = self.smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise DeliveryError(f"recipient refused: {codes}", permanent=all(c >= 500 for c in codes)) from error
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise DeliveryError(f"SMTP {error.smtp_code}: {error.smtp_error!r}",
                                permanent=error.smtp_code >= 500) from error
        except (smtplib.SMTPException, OSError) as error:
            self.smtp.close()
            self.smtp = None
            raise DeliveryError(f"SMTP connection lost: {error!r}", connection=True) from error
        if refused:
            raise DeliveryError(f"recipient refused: {refused}", permanent=True)

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None
