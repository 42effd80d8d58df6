"""Form plumbing: Bootstrap markup on every form, and service errors shown on their fields.

Forms carry no business rules. They parse what the user typed into the types a service expects;
the service validates and raises ``ValidationError`` keyed by field (``drug_lines.2.unit`` for a
child row), and ``add_service_errors`` puts each message on the field the user has to fix.

Every ``StyledForm`` renders with the house templates (``kernel/forms/*.html``): ``{{ form }}``
gives a grid of labelled fields with their errors and help, ``{{ form.name.as_field_group }}``
gives one field for a hand-made layout. A field's grid column comes from ``Form.columns``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

from nncc.reference.geography import countries

#: countries most reports name; offered first in every country choice
FREQUENT_COUNTRIES = ("PK", "AF", "IR", "IN", "CN", "AE", "SA", "GB", "US")
DEFAULT_COLUMN = "col-md-6"


def style_widgets(form: forms.BaseForm, *, small: bool = False) -> None:
    size = " form-control-sm" if small else ""
    select_size = " form-select-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple, its subclass
            # Django puts these attrs on the list's wrapper as well as on each box; the field
            # template wraps the list in ".choice-list" and the house CSS styles the boxes.
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", f"form-select{select_size}")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", f"form-control{size}")


class SearchInput(forms.TextInput):
    """A free-text search box (``type=search``); filter forms give it a wider column."""

    input_type = "search"


class StyledBoundField(BoundField):
    """A bound field that marks its widget ``is-invalid`` and knows its grid column."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.is_bound and self.errors:
            # Extra attrs replace the widget's own "class", so repeat it before adding ours.
            base = (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{attrs.get('class', base)} is-invalid".strip()
            attrs["aria-invalid"] = "true"
        return attrs

    @property
    def column(self) -> str:
        return getattr(self.form, "columns", {}).get(self.name, DEFAULT_COLUMN)


class FormRenderer(DjangoTemplates):
    form_template_name = "kernel/forms/form.html"
    field_template_name = "kernel/forms/field.html"
    bound_field_class = StyledBoundField


class StyledForm(forms.Form):
    """A form in the house style. Set ``columns = {"summary": "col-12"}`` to widen a field."""

    default_renderer = FormRenderer
    columns: Mapping[str, str] = {}
    small = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self, small=self.small)


def restyle(form: forms.BaseForm) -> forms.BaseForm:
    """Give a form made elsewhere (Django's auth forms) the house style; call before rendering."""
    style_widgets(form)
    form.renderer = FormRenderer()
    form.bound_field_class = StyledBoundField
    form._bound_fields_cache.clear()  # type: ignore[attr-defined]
    return form


class LoginForm(AuthenticationForm):
    """Sign-in. One message for an unknown user, a wrong password and a disabled account, so the
    page does not tell anyone which accounts exist."""

    default_renderer = FormRenderer
    columns = {"username": "col-12", "password": "col-12"}
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not correct.",
        "inactive": "The username or password is not correct.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def add_service_errors(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    fields: Mapping[str, str] | None = None,
    children: Mapping[str, Sequence[forms.BaseForm]] | None = None,
) -> None:
    """Put a service's errors on the fields the user must fix.

    ``fields`` renames service keys to form fields (``{"identifiers.0": "cnic"}``).
    ``children`` maps a list in the service input to the forms that produced its items, in the
    same order (``{"drug_lines": line_forms}``): ``drug_lines.2.unit`` lands on the unit field of
    the third of those forms, ``participants.1`` on the second participant form as a whole.
    A key naming the whole list, or a key nothing matches, becomes an error of the form itself.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages in error.message_dict.items():
        target, field, prefix = _route(form, key, fields or {}, children or {})
        for message in messages:
            target.add_error(field, f"{prefix}{message}")


def _route(
    form: forms.BaseForm,
    key: str,
    fields: Mapping[str, str],
    children: Mapping[str, Sequence[forms.BaseForm]],
) -> tuple[forms.BaseForm, str | None, str]:
    if key in fields:
        return form, fields[key], ""
    if key in form.fields:
        return form, key, ""
    if key == "__all__":
        return form, None, ""
    head, _, rest = key.partition(".")
    if head in children:
        index, _, sub = rest.partition(".")
        forms_of_list = children[head]
        if not index:
            return form, None, ""
        if index.isdigit() and int(index) < len(forms_of_list):
            child = forms_of_list[int(index)]
            return child, (sub if sub in child.fields else None), ""
    return form, None, f"{key.replace('_', ' ').replace('.', ' ')}: "


def grouped_country_choices(
    *, blank: str | None = None, frequent: Iterable[str] = FREQUENT_COUNTRIES
) -> list[Any]:
    """ISO 3166-1 countries for a select: the frequent ones first, then all others by name."""
    names = countries()
    first = [(code, names[code]) for code in frequent if code in names]
    seen = {code for code, _ in first}
    rest = [(code, name) for code, name in names.items() if code not in seen]
    choices: list[Any] = [("", blank)] if blank is not None else []
    return [*choices, ("Frequent", first), ("All countries", rest)]


def link_select(source: BoundField, target: BoundField, url: str) -> None:
    """Reload ``target``'s options from ``url`` (with ``source``'s value) when ``source`` changes.

    The endpoint answers ``<option>`` elements; without JavaScript both selects still work, and
    the service rejects a pair that does not belong together.
    """
    source.field.widget.attrs.update(
        {
            "hx-get": url,
            "hx-target": f"#{target.auto_id}",
            "hx-trigger": "change",
            "hx-swap": "innerHTML",
        }
    )
