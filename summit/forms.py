"""The base form: every text input but passwords is stripped of surrounding white space."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms import PasswordField
from wtforms import StringField


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class SummitForm(FlaskForm):
    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            filters = list(unbound_field.kwargs.get("filters", ()))
            field_class = unbound_field.field_class
            # A password is kept as typed: the account was created with its spaces.
            text = issubclass(field_class, StringField) and not issubclass(
                field_class, PasswordField
            )
            if text and _strip not in filters:
                # Bind with the extra filter; the class-level unbound field stays as declared.
                options = {**options, "filters": [_strip, *filters]}
            return unbound_field.bind(form=form, **options)


def field_error(form: Any, error: Any) -> None:
    """Show a domain error (``message`` and optional ``field``) next to its field, or at
    the top of the page when it names no field of this form."""
    from flask import flash

    target = getattr(form, error.field, None) if getattr(error, "field", None) else None
    if target is not None:
        target.errors = [*target.errors, str(error.message)]
    else:
        flash(str(error.message), "error")
