"""The `nncc` command: thin over the services; each command calls one library function.

Example:
    nncc demo --no-serve
    nncc report campaign --year 2025 --json
    nncc manage createsuperuser
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import click


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nncc.config.settings")
    import django

    django.setup()


def _data_dir() -> Path:
    return Path(os.environ.get("NNCC_DATA_DIR", Path.cwd() / "var")).resolve()


def _ensure_secret_file() -> None:
    if os.environ.get("NNCC_SECRET_KEY"):
        return
    path = _data_dir() / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nncc")
def main() -> None:
    """nncc — the platform of a national narcotics coordination centre."""


@main.command()
@click.option("--no-serve", is_flag=True, help="Stop after seeding; do not start the server.")
@click.option("--seed", default=2025, show_default=True, help="Random seed of the generator.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
def demo(no_serve: bool, seed: int, host: str, port: int) -> None:
    """Create a fresh SQLite demo database, seed it, print the logins and serve it.

    Example: nncc demo --no-serve
    """
    if os.environ.get("NNCC_DATABASE_URL", "").split(":", 1)[0] not in ("", "sqlite"):
        raise click.UsageError(
            "The demo creates a fresh SQLite database; unset NNCC_DATABASE_URL to run it."
        )
    _ensure_secret_file()
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from nncc.demo.generator import seed_demo
    from nncc.kernel.context import action_context

    database = Path(settings.DATABASES["default"]["NAME"])
    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    click.echo(f"Creating a fresh demo database at {database}")
    call_command("migrate", verbosity=0, interactive=False)
    with action_context(channel="cli"):
        result = seed_demo(seed=seed, progress=lambda message: click.echo(f"  {message}"))
    _print_logins(result.logins, result.password)
    if not no_serve:
        _serve(host, port)


def _print_logins(logins: list[dict[str, Any]], password: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Demo logins (password for all: {password})")
    for column in ("username", "agency", "roles"):
        table.add_column(column)
    for login in logins:
        table.add_row(login["username"], login["agency"], ", ".join(login["roles"]))
    Console().print(table)


def _task_worker() -> subprocess.Popen[bytes] | None:
    """A background-task worker beside the web server (web imports run as tasks), unless the
    tasks run in the request (immediate backend) or elsewhere (NNCC_TASK_WORKER=0)."""
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if "Immediate" in backend or os.environ.get("NNCC_TASK_WORKER", "1") == "0":
        return None
    command = [sys.executable, "-m", "nncc.cli", "manage", "db_worker", "--no-reload"]
    return subprocess.Popen(command, env=os.environ.copy())  # noqa: S603 (our own command)


def _serve(host: str, port: int, threads: int = 8) -> None:
    from django.core.management import call_command
    from waitress import serve

    # Collected static files are served compressed and cached by WhiteNoise.
    call_command("collectstatic", interactive=False, verbosity=0)
    from nncc.config.wsgi import application

    worker = _task_worker()
    if worker is not None:
        from nncc.intake.tasks import cleanup_imports

        # Abandoned upload previews hold CNICs and phones: the worker clears old ones first.
        cleanup_imports.enqueue()
    click.echo(f"Serving nncc on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        serve(application, host=host, port=port, threads=threads, ident="nncc")
    finally:
        if worker is not None:
            # The worker stops after its current task; an import cut short resumes when run again.
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--threads", default=8, show_default=True)
def serve(host: str, port: int, threads: int) -> None:
    """Serve the web UI and API (applies pending migrations first).

    Example: nncc serve --port 8080
    """
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    _serve(host, port, threads)


@main.command("init-secret")
def init_secret() -> None:
    """Write a random signing key to the data directory if none exists."""
    _ensure_secret_file()
    click.echo(f"Signing key in {_data_dir() / 'secret_key'}")


@main.group()
def report() -> None:
    """Reports computed from the records."""


@report.command()
@click.option("--year", type=int, default=None, help="Calendar year (default: latest with data).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--as",
    "username",
    default=None,
    help="Count only what this user may see (default: the national picture).",
)
def campaign(year: int | None, as_json: bool, username: str | None) -> None:
    """The campaign figures: kg seized, arrests, foreigners, value, acres cleared.

    Example: nncc report campaign --year 2025 --json
    """
    _setup_django()
    from django.contrib.auth import get_user_model

    from nncc.kernel.context import action_context
    from nncc.stats.campaign import campaign_report, render_campaign_text

    user = None
    if username:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise click.UsageError(f"No active user {username!r}.")
    with action_context(channel="cli"):
        figures = campaign_report(year=year, user=user)
    if as_json:
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        click.echo(render_campaign_text(figures))


#: exit codes of ``nncc import`` beyond click's own (2: wrong options)
IMPORT_FAILED = 1
IMPORT_REJECTED_ROWS = 3


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", required=True, help="The user the records are reported by.")
@click.option(
    "--agency",
    "agency_code",
    default=None,
    help="The agency the records are for; it must be the user's own (default: his agency).",
)
@click.option("--profile", "profile_name", default=None, help="The agency's column profile.")
@click.option(
    "--type",
    "record_type",
    type=click.Choice(["seizure", "arrest"]),
    default=None,
    help="What each row is (default: the profile's type, else seizure).",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "xlsx", "jsonl"]),
    default=None,
    help="File format (default: from the file name: .xlsx, .jsonl, else CSV).",
)
@click.option("--dry-run", is_flag=True, help="Check every row; write nothing.")
@click.option(
    "--strict",
    is_flag=True,
    help=f"Exit with {IMPORT_REJECTED_ROWS} when any row was rejected (for scripts).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Rows committed together (default: the importer's, 1,000).",
)
def import_(
    file: Path,
    username: str,
    agency_code: str | None,
    profile_name: str | None,
    record_type: str | None,
    file_format: str | None,
    dry_run: bool,
    strict: bool,
    batch_size: int | None,
) -> None:
    """Import a file of seizure or arrest rows for the user's agency.

    The agency's record id is the key: new ids are created, known ones updated where the row
    differs. Each batch commits on its own, so an interrupted import loses nothing; running
    the same file again resumes it (or, once it completed, checks it again: nothing changes).

    Exit codes: 0 the file was imported (rejected rows, if any, are listed), 1 the import
    failed or was refused, 2 wrong options, 3 rows were rejected and --strict was given.

    Example: nncc import seizures.csv --agency ANF --as anf.officer --dry-run
    """
    _setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied
    from rich.console import Console

    from nncc.intake.imports.service import (
        DEFAULT_BATCH_SIZE,
        ImportAlreadyRunning,
        ImportRefused,
        import_file,
    )
    from nncc.kernel.context import action_context

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.UsageError(f"No active user {username!r}.")
    profile = _import_profile(user, profile_name) if profile_name else None
    suffix = file.suffix.lower()
    file_format = file_format or (
        "xlsx" if suffix == ".xlsx" else "jsonl" if suffix in (".jsonl", ".ndjson") else "csv"
    )
    console = Console(stderr=True)
    try:
        with _import_progress(console, file.name) as show, action_context(channel="cli"):
            job = import_file(
                acting_user=user,
                path=file,
                format=file_format,
                agency=agency_code,
                profile=profile,
                record_type=record_type,
                dry_run=dry_run,
                batch_size=batch_size or DEFAULT_BATCH_SIZE,
                progress=show,
            )
    except (PermissionDenied, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    except (ImportRefused, ImportAlreadyRunning) as exc:
        console.print(f"[bold red]Not imported:[/] {exc}")
        sys.exit(IMPORT_FAILED)
    _print_import(job, dry_run)
    if strict and job.rejected:
        sys.exit(IMPORT_REJECTED_ROWS)


def _import_profile(user: Any, name: str) -> Any:
    from nncc.intake.models import ImportProfile
    from nncc.kernel.access import viewer_for

    agency_id = viewer_for(user).agency_id
    profile = (
        ImportProfile.objects.filter(agency_id=agency_id, name=name).first() if agency_id else None
    )
    if profile is None:
        raise click.UsageError(f"Your agency has no import profile {name!r}.")
    return profile


def _import_progress(console: Any, name: str) -> Any:
    """A progress bar fed with the job after each batch: rows, rows per second, time left."""
    import contextlib

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RowsPerSecond(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} rows/s" if speed else "– rows/s")

    @contextlib.contextmanager
    def bar() -> Any:
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RowsPerSecond(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
        )
        task = progress.add_task(f"Importing {name}", total=None)

        def show(job: Any) -> None:
            if not progress.live.is_started:  # shown once rows flow, not before a refusal
                progress.start()
            progress.update(task, total=job.total, completed=job.received)

        try:
            yield show
        finally:
            progress.stop()

    return bar()


def _print_import(job: Any, dry_run: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    heading = "Dry run, nothing written" if dry_run else f"Import job {job.pk}"
    click.echo(f"{heading}: {job.file_name} ({job.status})")
    table = Table(show_header=False, box=None, padding=(0, 2))
    for name, count in job.counts().items():
        table.add_row(name, f"{count:,}")
    Console().print(table)
    rejections = job.preview_rejections if dry_run else list(job.rejections.all()[:21])
    for rejection in rejections[:20]:
        column = f" {rejection.column}" if rejection.column else ""
        value = f" “{rejection.value}”" if rejection.value else ""
        click.echo(f"  row {rejection.row_number}{column}{value}: {rejection.reason}")
    if len(rejections) > 20:
        click.echo("  … (more rejections in the import report)")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command.

    Example: nncc manage migrate
    """
    _setup_django()
    from django.core.management import execute_from_command_line

    from nncc.kernel.context import action_context

    with action_context(channel="cli"):
        execute_from_command_line(["nncc manage", *args])


from nncc.resolution.commands import resolve as _resolve  # noqa: E402 (registered last)

main.add_command(_resolve)

if __name__ == "__main__":
    sys.exit(main())
