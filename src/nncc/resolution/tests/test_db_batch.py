"""Batch resolution of the whole registry, and its management command."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from nncc.kernel.models import AuditEntry
from nncc.resolution.models import CandidateStatus, MatchCandidate, Merge, ResolutionKey
from nncc.resolution.services import merge_undo, resolve_all
from nncc.resolution.tests.db_world import make_world, memberships, statement

pytestmark = pytest.mark.django_db

BORN = datetime.date(1979, 9, 30)


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def registry(world):
    """Asif at three agencies (one knows his CNIC, two his phone), Sher Ali once, and a
    namesake of Asif with another CNIC."""
    return {
        "anf": statement(
            world.anf, "Muhammad Asif Khan", father="Gul Khan", born=BORN,
            cnic="30000-1234567-1", phone="+923005550101",
        ),
        "customs": statement(
            world.customs, "Mohd Aasif Khan", father="Gul Khan", birth_year=1979,
            cnic="30000-1234567-1",
        ),
        "centre": statement(
            world.centre, "Asif Khan", father="Gul Khan", born=BORN, phone="+923005550101",
            cnic="30000-1234567-1",
        ),
        "sher": statement(world.anf, "Sher Ali Afridi", father="Noor Ali", birth_year=1990),
        "namesake": statement(
            world.customs, "Muhammad Asif Khan", father="Gul Khan", born=BORN,
            cnic="30000-9999999-1",
        ),
    }  # fmt: skip


def test_the_batch_joins_each_mans_statements_and_no_one_elses(world, registry):
    summary = resolve_all(acting_user=None)
    assert summary.persons == 5 and summary.merges == 2
    placed = memberships(*registry.values())
    asif = {placed[registry[k].pk] for k in ("anf", "customs", "centre")}
    assert len(asif) == 1
    assert placed[registry["namesake"].pk] not in asif
    assert placed[registry["sher"].pk] not in asif
    assert ResolutionKey.objects.exists()
    assert set(Merge.objects.values_list("kind", flat=True)) == {"batch"}
    run = AuditEntry.objects.get(target_label="batch resolution of the registry")
    assert run.detail["merges"] == 2

    again = resolve_all(acting_user=None)
    assert again.merges == 0 and memberships(*registry.values()) == placed


def test_the_batch_respects_decisions_and_undone_merges(world, registry):
    anf, customs = registry["anf"], registry["customs"]
    MatchCandidate.objects.create(
        person_a=anf, person_b=customs, probability=0.9, status=CandidateStatus.DIFFERENT
    )
    resolve_all(acting_user=None)
    placed = memberships(anf, customs, registry["centre"])
    assert placed[anf.pk] != placed[customs.pk]

    merge = Merge.objects.filter(undone_at__isnull=True).first()
    assert merge is not None
    merge_undo(acting_user=world.centre_analyst, merge=merge)
    before = memberships(*registry.values())
    resolve_all(acting_user=world.centre_analyst)
    # the undone pair waits for a reviewer instead of being joined again
    assert memberships(*registry.values()) == before


def test_only_the_centre_runs_the_batch(world, registry):
    with pytest.raises(PermissionDenied):
        resolve_all(acting_user=world.anf_analyst)
    assert not Merge.objects.exists()


def test_the_management_command(world, registry):
    out = io.StringIO()
    call_command("resolve_registry", stdout=out, stderr=io.StringIO())
    assert "5 statements" in out.getvalue() and "2 merges" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("resolve_registry", "--as", "nobody", stdout=out, stderr=out)
    with pytest.raises(CommandError, match="centre"):
        call_command("resolve_registry", "--as", "anf_analyst", stdout=out, stderr=out)
