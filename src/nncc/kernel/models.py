"""Base models every operational record builds on, and the audit trail.

An *operational* record (a seizure, an arrest, a person as an agency reported him) has an owning
agency and a handling code. Whether a user may see it is decided in one place, in SQL:
``Model.objects.visible_to(user)`` (see ``kernel.access``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models

from nncc.kernel.access import visible_to

_M = TypeVar("_M", bound=models.Model)


class HandlingCode(models.TextChoices):
    """Who beyond the owning agency may see a record.

    SHARED: every participating agency of the centre.
    RESTRICTED: the owning agency, agencies taking part in the same joint event, and the centre.
    SOURCE_RESTRICTED: the owning agency only (protects sources; the centre sees it does not exist).
    """

    SHARED = "shared", "Shared — all agencies"
    RESTRICTED = "restricted", "Restricted — owner, joint partners and centre"
    SOURCE_RESTRICTED = "source_restricted", "Source restricted — owning agency only"


class VisibleQuerySet(models.QuerySet[_M]):
    def visible_to(self, user: Any) -> models.QuerySet[_M]:
        return visible_to(self, user)


VisibleManager = models.Manager.from_queryset(VisibleQuerySet)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OperationalModel(TimeStampedModel):
    """A record owned by one agency and marked with a handling code.

    Subclasses set ``joint_lookup`` when agencies other than the owner take part in the record
    (e.g. a joint seizure), naming the path to a model with ``agency_id`` rows.
    """

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="owning agency"
    )
    handling_code = models.CharField(
        max_length=20, choices=HandlingCode.choices, default=HandlingCode.RESTRICTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = VisibleManager()

    joint_lookup: str | None = None

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    VIEW = "view", "View"
    SEARCH = "search", "Search"
    EXPORT = "export", "Export"
    REPORT = "report", "Report"
    LOGIN = "login", "Login"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Logout"
    GRANT = "grant", "Grant"


class AuditEntry(models.Model):
    """One thing someone did. Written by services in the same transaction as the change."""

    time = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    # No index of its own: the (target_type, target_id) index below serves filters on the type
    # alone, and one index fewer is one insert fewer per entry (imports write one per record).
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    target_label = models.CharField(max_length=300, blank=True)
    #: the owning agency and handling code of the target when the entry was written (operational
    #: records and their child rows only); they decide who else may read the entry and its content
    target_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_handling_code = models.CharField(max_length=20, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    detail = models.JSONField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True)  # web, api, cli, task, shell
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        who = self.actor_username or "-"
        return f"{self.time:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.target_label}"
