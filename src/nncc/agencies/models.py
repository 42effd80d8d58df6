"""Agencies, their units, and who belongs to which agency in which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nncc.kernel.access import Role


class AgencyKind(models.TextChoices):
    FEDERAL = "federal", "Federal"
    PROVINCIAL = "provincial", "Provincial"
    PARTNER = "partner", "Foreign partner"
    CENTRE = "centre", "Coordination centre"


class Agency(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    contact = models.CharField(
        max_length=200, blank=True, help_text="desk to call about this agency's records"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.code


class Unit(models.Model):
    """A directorate, collectorate, police station or wing of an agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique_in_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} — {self.name}"


class Membership(models.Model):
    """A user's role in an agency. A user belongs to one agency; he may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL)
    role = models.CharField(max_length=20, choices=Role.CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__code", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.agency.code} {self.get_role_display()}"
