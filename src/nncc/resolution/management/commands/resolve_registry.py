"""Resolve the whole registry: ``nncc manage resolve_registry [--as USERNAME]``.

Example: ``nncc manage resolve_registry --as centre.analyst``
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nncc.kernel.context import action_context
from nncc.resolution.services import resolve_all


class Command(BaseCommand):
    help = "Run batch resolution over every person statement of the registry (undoable merges)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="the centre analyst the run is recorded under (default: the system)",
        )

    def handle(self, *args: Any, username: str = "", **options: Any) -> None:
        user = None
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user “{username}”.")
        with action_context(channel="cli"):
            try:
                summary = resolve_all(acting_user=user, progress=self.stderr.write)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{summary.persons} statements, {summary.pairs_scored} pairs scored, "
            f"{summary.merges} merges, {summary.queued} pairs queued for review, "
            f"{summary.closed} waiting pairs closed as already one person"
        )
