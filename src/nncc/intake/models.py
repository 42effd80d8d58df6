"""Seizure events and what hangs off them: drug lines, arrests, route, joint participants; and
the jobs of bulk imports that bring them in.

A seizure event is one operation reported by its lead agency (the owner). A joint seizure is one
event with participating agencies and credit shares, so it is counted once nationally and can
still be credited to each agency.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from nncc.intake.vocabularies import (
    ArrestRole,
    Concealment,
    OffenceCategory,
    PlaceType,
    RouteRole,
    TransportMode,
)
from nncc.kernel.models import OperationalModel, VisibleQuerySet
from nncc.reference.geography import COUNTRY_CHOICES, PROVINCE_CHOICES
from nncc.reference.units import Unit


class SeizureEvent(OperationalModel):
    joint_lookup = "participations"

    agency_record_id = models.CharField(
        max_length=80, help_text="the lead agency's own id (FIR or case number); unique per agency"
    )
    occurred_at = models.DateTimeField(db_index=True)
    province = models.CharField(max_length=5, choices=PROVINCE_CHOICES, db_index=True)
    district = models.ForeignKey(
        "reference.District", on_delete=models.PROTECT, related_name="seizure_events"
    )
    place = models.CharField(max_length=200, blank=True)
    place_type = models.CharField(max_length=30, choices=PlaceType.choices)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    transport_mode = models.CharField(max_length=20, choices=TransportMode.choices)
    concealment = models.CharField(max_length=20, choices=Concealment.choices, blank=True)
    concealment_detail = models.CharField(max_length=300, blank=True)
    unit = models.ForeignKey(
        "agencies.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(blank=True)
    vehicles = models.ManyToManyField("registry.Vehicle", blank=True, related_name="seizures")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "agency_record_id"], name="seizure_record_id_unique_in_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.agency_record_id}"

    @property
    def is_joint(self) -> bool:
        return self.participations.exists()

    def route(self, role: str) -> list[str]:
        return [r.country for r in self.route_countries.all() if r.role == role]


class Participation(models.Model):
    """An agency other than the lead that took part in a joint event, with its credit share."""

    event = models.ForeignKey(SeizureEvent, on_delete=models.CASCADE, related_name="participations")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    credit_share = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("0.999"))],
        help_text="share of the credit (0–1); the lead agency keeps the rest",
    )

    class Meta:
        ordering = ["agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "agency"], name="participation_unique"),
            models.CheckConstraint(
                condition=models.Q(credit_share__gt=0, credit_share__lt=1),
                name="participation_share_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.credit_share})"


class RouteCountry(models.Model):
    event = models.ForeignKey(
        SeizureEvent, on_delete=models.CASCADE, related_name="route_countries"
    )
    role = models.CharField(max_length=12, choices=RouteRole.choices)
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "role", "country"], name="route_unique")
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.country}"


class DrugLine(models.Model):
    """One drug seized in an event, as reported, with its derived kilogram-equivalent."""

    visibility_parent = "event__"

    event = models.ForeignKey(SeizureEvent, on_delete=models.CASCADE, related_name="drug_lines")
    reported_term = models.CharField(max_length=80, help_text="the drug as the agency wrote it")
    drug = models.ForeignKey("reference.Drug", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=16, decimal_places=3)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    measured_weight_kg = models.DecimalField(
        max_digits=16,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="weighed total, when tablets or plants were also weighed",
    )
    kg_equivalent = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    kg_factor = models.DecimalField(max_digits=18, decimal_places=9, null=True, blank=True)
    kg_rule = models.CharField(max_length=120, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="drug_line_positive")
        ]

    def __str__(self) -> str:
        return f"{self.quantity.normalize():f} {self.unit} {self.reported_term}"


class Arrest(OperationalModel):
    """A person arrested, in a seizure event or (for illegal stay) on its own."""

    joint_via = "event"

    event = models.ForeignKey(
        SeizureEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="arrests"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="arrests")
    agency_record_id = models.CharField(max_length=80, blank=True)
    arrested_on = models.DateField(db_index=True)
    province = models.CharField(max_length=5, choices=PROVINCE_CHOICES, db_index=True)
    district = models.ForeignKey(
        "reference.District", on_delete=models.PROTECT, related_name="arrests"
    )
    role = models.CharField(max_length=20, choices=ArrestRole.choices, default=ArrestRole.OTHER)
    charges = models.JSONField(default=list, blank=True, help_text="CNSA / immigration sections")
    nationality_at_arrest = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    offence_category = models.CharField(
        max_length=20, choices=OffenceCategory.choices, default=OffenceCategory.NARCOTICS
    )

    class Meta:
        ordering = ["-arrested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "agency_record_id"],
                condition=~models.Q(agency_record_id=""),
                name="arrest_record_id_unique_in_agency",
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=models.Q(event__isnull=False),
                name="arrest_once_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.arrested_on:%Y-%m-%d}"


# Import jobs: the durable record of a bulk import. Each batch updates the job in the same
# transaction as its records, so after a crash the position and counts say exactly what was
# committed and a re-run resumes from there.


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel workbook (.xlsx)"
    JSONL = "jsonl", "JSON lines"


class ImportRecordType(models.TextChoices):
    SEIZURE = "seizure", "Seizure (one drug line, optionally one arrested person)"
    ARREST = "arrest", "Arrest with person"


class ImportSource(models.TextChoices):
    CLI = "cli", "Command line"
    WEB = "web", "Web upload"
    API = "api", "API"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class ImportProfile(models.Model):
    """How one agency's files map onto nncc: their headers to our columns, their codes to ours.

    ``column_map`` is {their header: our column}; ``value_map`` is {our column: {their value:
    our value}}, e.g. {"drug": {"HSH": "hashish"}}. Headers and values are matched without
    regard to case or surrounding spaces.
    """

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="import_profiles"
    )
    name = models.CharField(max_length=80)
    record_type = models.CharField(
        max_length=20, choices=ImportRecordType.choices, default=ImportRecordType.SEIZURE
    )
    column_map = models.JSONField(default=dict, blank=True)
    value_map = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="import_profile_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=10, choices=ImportFormat.choices)
    record_type = models.CharField(
        max_length=20, choices=ImportRecordType.choices, default=ImportRecordType.SEIZURE
    )
    profile = models.ForeignKey(
        ImportProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    source = models.CharField(max_length=10, choices=ImportSource.choices, default="cli")
    stored_file = models.CharField(
        max_length=500, blank=True, help_text="the uploaded file kept under the data directory"
    )
    total = models.PositiveIntegerField(
        null=True, blank=True, help_text="rows in the file, once counted (for progress)"
    )
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    received = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(
        default=0, help_text="row number of the last row committed; a re-run starts after it"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    #: rejections of a dry run, which writes nothing and so keeps them here, not in the database
    preview_rejections: list[ImportRejection]

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # The same file sent again is the same job: it resumes or re-checks, never duplicates.
            models.UniqueConstraint(fields=["agency", "sha256"], name="import_job_file_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preview_rejections = []

    def counts(self) -> dict[str, int]:
        return {
            name: getattr(self, name)
            for name in ("received", "created", "updated", "unchanged", "rejected")
        }


class ImportRejection(models.Model):
    """One reason a row was refused: a row may have several, one per faulty column."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejections")
    row_number = models.PositiveIntegerField()
    column = models.CharField(max_length=80, blank=True)
    value = models.TextField(blank=True)
    reason = models.TextField()
    row_values = models.JSONField(
        default=dict,
        blank=True,
        help_text="the whole row as sent (its own headers), for the rejects file",
    )

    class Meta:
        ordering = ["row_number", "id"]

    def __str__(self) -> str:
        return f"row {self.row_number} {self.column}: {self.reason}"
