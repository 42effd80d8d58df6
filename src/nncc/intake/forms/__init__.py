"""Forms of the seizure and arrest pages: they parse input into what the services take.

No rule lives here. A unit, a quantity, a date in the future, a country or a reused record id are
judged by ``intake.services`` (which the API and imports call too); the views put its errors back
on these fields with ``kernel.forms.add_service_errors``. Fields only check what a browser can get
wrong: a number that is not a number, a choice that is not offered.
"""

from nncc.intake.forms.arrests import (
    PERSON_ERROR_FIELDS,
    PERSON_PREFIX,
    ArrestForm,
    ArrestForms,
    NewPersonForm,
    arrest_initial,
    arrest_initial_from_event,
    event_label,
    person_label,
)
from nncc.intake.forms.common import district_choices, known_drug_terms
from nncc.intake.forms.seizures import (
    LINES_PREFIX,
    PARTNERS_PREFIX,
    DrugLineForm,
    DrugLineFormSet,
    ParticipantForm,
    ParticipantFormSet,
    SeizureForm,
    SeizureForms,
    seizure_initial,
)

__all__ = [
    "LINES_PREFIX",
    "PARTNERS_PREFIX",
    "PERSON_ERROR_FIELDS",
    "PERSON_PREFIX",
    "ArrestForm",
    "ArrestForms",
    "DrugLineForm",
    "DrugLineFormSet",
    "NewPersonForm",
    "ParticipantForm",
    "ParticipantFormSet",
    "SeizureForm",
    "SeizureForms",
    "arrest_initial",
    "arrest_initial_from_event",
    "district_choices",
    "event_label",
    "known_drug_terms",
    "person_label",
    "seizure_initial",
]
