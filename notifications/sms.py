"""Text messages through a provider interface. Korean gateways count bytes: 90 for SMS, 2,000 for LMS."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from notifications.policy import LMS_MAX_BYTES, LMS_SUBJECT_MAX_BYTES, cut_to_bytes, sms_kind


class DeliveryError(Exception):
    """A message could not be delivered now; `permanent` errors are not retried."""

    def __init__(self, message: str, *, permanent: bool = False, connection: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        #: the server could not be reached: the remaining messages of the batch are not tried either
        self.connection = connection


class SmsProvider(Protocol):
    def send(self, to: str, text: str, *, subject: str | None = None) -> str:
        """Deliver one message; return the provider's message id. Raises DeliveryError."""


def normalise_number(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


class HttpSmsProvider:
    """A JSON-over-HTTPS gateway: POST {to, from, type: SMS|LMS, subject, text} → {"message_id": …}.

    The shape follows the common Korean bulk-SMS APIs; adapt `_body` to the contracted vendor.
    2xx is accepted; 429, 5xx and network errors are retried later; other 4xx are permanent.
    """

    def __init__(self, url: str, *, api_key: str = "", sender: str = "", timeout: float = 10.0) -> None:
        self.url, self.api_key, self.sender, self.timeout = url, api_key, sender, timeout

    def _body(self, to: str, text: str, subject: str | None) -> dict:
        kind = sms_kind(text)
        body = {"to": normalise_number(to), "from": normalise_number(self.sender), "type": kind,
                "text": cut_to_bytes(text, LMS_MAX_BYTES) if kind == "LMS" else text}
        if kind == "LMS" and subject:
            body["subject"] = cut_to_bytes(subject, LMS_SUBJECT_MAX_BYTES)
        return body

    def send(self, to: str, text: str, *, subject: str | None = None) -> str:
        data = json.dumps(self._body(to, text, subject), ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=data, method="POST", headers={  # noqa: S310 - configured URL
            "Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {self.api_key}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            permanent = 400 <= error.code < 500 and error.code != 429
            raise DeliveryError(f"SMS gateway answered HTTP {error.code}", permanent=permanent) from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise DeliveryError(f"SMS gateway unreachable: {error}", connection=True) from error
        except ValueError as error:
            raise DeliveryError("SMS gateway answered with something that is not JSON") from error
        return str(answer.get("message_id", ""))
