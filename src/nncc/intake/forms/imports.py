"""The upload form of the import page: a file, what its rows are, and the agency's profile."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.template.defaultfilters import filesizeformat

from nncc.intake.imports.parsing import ImportRefused, detect_format, max_bytes
from nncc.intake.models import ImportProfile, ImportRecordType
from nncc.kernel.access import own_agency_only
from nncc.kernel.forms import StyledForm


class ImportUploadForm(StyledForm):
    file = forms.FileField(label="File")
    record_type = forms.ChoiceField(label="Rows are", choices=ImportRecordType.choices)
    profile = forms.ModelChoiceField(
        label="Column profile",
        queryset=ImportProfile.objects.none(),
        required=False,
        empty_label="None: the file uses nncc's column names",
        help_text="How your agency's headers and codes map onto nncc's.",
    )
    columns = {"file": "col-12"}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the agency's own profiles: another agency's is "not a valid choice".
        profiles = cast(forms.ModelChoiceField, self.fields["profile"])
        profiles.queryset = own_agency_only(ImportProfile.objects.all(), user)
        self.fields["file"].help_text = (
            "CSV, Excel workbook (.xlsx) or JSON lines (.jsonl), "
            f"at most {filesizeformat(max_bytes())}."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, profile = data.get("file"), data.get("profile")
        if upload is not None:
            try:
                data["format"] = detect_format(upload.name or "")
            except ImportRefused as exc:
                self.add_error("file", str(exc))
        if profile is not None and profile.record_type != data.get("record_type"):
            self.add_error("profile", "This profile is for another kind of rows.")
        return data
