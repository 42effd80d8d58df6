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


def _serve(host: str, port: int, threads: int = 8) -> None:
    from django.core.management import call_command
    from waitress import serve

    # Collected static files are served compressed and cached by WhiteNoise.
    call_command("collectstatic", interactive=False, verbosity=0)
    from nncc.config.wsgi import application

    click.echo(f"Serving nncc on http://{host}:{port}/ (Ctrl+C to stop)")
    serve(application, host=host, port=port, threads=threads, ident="nncc")


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


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", required=True, help="The user the records are reported by.")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "jsonl"]),
    default=None,
    help="File format (default: from the file name; .jsonl is JSON lines, else CSV).",
)
@click.option("--dry-run", is_flag=True, help="Check every row; write nothing.")
def import_(file: Path, username: str, file_format: str | None, dry_run: bool) -> None:
    """Import a file of seizure rows for the user's agency; a re-run resumes or re-checks it.

    Example: nncc import seizures.csv --as anf.officer --dry-run
    """
    _setup_django()
    from django.contrib.auth import get_user_model
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from nncc.intake.imports.service import import_file
    from nncc.kernel.context import action_context

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.UsageError(f"No active user {username!r}.")
    file_format = file_format or (
        "jsonl" if file.suffix.lower() in (".jsonl", ".ndjson") else "csv"
    )
    console = Console(stderr=True)
    with (
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,} rows"),
            TimeElapsedColumn(),
            console=console,
        ) as bar,
        action_context(channel="cli"),
    ):
        task = bar.add_task(f"Importing {file.name}", total=None)
        job = import_file(
            acting_user=user,
            path=file,
            format=file_format,
            dry_run=dry_run,
            progress=lambda j: bar.update(task, completed=j.received),
        )
    _print_import(job, dry_run)


def _print_import(job: Any, dry_run: bool) -> None:
    heading = "Dry run, nothing written" if dry_run else f"Import job {job.pk}"
    click.echo(f"{heading}: {job.file_name} ({job.status})")
    for name, count in job.counts().items():
        click.echo(f"  {name:<10} {count:>8,}")
    rejections = job.preview_rejections if dry_run else list(job.rejections.all()[:21])
    for rejection in rejections[:20]:
        column = f" {rejection.column}" if rejection.column else ""
        click.echo(f"  row {rejection.row_number}{column}: {rejection.reason}")
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


if __name__ == "__main__":
    sys.exit(main())
