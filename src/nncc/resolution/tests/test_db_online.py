"""Online resolution of one arriving statement, on the database, with the shipped model."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from nncc.kernel.models import AuditEntry
from nncc.resolution import online
from nncc.resolution.models import (
    CandidateStatus,
    IdentityMember,
    MatchCandidate,
    Merge,
    ResolutionKey,
)
from nncc.resolution.tests.db_world import make_world, memberships, statement

pytestmark = pytest.mark.django_db

CNIC_1 = "30000-1234567-1"
CNIC_2 = "30000-7654321-3"
BORN = datetime.date(1981, 4, 12)


@pytest.fixture
def world():
    return make_world()


def asif(agency, **fields):
    values = {
        "father": "Gul Khan",
        "born": BORN,
        "cnic": CNIC_1,
        "phone": "+923005550101",
    } | fields
    name = values.pop("name", "Muhammad Asif Khan")
    return statement(agency, name, **values)


def model_with(**thresholds):
    return dataclasses.replace(online.current_model(), **thresholds)


def test_keys_are_stored_and_found(world):
    first = asif(world.anf)
    result = online.resolve_person(first)
    stored = set(ResolutionKey.objects.filter(person=first).values_list("key", flat=True))
    expected = online.keys_of(online.prepared_of(online.records_of([first]))[first.pk])
    assert stored == expected and stored
    assert result.identity_id == memberships(first)[first.pk]
    # re-resolving keeps one row per key
    online.resolve_person(first)
    assert ResolutionKey.objects.filter(person=first).count() == len(stored)


def test_the_same_man_at_two_agencies_is_linked(world):
    anf = asif(world.anf)
    online.resolve_person(anf)
    customs = asif(world.customs, name="Mohd Aasif Khan", born=None, birth_year=1981)
    result = online.resolve_person(customs)
    assert result.linked, result
    placed = memberships(anf, customs)
    assert placed[anf.pk] == placed[customs.pk]
    candidate = MatchCandidate.objects.get()
    assert candidate.status == CandidateStatus.AUTO and candidate.explanation
    assert {f["outcome"] for f in candidate.explanation} >= {"agree"}
    merge = Merge.objects.get()
    assert merge.kind == "auto" and merge.candidate == candidate
    assert AuditEntry.objects.filter(target_type="resolution.merge", action="create").exists()


def test_different_cnics_are_never_linked(world):
    anf = asif(world.anf)
    online.resolve_person(anf)
    other = asif(world.customs, cnic=CNIC_2)
    result = online.resolve_person(other)
    assert result.linked == []
    placed = memberships(anf, other)
    assert placed[anf.pk] != placed[other.pk]
    assert not MatchCandidate.objects.filter(status=CandidateStatus.AUTO).exists()


def test_a_chain_never_joins_two_cnics(world):
    anf = asif(world.anf)
    online.resolve_person(anf)
    bridge = asif(world.customs, cnic="")  # no CNIC: it links to the ANF statement
    online.resolve_person(bridge)
    assert len(set(memberships(anf, bridge).values())) == 1
    other = asif(world.customs, cnic=CNIC_2, phone="")
    online.resolve_person(other)
    placed = memberships(anf, bridge, other)
    assert placed[other.pk] != placed[anf.pk]


def test_the_grey_zone_is_queued_for_review(world):
    anf = asif(world.anf)
    customs = asif(world.customs, cnic="", phone="", born=None, birth_year=1981)
    online.resolve_person(anf)
    pair = online.compare_pair(anf, customs).probability
    model = model_with(review_threshold=pair - 0.01, auto_link_threshold=min(pair + 0.01, 1.0))
    result = online.resolve_person(customs, model=model)
    assert result.linked == [] and len(result.queued) == 1
    candidate = MatchCandidate.objects.get(pk=result.queued[0])
    assert candidate.status == CandidateStatus.PENDING
    assert candidate.probability == pytest.approx(pair)
    placed = memberships(anf, customs)
    assert placed[anf.pk] != placed[customs.pk]
    entry = AuditEntry.objects.get(target_type="resolution.identity")
    assert entry.detail["queued"] == result.queued
    # a second look refreshes the score and leaves the pair waiting for its reviewer
    again = online.resolve_person(customs, model=model_with(auto_link_threshold=0.0))
    assert again.linked == []
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING


def test_a_reviewers_different_is_kept(world):
    anf = asif(world.anf)
    customs = asif(world.customs)
    low, high = sorted((anf, customs), key=lambda p: p.pk)
    MatchCandidate.objects.create(
        person_a=low, person_b=high, probability=0.5, status=CandidateStatus.DIFFERENT
    )
    online.resolve_person(anf)
    result = online.resolve_person(customs)
    assert result.linked == []
    placed = memberships(anf, customs)
    assert placed[anf.pk] != placed[customs.pk]


def test_too_common_keys_are_neither_used_nor_stored(world, monkeypatch):
    monkeypatch.setattr(online, "MAX_PER_KEY", 2)
    crowd = [asif(world.anf, cnic="", phone="", father=f"Father {n}") for n in range(3)]
    for person in crowd:
        online.resolve_person(person)
    latest = asif(world.anf, cnic="", phone="", father="Another Father")
    keys = online.keyed(online.prepared_of(online.records_of([latest]))[latest.pk])
    _, saturated = online.find_candidates(latest.pk, keys)
    assert saturated, "the shared date-of-birth and name keys are held by three statements"
    online.resolve_person(latest)
    stored = set(ResolutionKey.objects.filter(person=latest).values_list("key", flat=True))
    assert not stored & saturated


def test_garbage_resolves_on_what_is_valid(world):
    junk = statement(world.anf, "12345 😀😀", father="", birth_year=1980)
    result = online.resolve_person(junk)
    assert result.identity_id and IdentityMember.objects.filter(person=junk).exists()
    assert result.problems


def test_many_statements_at_once(world):
    persons = [asif(world.anf), asif(world.customs), statement(world.anf, "Sher Ali Afridi")]
    seen: list[int] = []
    summary = online.resolve_persons([p.pk for p in persons], progress=seen.append)
    assert summary.persons == 3 and summary.linked == 1 and seen == [3]
    assert IdentityMember.objects.count() == 3
    assert len(set(memberships(*persons).values())) == 2


def test_a_statement_as_the_core_reads_it(world):
    from nncc.registry.models import Identifier

    person = statement(
        world.customs, "", name_urdu="محمد آصف خان", birth_year=1981, sex="U", nationality="AF"
    )
    person.father_name_urdu = "گل خان"
    person.save()
    Identifier.objects.create(person=person, kind="nicop", value=CNIC_1)
    Identifier.objects.create(person=person, kind="por", value="POR0000123456")
    Identifier.objects.create(person=person, kind="tazkira", value="1399-0000-12345")
    record = online.records_of([person])[person.pk]
    assert record.record_id == str(person.pk)
    assert (record.full_name, record.father_name) == ("محمد آصف خان", "گل خان")
    assert (record.date_of_birth, record.sex, record.nationality) == ("1981", "", "AF")
    assert (record.cnics, record.pors, record.passports) == ((CNIC_1,), ("POR0000123456",), ())


def test_a_model_trained_on_the_registry_replaces_the_shipped_one(world):
    import json

    from nncc.resolution.model import default_model
    from nncc.resolution.models import StoredModel

    assert online.current_model() is default_model()
    parameters = json.loads(default_model().to_json()) | {"auto_link_threshold": 0.999}
    StoredModel.objects.create(parameters=parameters, note="trained on this registry")
    assert online.current_model().auto_link_threshold == 0.999
