"""Persons, identifiers, phones, vehicles, organisations, addresses and the links between them.

A ``Person`` here is one agency's statement about a person, kept as that agency sent it
(``source_payload``), with its own record id. Entity resolution later groups statements of
several agencies into one resolved person without rewriting them, so a merge can be undone.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from nncc.kernel.models import OperationalModel, VisibleQuerySet
from nncc.reference.geography import COUNTRY_CHOICES, PROVINCE_CHOICES


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown"


class Person(OperationalModel):
    agency_record_id = models.CharField(
        max_length=80, blank=True, help_text="the reporting agency's own id for this person"
    )
    name_latin = models.CharField("name (Latin script)", max_length=200, blank=True)
    name_urdu = models.CharField("name (Urdu script)", max_length=200, blank=True)
    father_name_latin = models.CharField("father's name (Latin)", max_length=200, blank=True)
    father_name_urdu = models.CharField("father's name (Urdu)", max_length=200, blank=True)
    alias = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="when only the year of birth is known"
    )
    nationality = models.CharField(max_length=2, choices=COUNTRY_CHOICES, blank=True)
    source_payload = models.JSONField(
        default=dict, blank=True, help_text="the record exactly as the agency sent it"
    )

    class Meta:
        ordering = ["name_latin", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "agency_record_id"],
                condition=~models.Q(agency_record_id=""),
                name="person_record_id_unique_in_agency",
            ),
            models.CheckConstraint(
                condition=~models.Q(name_latin="", name_urdu=""), name="person_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_latin or self.name_urdu

    @property
    def year_of_birth(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else self.birth_year


class IdentifierKind(models.TextChoices):
    CNIC = "cnic", "CNIC"
    NICOP = "nicop", "NICOP"
    PASSPORT = "passport", "Passport"
    POR_CARD = "por", "Afghan Proof-of-Registration card"
    TAZKIRA = "tazkira", "Afghan Tazkira"
    OTHER = "other", "Other"


class Identifier(models.Model):
    """A document number stated for a person; ``value`` is normalised, ``raw`` as reported."""

    visibility_parent = "person__"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(max_length=40, db_index=True)
    raw = models.CharField(max_length=60, blank=True)
    issuing_country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value"], name="identifier_unique_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Phone(models.Model):
    visibility_parent = "person__"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    e164 = models.CharField("number (E.164)", max_length=20, db_index=True)
    raw = models.CharField(max_length=40, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["e164"]
        constraints = [
            models.UniqueConstraint(fields=["person", "e164"], name="phone_unique_per_person")
        ]

    def __str__(self) -> str:
        return self.e164


class Vehicle(OperationalModel):
    registration = models.CharField(max_length=30, blank=True, db_index=True)
    kind = models.CharField(max_length=40, blank=True, help_text="car, truck, motorcycle, bus…")
    make = models.CharField(max_length=60, blank=True)
    model = models.CharField(max_length=60, blank=True)
    colour = models.CharField(max_length=30, blank=True)
    chassis_number = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["registration", "id"]

    def __str__(self) -> str:
        return self.registration or f"{self.make} {self.model}".strip() or f"vehicle {self.pk}"


class Organisation(OperationalModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=60, blank=True, help_text="company, network, transporter…")
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Address(OperationalModel):
    line = models.CharField(max_length=300)
    district = models.ForeignKey(
        "reference.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province = models.CharField(max_length=5, choices=PROVINCE_CHOICES, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, default="PK")

    class Meta:
        ordering = ["line"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return self.line


class LinkKind(models.TextChoices):
    FAMILY = "family", "Family"
    ASSOCIATE = "associate", "Associate"
    MEMBER_OF = "member_of", "Member of"
    EMPLOYED_BY = "employed_by", "Employed by"
    OWNS = "owns", "Owns"
    DRIVES = "drives", "Drives"
    RESIDES_AT = "resides_at", "Resides at"
    REGISTERED_AT = "registered_at", "Registered at"


class Link(OperationalModel):
    """A typed link an agency states between two registry objects (person, vehicle, …)."""

    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    detail = models.CharField(max_length=200, blank=True, help_text="e.g. father, brother")
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        ordering = ["kind", "id"]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.source} — {self.get_kind_display()} — {self.target}"
