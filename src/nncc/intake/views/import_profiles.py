"""Pages of import profiles (list, detail, create, edit, delete) and template downloads.

Profiles are an agency's own: ``imports.profiles.access_profile`` answers 404 for another
agency's (and for a missing one); the services check who may write or delete. The editor is two
tables, "their header → our column" and "our column / their code → our value"; "More rows"
sends the form back with blank rows added, without saving, so it works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from nncc.intake import services
from nncc.intake.imports import templates
from nncc.intake.imports.arrests import ARREST_COLUMNS
from nncc.intake.imports.profiles import access_profile, profiles_visible_to
from nncc.intake.imports.rows import COLUMNS
from nncc.intake.models import ImportProfile, ImportRecordType
from nncc.kernel.access import require_write
from nncc.kernel.forms import StyledForm, add_service_errors
from nncc.kernel.models import AuditAction
from nncc.kernel.pages import confirm_delete

_BLANK_ROWS = 3
_ALL_COLUMNS = list(dict.fromkeys((*COLUMNS, *ARREST_COLUMNS)))
_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- forms ----------------------------------------------------------------------------------


class ProfileForm(StyledForm):
    name = forms.CharField(max_length=80, help_text="e.g. the system that writes the files")
    record_type = forms.ChoiceField(
        choices=ImportRecordType.choices, help_text="what each row of the files reports"
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    columns = {"notes": "col-12"}


def _column_choices() -> list[Any]:
    seizure = [(c, c) for c in COLUMNS]
    arrest_only = [(c, c) for c in ARREST_COLUMNS if c not in COLUMNS]
    return [
        ("", "—"),
        ("Seizure rows (and arrest rows where the name is shared)", seizure),
        ("Arrest rows only", arrest_only),
    ]


class ColumnRowForm(StyledForm):
    small = True
    theirs = forms.CharField(
        required=False,
        max_length=200,
        label="Your header",
        widget=forms.TextInput(attrs={"aria-label": "Your header", "dir": "auto"}),
    )
    ours = forms.ChoiceField(
        required=False,
        choices=_column_choices,
        label="nncc column",
        widget=forms.Select(attrs={"aria-label": "nncc column"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        theirs, ours = (data.get("theirs") or "").strip(), data.get("ours") or ""
        if theirs and not ours:
            self.add_error("ours", f"Choose the nncc column “{theirs}” goes to.")
        if ours and not theirs:
            self.add_error("theirs", f"Give your header for {ours}.")
        return data


class ValueRowForm(StyledForm):
    small = True
    column = forms.ChoiceField(
        required=False,
        choices=[("", "—"), *((c, c) for c in _ALL_COLUMNS)],
        label="nncc column",
        widget=forms.Select(attrs={"aria-label": "nncc column"}),
    )
    theirs = forms.CharField(
        required=False,
        max_length=200,
        label="Your code",
        strip=False,
        widget=forms.TextInput(attrs={"aria-label": "Your code", "dir": "auto"}),
    )
    ours = forms.CharField(
        required=False,
        max_length=200,
        label="nncc value",
        widget=forms.TextInput(attrs={"aria-label": "nncc value"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("theirs") or data.get("ours")) and not data.get("column"):
            self.add_error("column", "Choose the column these codes are in.")
        return data


ColumnRows = forms.formset_factory(ColumnRowForm, extra=_BLANK_ROWS)
ValueRows = forms.formset_factory(ValueRowForm, extra=_BLANK_ROWS)


class ProfileForms:
    """The profile's fields and its two tables, bound to a POST or filled from a profile."""

    def __init__(self, data: Any = None, *, profile: ImportProfile | None = None) -> None:
        initial: dict[str, Any] = {}
        columns: list[dict[str, str]] = []
        values: list[dict[str, str]] = []
        if profile is not None:
            initial = {"name": profile.name, "record_type": profile.record_type}
            initial["notes"] = profile.notes
            columns = [{"theirs": k, "ours": v} for k, v in (profile.column_map or {}).items()]
            values = [
                {"column": column, "theirs": theirs, "ours": ours}
                for column, codes in (profile.value_map or {}).items()
                if isinstance(codes, dict)
                for theirs, ours in codes.items()
            ]
        self.form = ProfileForm(data, initial=initial)
        self.columns = ColumnRows(data, initial=columns, prefix="columns")
        self.values = ValueRows(data, initial=values, prefix="values")
        self.column_errors: list[str] = []
        self.value_errors: list[str] = []

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.columns.is_valid(), self.values.is_valid()])

    def with_more_rows(self) -> ProfileForms:
        """The submitted tables again, unbound, with blank rows added (nothing is saved)."""
        more = ProfileForms()
        more.form = ProfileForm(initial=_submitted(self.form))
        more.columns = ColumnRows(initial=_rows(self.columns), prefix="columns")
        more.values = ValueRows(initial=_rows(self.values), prefix="values")
        return more

    def profile_data(self) -> services.ProfileData:
        """The submitted profile; a header or code given twice is an error of its table."""
        column_map: dict[str, str] = {}
        for row in _rows(self.columns):
            theirs = row["theirs"].strip()
            if theirs in column_map:
                self.column_errors.append(f"“{theirs}” is given twice.")
            column_map[theirs] = row["ours"]
        value_map: dict[str, dict[str, str]] = {}
        for row in _rows(self.values):
            codes = value_map.setdefault(row["column"], {})
            if row["theirs"] in codes:
                self.value_errors.append(f"{row['column']}: “{row['theirs']}” is given twice.")
            codes[row["theirs"]] = row["ours"].strip()
        data = self.form.cleaned_data
        return services.ProfileData(
            name=data["name"],
            record_type=data["record_type"],
            column_map=column_map,
            value_map=value_map,
            notes=data.get("notes", ""),
        )

    def add_errors(self, error: ValidationError) -> None:
        by_field = error.message_dict if hasattr(error, "error_dict") else {}
        self.column_errors += by_field.pop("column_map", [])
        self.value_errors += by_field.pop("value_map", [])
        rest = ValidationError(by_field) if by_field else None
        if rest is not None:
            add_service_errors(self.form, rest)
        elif not hasattr(error, "error_dict"):
            add_service_errors(self.form, error)


