"""The reviewer's decision form. The service checks the decision and the note."""

from __future__ import annotations

from django import forms

from nncc.kernel.forms import StyledForm
from nncc.resolution.models import DECISIONS
from nncc.resolution.services.decisions import NOTE_LENGTH


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        choices=[(d.value, d.label) for d in DECISIONS], widget=forms.RadioSelect
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="why (kept with the decision and in the audit trail)",
    )
    columns = {"note": "col-12"}
