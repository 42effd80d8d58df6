"""Reference vocabularies shared by every agency: drugs and their local terms, districts, prices.

They are data, shipped as CSV files in ``reference/data`` and loaded by a migration, so every
database (SQLite, PostgreSQL, the test databases) has the same vocabulary.
"""

from __future__ import annotations

from django.db import models

from nncc.reference.geography import PROVINCE_CHOICES


class DrugGroup(models.TextChoices):
    """UNODC World Drug Report drug groups (the labels of the statistical annex)."""

    OPIOIDS = "opioids", "Opioids"
    COCAINE = "cocaine", "Cocaine-type"
    CANNABIS = "cannabis", "Cannabis-type drugs (excluding synthetic cannabinoids)"
    ATS = "ats", "Amphetamine-type stimulants (excluding “ecstasy”)"
    ECSTASY = "ecstasy", "“Ecstasy”-type substances"
    HALLUCINOGENS = "hallucinogens", "Hallucinogens"
    SEDATIVES = "sedatives", "Sedatives and tranquillizers"
    NPS = "nps", "NPS"
    SOLVENTS = "solvents", "Solvents and Inhalants"
    PRECURSORS = "precursors", "Precursors"
    OTHER = "other", "Any other drugs/substances"


class Drug(models.Model):
    """A UNODC Individual Drug Seizures "Drug/Substance" name."""

    name = models.CharField(max_length=120, unique=True)
    group = models.CharField(max_length=20, choices=DrugGroup.choices)
    #: assumed weight of one tablet when only a count is reported (UNODC: 90–300 mg by drug)
    tablet_weight_mg = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DrugTerm(models.Model):
    """A term as agencies write it (charas, pukki, ice) and the UNODC drug it means."""

    term = models.CharField(max_length=80, unique=True, help_text="lower case, as written")
    drug = models.ForeignKey(Drug, on_delete=models.PROTECT, related_name="terms")

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.drug}"


class District(models.Model):
    """A district of Pakistan. No ISO codes exist; codes are ours, versioned in districts.csv."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=80)
    province = models.CharField(max_length=5, choices=PROVINCE_CHOICES)

    class Meta:
        ordering = ["province", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PriceMarket(models.TextChoices):
    INTERNATIONAL = "international", "International (destination markets)"
    PAKISTAN = "pakistan", "Pakistan"


class PriceLevel(models.TextChoices):
    FARM_GATE = "farm_gate", "Farm-gate"
    WHOLESALE = "wholesale", "Wholesale"
    RETAIL = "retail", "Retail"


class PriceEntry(models.Model):
    """US dollars per kilogram of a drug in a market, level and year, with its source.

    A seizure's value is always quantity × a dated, sourced price from this table, never a bare
    number; reports name the market, level and year they used.
    """

    drug = models.ForeignKey(Drug, on_delete=models.PROTECT, related_name="prices")
    market = models.CharField(max_length=20, choices=PriceMarket.choices)
    level = models.CharField(max_length=20, choices=PriceLevel.choices)
    year = models.PositiveSmallIntegerField()
    usd_per_kg = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["year", "drug__name", "market", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["drug", "market", "level", "year"], name="price_unique_per_year"
            ),
            models.CheckConstraint(condition=models.Q(usd_per_kg__gt=0), name="price_positive"),
        ]
        verbose_name_plural = "price entries"

    def __str__(self) -> str:
        return f"{self.drug} {self.market} {self.level} {self.year}: ${self.usd_per_kg}/kg"
