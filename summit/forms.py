"""The base form and its one rule for text: every form of Summit inherits it.

Text that reaches a mail header, a calendar line or an XML feed must not carry characters
that break them, and PostgreSQL refuses NUL outright. So, for every text input
(``StringField`` and its subclasses: text areas, e-mail, URL, hidden fields):

- surrounding white space is stripped (passwords are kept as typed);
- line breaks are normalised: in a single-line field CR, LF, tab, NEL and U+2028/U+2029
  become a space (pasting a title is enough to bring one); in a text area CR LF, CR, NEL
  and U+2028/U+2029 become LF;
- what remains invisible and harmful is refused with a message naming it: NUL and the
  other C0/C1 control characters (tab and LF only in text areas), lone surrogates, the
  XML non-characters U+FFFE/U+FFFF, and in single-line fields the bidi embeddings,
  overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can reorder a name;
- a URL field accepts only ``https://`` and ``http://`` addresses;
- a date or date-time field accepts years 2000 to 2100 only (year 9999 broke every
  feed, year 1 the calendars).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask import flash
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeField
from wtforms import Field
from wtforms import PasswordField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import URLField
from wtforms.validators import StopValidation
from wtforms.validators import ValidationError

from summit.domain import DomainError

_SINGLE_LINE_BREAKS = re.compile("\r\n|[\r\n\t\x85\u2028\u2029]")
_MULTI_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _one_line(value: Any) -> Any:
    return _SINGLE_LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


def _lines(value: Any) -> Any:
    return _MULTI_LINE_BREAKS.sub("\n", value) if isinstance(value, str) else value


def forbidden_character(value: str, *, multi_line: bool) -> str | None:
    """The first character of ``value`` that text fields refuse, or None."""
    for char in value:
        if multi_line and char in "\t\n":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in "\ufffe\uffff":
            return char
        if not multi_line and char in _BIDI_CONTROLS:
            return char
    return None


def control_character_message(char: str) -> Any:
    """What to do about ``char``, a character text fields refuse (forms and services)."""
    return _l(
        "This text contains an invisible control character (U+%(code)s) that cannot be saved. Delete it, or type the text again instead of pasting it.",
        code=f"{ord(char):04X}",
    )


def _safe_text(form: Any, field: Field) -> None:
    value = field.data
    if not isinstance(value, str):
        return
    char = forbidden_character(value, multi_line=isinstance(field, TextAreaField))
    if char is not None:
        # Stop the chain: later checks (a slug's uniqueness) must not query with it.
        raise StopValidation(control_character_message(char))


def _web_address(form: Any, field: Field) -> None:
    value = field.data
    if isinstance(value, str) and value and not value.lower().startswith(("https://", "http://")):
        raise ValidationError(_l("Enter a web address starting with https:// or http://."))


def query_text(name: str, max_length: int = 200) -> str:
    """A query-string filter as text: cut to ``max_length``, and empty when it carries a
    character forms refuse (a NUL would fail the query on PostgreSQL)."""
    value = request.args.get(name, "")[:max_length]
    return "" if forbidden_character(value, multi_line=False) else value.strip()


def query_id(name: str) -> int | None:
    """A query-string filter as a row id; None unless plain ASCII digits that fit the
    database's integer ("²" passes ``str.isdigit`` but not ``int``)."""
    value = request.args.get(name, "")
    if value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


FIRST_YEAR, LAST_YEAR = 2000, 2100


def _sane_year(form: Any, field: Field) -> None:
    year = getattr(field.data, "year", None)  # a TimeField's value has none
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _l("Enter a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
        )


class SummitForm(FlaskForm):
    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            field_class = unbound_field.field_class
            # A password is kept as typed: the account was created with its spaces.
            text = issubclass(field_class, StringField) and not issubclass(
                field_class, PasswordField
            )
            if text:
                filters = list(unbound_field.kwargs.get("filters", ()))
                breaks = _lines if issubclass(field_class, TextAreaField) else _one_line
                # Bind with the extra filters; the class-level unbound field stays as declared.
                options = {**options, "filters": [breaks, _strip, *filters]}
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators: dict[str, list[Any]] | None = None) -> bool:
        """Every form's own validators, plus the text rule above on each text field."""
        extra: dict[str, list[Any]] = {k: list(v) for k, v in (extra_validators or {}).items()}
        for name, field in self._fields.items():
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                checks = extra.setdefault(name, [])
                checks.append(_safe_text)
                if isinstance(field, URLField):
                    checks.append(_web_address)
            elif isinstance(field, DateTimeField):
                extra.setdefault(name, []).append(_sane_year)
        return super().validate(extra_validators=extra)


def show_domain_error(form: object, error: DomainError) -> None:
    """Put a domain error next to its field, or at the top of the page when the field
    is not on this form."""
    target = getattr(form, error.field, None) if error.field else None
    if isinstance(target, Field):
        target.errors = [*target.errors, str(error)]
    else:
        flash(str(error), "error")