def _submitted(form: forms.Form) -> dict[str, Any]:
    return {name: form.data.get(name, "") for name in form.fields}


def _rows(formset: Any) -> list[dict[str, str]]:
    """The filled rows of a table (blank ones dropped), from its forms' submitted values."""
    rows = []
    for form in formset.forms:
        source = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
        if form.is_bound and not source:
            source = {name: form.data.get(form.add_prefix(name), "") for name in form.fields}
        row = {name: str(source.get(name) or "") for name in form.fields}
        if any(value.strip() for value in row.values()):
            rows.append(row)
    return rows


# --- pages ----------------------------------------------------------------------------------


@login_required
@require_GET
def import_profile_list(request: HttpRequest) -> HttpResponse:
    profiles = profiles_visible_to(request.user).order_by("name", "pk")
    context = {"profiles": profiles, "rows": profiles, "record_types": ImportRecordType.choices}
    return render(request, "intake/import_profile_list.html", context)


@login_required
@require_GET
def import_profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access_profile(request.user, pk)
    services.profile_read(acting_user=request.user, profile=profile)
    value_rows = [
        (column, theirs, ours)
        for column, codes in (profile.value_map or {}).items()
        if isinstance(codes, dict)
        for theirs, ours in codes.items()
    ]
    context = {"profile": profile, "object": profile, "value_rows": value_rows}
    return render(request, "intake/import_profile_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_profile_create(request: HttpRequest) -> HttpResponse:
    require_write(request.user)
    return _form_page(request, profile=None)


@login_required
@require_http_methods(["GET", "POST"])
def import_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access_profile(request.user, pk)
    require_write(request.user, profile.agency_id)
    return _form_page(request, profile=profile)


def _form_page(request: HttpRequest, *, profile: ImportProfile | None) -> HttpResponse:
    if request.method != "POST":
        forms_ = ProfileForms(profile=profile)
    else:
        forms_ = ProfileForms(request.POST, profile=profile)
        if "more" in request.POST:
            forms_ = forms_.with_more_rows()
        elif forms_.is_valid():
            saved = _save(request, forms_, profile)
            if saved is not None:
                verb = "Created" if profile is None else "Saved"
                messages.success(request, f"{verb} the import profile {saved.name}.")
                return redirect("intake:import_profile_detail", pk=saved.pk)
    cancel_url = (
        reverse("intake:import_profile_detail", args=[profile.pk])
        if profile is not None
        else reverse("intake:import_profile_list")
    )
    context = {"forms": forms_, "form": forms_.form, "profile": profile, "cancel_url": cancel_url}
    return render(request, "intake/import_profile_form.html", context)


def _save(
    request: HttpRequest, forms_: ProfileForms, profile: ImportProfile | None
) -> ImportProfile | None:
    data = forms_.profile_data()
    if forms_.column_errors or forms_.value_errors:
        return None
    try:
        if profile is None:
            return services.profile_create(acting_user=request.user, data=data)
        return services.profile_update(acting_user=request.user, profile=profile, data=data)
    except ValidationError as error:
        forms_.add_errors(error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def import_profile_delete(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access_profile(request.user, pk)
    return confirm_delete(
        request,
        obj=profile,
        delete=lambda: services.profile_delete(acting_user=request.user, profile=profile),
        object_kind="import profile",
        success_url=reverse("intake:import_profile_list"),
        cancel_url=reverse("intake:import_profile_detail", args=[profile.pk]),
        list_url=reverse("intake:import_profile_list"),
        list_label="Import profiles",
        consequences=["Imports that used it keep their reports; files already imported stay."],
    )


# --- templates ------------------------------------------------------------------------------


def _template_response(record_type: str, profile: ImportProfile | None, format: str) -> Any:
    if format not in templates.FORMATS or record_type not in ImportRecordType.values:
        raise Http404("No such template.")
    build = templates.template_xlsx if format == "xlsx" else templates.template_csv
    response = HttpResponse(build(record_type, profile), content_type=_CONTENT_TYPES[format])
    filename = templates.template_filename(record_type, profile, format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def import_template(request: HttpRequest, record_type: str, format: str) -> HttpResponse:
    """The blank template of a record type: nncc's own headers and an example row."""
    return _template_response(record_type, None, format)


@login_required
@require_GET
def import_profile_template(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    """The template of a profile: the agency's own headers and codes."""
    profile = access_profile(request.user, pk)
    response = _template_response(profile.record_type, profile, format)
    services.profile_read(acting_user=request.user, profile=profile, action=AuditAction.EXPORT)
    return response
