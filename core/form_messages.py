"""WTForms' own validation messages, in our catalog.

Flask-WTF translates WTForms' built-in messages ("Field cannot be longer than 200 characters.") with WTForms'
Korean catalog, which writes "200자 보다 많을 수 없습니다": 보다 is a particle and is written attached to the
word before it ("200자보다"). The messages a form of this app can show are listed here, so that Babel extracts
them into our catalog and they read like the rest of the app; the others still come from WTForms' catalog.
"""

from __future__ import annotations

from babel import support
from flask import Flask, request
from flask_babel import get_locale, get_translations
from wtforms.i18n import messages_path


def N_(message: str) -> str:  # noqa: N802 - Babel's marker for a message extracted, not translated, here
    return message


#: the messages of WTForms' validators and fields that our forms can show, as WTForms writes them (the singular
#: form of a plural message: Korean has one form, English keeps WTForms' own)
OURS = frozenset({
    N_("Field cannot be longer than %(max)d character."),
    N_("Field must be at least %(min)d character long."),
    N_("Field must be exactly %(max)d character long."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("This field is required."),
    N_("Invalid input."),
    N_("Invalid email address."),
    N_("Not a valid choice."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid datetime value."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Invalid Choice: could not coerce."),
})


class FormTranslations:
    """What Flask-WTF asks for WTForms' messages: ours where we have one, else WTForms' catalog."""

    def __init__(self) -> None:
        self._wtforms: support.Translations | None = None

    def _fallback(self):
        if self._wtforms is None:  # loaded when a form first needs a message, like Flask-WTF does
            self._wtforms = support.Translations.load(messages_path(), [get_locale()], domain="wtforms")
        return self._wtforms

    def _ours(self, message: str) -> str | None:
        if message not in OURS:
            return None
        translated = get_translations().ugettext(message)
        return translated if translated != message else None

    def ugettext(self, message: str) -> str:
        return self._ours(message) or self._fallback().ugettext(message)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return self._ours(singular) or self._fallback().ungettext(singular, plural, n)

    gettext, ngettext = ugettext, ungettext


def init_app(app: Flask) -> None:
    @app.before_request
    def use_our_form_messages() -> None:
        # Flask-WTF (flask_wtf.i18n) takes the translations it finds on the request before loading WTForms' own
        request.wtforms_translations = FormTranslations()
