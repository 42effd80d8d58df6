"""Form plumbing: Bootstrap classes on every widget, and service errors shown on their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def style_widgets(form: forms.BaseForm, *, small: bool = False) -> None:
    size = " form-control-sm" if small else ""
    select_size = " form-select-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", f"form-select{select_size}")
        else:
            widget.attrs.setdefault("class", f"form-control{size}")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's field errors on the form's fields; unknown keys become form errors."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        if target is None and field != "__all__":
            messages = [f"{field}: {m}" for m in messages]
        for message in messages:
            form.add_error(target, message)
