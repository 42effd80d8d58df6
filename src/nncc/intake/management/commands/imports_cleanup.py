"""Delete stored import files no import needs any more:
``nncc manage imports_cleanup [--older-than HOURS]`` (default 24).

Example: ``nncc manage imports_cleanup --older-than 48``
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nncc.intake.imports.uploads import DEFAULT_KEEP, cleanup_uploads
from nncc.kernel.context import action_context


class Command(BaseCommand):
    help = (
        "Delete stored import uploads older than HOURS that no queued or running (or "
        "interrupted) import needs: previews never run, files of finished imports, partial "
        "uploads. Each deletion is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            dest="hours",
            type=float,
            default=DEFAULT_KEEP.total_seconds() / 3600,
            help="keep files younger than this many hours (default 24)",
        )

    def handle(self, *args: Any, hours: float, **options: Any) -> None:
        if hours < 0:
            raise CommandError("--older-than must be zero or more hours.")
        with action_context(channel="cli"):
            removed = cleanup_uploads(older_than=datetime.timedelta(hours=hours))
        for upload in removed:
            self.stdout.write(f"deleted {upload.path} ({upload.reason}, {upload.size:,} bytes)")
        total = sum(upload.size for upload in removed)
        self.stdout.write(f"{len(removed)} file(s) deleted, {total:,} bytes")
