"""Pages of seizures and arrests. Thin: parse the forms, call ``intake.services``, render.

Every view needs a signed-in user. One record comes through ``access_object`` (404 for missing
and not yours alike); pages that change records ask ``kernel.access`` before showing a form, and
the services check again, so a visible record the user may not change answers 403.
"""

from nncc.intake.views.arrests import (
    arrest_create,
    arrest_delete,
    arrest_detail,
    arrest_edit,
    arrest_list,
)
from nncc.intake.views.options import district_options, drug_line_row, person_options
from nncc.intake.views.seizures import (
    seizure_create,
    seizure_delete,
    seizure_detail,
    seizure_edit,
    seizure_list,
)

__all__ = [
    "arrest_create",
    "arrest_delete",
    "arrest_detail",
    "arrest_edit",
    "arrest_list",
    "district_options",
    "drug_line_row",
    "person_options",
    "seizure_create",
    "seizure_delete",
    "seizure_detail",
    "seizure_edit",
    "seizure_list",
]
