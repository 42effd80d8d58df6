"""Poppy and cannabis fields cleared by an agency."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from nncc.kernel.models import OperationalModel
from nncc.reference.geography import PROVINCE_CHOICES


class Crop(models.TextChoices):
    OPIUM_POPPY = "opium_poppy", "Opium poppy"
    CANNABIS = "cannabis", "Cannabis"


class EradicationRecord(OperationalModel):
    agency_record_id = models.CharField(max_length=80)
    cleared_on = models.DateField(db_index=True)
    province = models.CharField(max_length=5, choices=PROVINCE_CHOICES)
    district = models.ForeignKey(
        "reference.District", on_delete=models.PROTECT, related_name="eradication_records"
    )
    place = models.CharField(max_length=200, blank=True)
    crop = models.CharField(max_length=20, choices=Crop.choices, default=Crop.OPIUM_POPPY)
    acres = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100000"))],
    )
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

    class Meta:
        ordering = ["-cleared_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "agency_record_id"], name="eradication_record_id_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(acres__gt=0), name="eradication_acres_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.agency_record_id}"

    @property
    def hectares(self) -> Decimal:
        return (self.acres * Decimal("0.404686")).quantize(Decimal("0.01"))
