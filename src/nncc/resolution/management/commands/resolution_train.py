"""Store the scorer's model that resolution uses: ``nncc manage resolution_train``.

Without options it trains on the registry's statements (m, u and the prior; the thresholds stay
the active model's). ``--from-file`` stores a model written by ``python -m
nncc.resolution.train``; ``--activate ID`` makes an older stored model the active one again;
``--list`` shows the stored models, the active one first. Every stored model is audited.

Examples:
    nncc manage resolution_train --as centre.analyst --note "after the 2025 imports"
    nncc manage resolution_train --from-file model.json
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nncc.kernel.context import action_context
from nncc.resolution.models import StoredModel
from nncc.resolution.services.stored_models import (
    MIN_STATEMENTS,
    model_activate,
    model_store,
    model_train_on_registry,
    parsed_model,
)


class Command(BaseCommand):
    help = "Train the resolution model on the registry (or store one from a file) and use it."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--from-file", type=Path, help="a model JSON file to store")
        source.add_argument("--activate", type=int, help="id of a stored model to use again")
        source.add_argument("--list", action="store_true", help="list the stored models")
        parser.add_argument("--note", default="", help="why (kept with the model, audited)")
        parser.add_argument(
            "--minimum",
            type=int,
            default=MIN_STATEMENTS,
            help="statements the registry must hold to train on it",
        )
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="the centre analyst the change is recorded under (default: the system)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        user = self._user(options["username"])
        with action_context(channel="cli"):
            try:
                stored = self._store(user, options)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        model = stored.parameters
        self.stdout.write(
            f"stored {stored} (now active): auto-link at {model['auto_link_threshold']}, "
            f"review from {model['review_threshold']}"
        )

    def _store(self, user: Any, options: dict[str, Any]) -> StoredModel:
        note = options["note"]
        if options["from_file"]:
            path = options["from_file"]
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {path}: {exc}") from exc
            return model_store(
                acting_user=user, model=parsed_model(text), note=note, source=f"file:{path.name}"
            )
        if options["activate"] is not None:
            stored = StoredModel.objects.filter(pk=options["activate"]).first()
            if stored is None:
                raise CommandError(f"No stored model {options['activate']}.")
            return model_activate(acting_user=user, stored=stored, note=note)
        self.stderr.write("training on the registry's statements…")
        return model_train_on_registry(acting_user=user, note=note, minimum=options["minimum"])

    def _user(self, username: str) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user “{username}”.")
        return user

    def _list(self) -> None:
        rows = StoredModel.objects.order_by("-created_at", "-id")
        if not rows:
            self.stdout.write("no stored model: resolution uses the shipped one")
        for index, stored in enumerate(rows):
            state = "active" if index == 0 else "      "
            self.stdout.write(
                f"{stored.pk:>5} {state} {stored.created_at:%Y-%m-%d %H:%M} "
                f"auto-link {stored.parameters.get('auto_link_threshold')} {stored.note}"
            )
