"""Forms as a browser fills them in: read from a rendered page, or from unbound form objects."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.db.models import Model
from django.forms import BaseFormSet, CheckboxInput
from django.forms.widgets import ChoiceWidget


def form_errors(response: Any) -> list[Any]:
    """The errors of every form (and formset) a page put in its context, to explain a 200."""
    found: list[Any] = []
    seen: set[int] = set()

    def visit(value: Any, depth: int) -> None:
        if id(value) in seen or depth > 2:
            return
        seen.add(id(value))
        errors = getattr(value, "errors", None)
        if errors and hasattr(value, "is_bound"):
            found.append(errors)
            non_form = getattr(value, "non_form_errors", None)
            if non_form is not None and non_form():
                found.append(non_form())
        elif hasattr(value, "__dict__") and not isinstance(value, Model | type):
            for attribute in vars(value).values():
                if hasattr(attribute, "is_bound"):
                    visit(attribute, depth + 1)

    for context in getattr(response, "context", None) or []:
        for value in context.flatten().values():
            visit(value, 0)
    return found


class _FormReader(HTMLParser):
    """Collects the fields of each ``<form method="post">`` of a page as a browser submits them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    @property
    def _fields(self) -> list[tuple[str, str]] | None:
        return self.forms[-1] if self.forms and self._in_form else None

    _in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._in_form = a.get("method", "get").lower() == "post"
            if self._in_form:
                self.forms.append([])
            return
        fields = self._fields
        if fields is None or "disabled" in a:
            if tag == "option" and self._select is not None:
                self._option = {"value": a.get("value"), "text": "", "selected": False}
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "reset", "image", "file"}:
                fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._select["options"].append((value, option["selected"]))
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = [value for value, selected in select["options"] if selected]
            if not chosen and not select["multiple"] and select["options"]:
                chosen = [select["options"][0][0]]
            if self._fields is not None:
                self._fields.extend((select["name"], value) for value in chosen)
        elif tag == "textarea" and self._textarea is not None:
            if self._fields is not None:
                text = self._textarea["text"]
                self._fields.append((self._textarea["name"], text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_data(html: str) -> dict[str, list[str]]:
    """What a browser would submit, unchanged, from the largest POST form of a page."""
    reader = _FormReader()
    reader.feed(html)
    if not reader.forms:
        raise AssertionError("the page has no POST form")
    fields = max(reader.forms, key=len)
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def browser_data(*parts: Any) -> dict[str, Any]:
    """What a browser submits for unbound forms and formsets shown unchanged.

    Each field's initial value is formatted by its widget, as the page would render it; a
    formset brings its management form. Much faster than rendering and reading the page.
    """
    data: dict[str, Any] = {}
    for part in parts:
        if isinstance(part, BaseFormSet):
            data.update(browser_data(part.management_form, *part.forms))
            continue
        for bound in part:
            widget = bound.field.widget
            value = bound.value()
            if isinstance(widget, CheckboxInput):
                if widget.check_test(value):
                    data[bound.html_name] = "on"
            elif isinstance(widget, ChoiceWidget):
                # Choice widgets format their value as a list of selected values.
                chosen = [str(v) for v in widget.format_value(value) if v is not None]
                if widget.allow_multiple_selected:
                    data[bound.html_name] = chosen
                else:
                    data[bound.html_name] = next((v for v in chosen if v), "")
            elif value is None:
                data[bound.html_name] = ""
            else:
                formatted = widget.format_value(value)
                data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def fill(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``values`` put in (each a value or a list of values)."""
    merged = dict(data)
    for name, value in values.items():
        merged[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return merged
