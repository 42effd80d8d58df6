"""Writes of seizure events (with drug lines, route and joint partners) and arrests."""

from nncc.intake.services.arrests import ArrestData, arrest_delete, arrest_record, arrest_update
from nncc.intake.services.seizures import (
    DrugLineData,
    ParticipantData,
    SeizureData,
    seizure_delete,
    seizure_record,
    seizure_snapshot,
    seizure_update,
)

__all__ = [
    "ArrestData",
    "DrugLineData",
    "ParticipantData",
    "SeizureData",
    "arrest_delete",
    "arrest_record",
    "arrest_update",
    "seizure_delete",
    "seizure_record",
    "seizure_snapshot",
    "seizure_update",
]
