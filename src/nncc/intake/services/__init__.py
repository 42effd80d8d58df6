"""Writes of seizure events (with drug lines, route and joint partners) and arrests."""

from nncc.intake.services.arrests import (
    ArrestData,
    arrest_delete,
    arrest_record,
    arrest_update,
    check_arrest,
    new_arrest,
)
from nncc.intake.services.profiles import (
    ProfileData,
    profile_create,
    profile_delete,
    profile_read,
    profile_update,
)
from nncc.intake.services.seizures import (
    DrugLineData,
    DrugResolver,
    ParticipantData,
    SeizureData,
    check_seizure,
    new_seizure_event,
    seizure_delete,
    seizure_record,
    seizure_snapshot,
    seizure_snapshot_extras,
    seizure_snapshot_of,
    seizure_update,
)

__all__ = [
    "ArrestData",
    "DrugLineData",
    "DrugResolver",
    "ParticipantData",
    "ProfileData",
    "SeizureData",
    "arrest_delete",
    "arrest_record",
    "arrest_update",
    "check_arrest",
    "check_seizure",
    "new_arrest",
    "new_seizure_event",
    "profile_create",
    "profile_delete",
    "profile_read",
    "profile_update",
    "seizure_delete",
    "seizure_record",
    "seizure_snapshot",
    "seizure_snapshot_extras",
    "seizure_snapshot_of",
    "seizure_update",
]
