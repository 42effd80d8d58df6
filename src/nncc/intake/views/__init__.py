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
from nncc.intake.views.import_profiles import (
    import_profile_create,
    import_profile_delete,
    import_profile_detail,
    import_profile_edit,
    import_profile_list,
    import_profile_template,
    import_template,
)
from nncc.intake.views.imports import (
    import_detail,
    import_list,
    import_preview,
    import_progress,
    import_rejects,
    import_resume,
    import_upload,
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
    "import_detail",
    "import_list",
    "import_preview",
    "import_profile_create",
    "import_profile_delete",
    "import_profile_detail",
    "import_profile_edit",
    "import_profile_list",
    "import_profile_template",
    "import_progress",
    "import_rejects",
    "import_resume",
    "import_template",
    "import_upload",
    "person_options",
    "seizure_create",
    "seizure_delete",
    "seizure_detail",
    "seizure_edit",
    "seizure_list",
]
