"""Writes of eradication records (fields of poppy or cannabis cleared)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from nncc.eradication.models import Crop, EradicationRecord
from nncc.intake.validators import validate_district_in_province
from nncc.kernel.access import require_delete, require_write
from nncc.kernel.models import HandlingCode
from nncc.kernel.services import ErrorCollector, audited_create, audited_delete, audited_update
from nncc.kernel.validators import validate_not_future
from nncc.reference.models import District
from nncc.reference.validators import validate_province


@dataclass
class EradicationData:
    agency_record_id: str
    cleared_on: datetime.date
    province: str
    district: District
    acres: Any
    crop: str = Crop.OPIUM_POPPY
    place: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    handling_code: str = HandlingCode.SHARED


_FIELDS = (
    "agency_record_id",
    "cleared_on",
    "province",
    "district",
    "acres",
    "crop",
    "place",
    "latitude",
    "longitude",
    "handling_code",
)


def _clean(data: EradicationData, *, agency_id: int, instance: EradicationRecord | None) -> None:
    errors = ErrorCollector()
    data.agency_record_id = (data.agency_record_id or "").strip()
    if not data.agency_record_id:
        errors.add("agency_record_id", "Give your agency's record id.")
    else:
        errors.check_unique(
            "agency_record_id",
            EradicationRecord.objects.filter(
                agency_id=agency_id, agency_record_id=data.agency_record_id
            ),
            instance=instance,
            message="Your agency already has a record with this id.",
        )
    if data.cleared_on is None:
        errors.add("cleared_on", "Give the date the field was cleared.")
    else:
        errors.check("cleared_on", validate_not_future, data.cleared_on)
    if errors.check("province", validate_province, data.province or "") is None and data.district:
        errors.check("district", validate_district_in_province, data.district, data.province)
    try:
        acres = Decimal(str(data.acres))
        if not acres.is_finite() or acres <= 0 or acres > 100000:
            errors.add("acres", "Acres must be above 0 and at most 100,000.")
        data.acres = acres
    except (InvalidOperation, ValueError):
        errors.add("acres", f"“{data.acres}” is not a number.")
    if data.crop not in Crop.values:
        errors.add("crop", f"“{data.crop}” is not a crop.")
    errors.check_handling_code(data.handling_code)
    errors.raise_if_any()


def eradication_record(*, acting_user: Any, data: EradicationData) -> EradicationRecord:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean(data, agency_id=viewer.agency_id, instance=None)
    record = EradicationRecord(
        agency_id=viewer.agency_id,
        created_by=acting_user,
        **{name: getattr(data, name) for name in _FIELDS},
    )
    return audited_create(acting_user=acting_user, record=record)


def eradication_update(
    *, acting_user: Any, record: EradicationRecord, data: EradicationData
) -> EradicationRecord:
    require_write(acting_user, record.agency_id)
    _clean(data, agency_id=record.agency_id, instance=record)
    return audited_update(
        acting_user=acting_user,
        record=record,
        values={name: getattr(data, name) for name in _FIELDS},
    )


def eradication_delete(*, acting_user: Any, record: EradicationRecord) -> None:
    require_delete(acting_user, record.agency_id)
    audited_delete(acting_user=acting_user, record=record)
