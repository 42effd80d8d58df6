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


def test_candidates_are_found_in_one_query_for_all_keys(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = asif(world.anf)
    online.resolve_person(first)
    second = asif(world.customs)
    keys = online.keyed(online.prepared_of(online.records_of([second]))[second.pk])
    assert len(keys) > 3
    with CaptureQueriesContext(connection) as queries:
        found, saturated = online.find_candidates(second.pk, keys)
    assert found == [first.pk] and not saturated
    assert len(queries) == 1


def test_a_key_pushed_past_its_bound_is_still_read_bounded(world, monkeypatch):
    # concurrent writers can store a key for more statements than the bound: it is saturated
    # all the same, and the statements it does not hold in common are still found
    monkeypatch.setattr(online, "MAX_PER_KEY", 2)
    crowd = [asif(world.anf, cnic="", phone="", father=f"Father {n}") for n in range(4)]
    latest = asif(world.customs, cnic="", phone="", father="Another Father")
    keys = online.keyed(online.prepared_of(online.records_of([latest]))[latest.pk])
    common = [value for value, text in keys.items() if text.startswith("dob")]
    ResolutionKey.objects.bulk_create(
        ResolutionKey(person=person, key=value) for person in crowd for value in keys
    )
    mine = next(value for value in keys if value not in common)
    ResolutionKey.objects.filter(key=mine).exclude(person=crowd[0]).delete()
    found, saturated = online.find_candidates(latest.pk, keys)
    assert found == [crowd[0].pk]
    assert saturated == set(keys) - {mine}


def test_a_waiting_pair_is_closed_when_an_arrival_joins_its_statements(world):
    anf = asif(world.anf)
    customs = asif(world.customs, phone="")
    low, high = sorted((anf, customs), key=lambda p: p.pk)
    waiting = MatchCandidate.objects.create(person_a=low, person_b=high, probability=0.8)
    online.resolve_person(anf)
    online.resolve_person(customs)  # the pair waits for its reviewer: nothing joined
    assert len(set(memberships(anf, customs).values())) == 2
    bridge = asif(world.anf, name="Muhammad Asif")
    result = online.resolve_person(bridge)
    assert len(result.linked) == 2
    assert len(set(memberships(anf, customs, bridge).values())) == 1
    waiting.refresh_from_db()
    assert waiting.status == CandidateStatus.JOINED
    entry = AuditEntry.objects.get(target_type="resolution.matchcandidate", target_id=waiting.pk)
    assert (entry.before, entry.after) == ({"status": "pending"}, {"status": "joined"})


def test_a_grey_pair_of_statements_already_one_person_is_not_queued(world):
    from nncc.resolution.services import identities_merge

    anf = asif(world.anf)
    customs = asif(world.customs, cnic="", phone="", born=None, birth_year=1981)
    identities_merge(acting_user=None, person_a=anf.pk, person_b=customs.pk, kind="decision")
    online.resolve_person(anf)
    pair = online.compare_pair(anf, customs).probability
    model = model_with(review_threshold=pair - 0.01, auto_link_threshold=min(pair + 0.01, 1.0))
    result = online.resolve_person(customs, model=model)
    assert result.queued == []
    assert MatchCandidate.objects.get().status == CandidateStatus.JOINED


# --- the stored model -----------------------------------------------------------------------


def _model_file(tmp_path, **changes):
    import json

    from nncc.resolution.model import default_model

    data = json.loads(default_model().to_json()) | changes
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_stored_model_is_the_one_online_resolution_scores_with(world, tmp_path):
    import io

    from django.core.management import call_command

    from nncc.resolution.model import Model, default_model
    from nncc.resolution.models import StoredModel

    # far rarer matches and a stricter auto-link: the same pair scores and ends differently
    path = _model_file(tmp_path, prior=1e-9, auto_link_threshold=0.999999, review_threshold=0.01)
    out = io.StringIO()
    call_command(
        "resolution_train", "--from-file", str(path), "--note", "test model",
        "--as", "centre_analyst", stdout=out,
    )  # fmt: skip
    assert "now active" in out.getvalue()
    stored = StoredModel.objects.get()
    expected = Model.from_json(path.read_text(encoding="utf-8"))
    assert stored.parameters["parameters"] == expected.parameters and stored.note == "test model"
    entry = AuditEntry.objects.get(target_type="resolution.storedmodel")
    assert entry.action == "create" and entry.actor == world.centre_analyst
    assert entry.channel == "cli"

    anf = asif(world.anf)
    online.resolve_person(anf)
    customs = asif(world.customs, name="Mohd Aasif Khan", born=None, birth_year=1981, cnic="")
    result = online.resolve_person(customs)
    candidate = MatchCandidate.objects.get()
    mine = online.compare_pair(anf, customs, expected)
    shipped = online.compare_pair(anf, customs, default_model()).probability
    assert candidate.match_weight == pytest.approx(mine.match_weight)
    mine = mine.probability
    assert candidate.probability == pytest.approx(mine) and mine != pytest.approx(shipped)
    # linked with the shipped model (see above); the stored one only queues it
    assert shipped >= default_model().auto_link_threshold
    assert expected.auto_link_threshold > mine >= expected.review_threshold
    assert result.linked == [] and result.queued == [candidate.pk]


def test_storing_a_model_is_refused_to_others_and_checked(world, tmp_path):
    from django.core.management import CommandError, call_command

    from nncc.resolution.models import StoredModel

    path = _model_file(tmp_path)
    with pytest.raises(CommandError, match="centre's analysts"):
        call_command("resolution_train", "--from-file", str(path), "--as", "anf_analyst")
    bad = _model_file(tmp_path, review_threshold=0.999, auto_link_threshold=0.9)
    with pytest.raises(CommandError, match="thresholds"):
        call_command("resolution_train", "--from-file", str(bad))
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="Not a resolution model"):
        call_command("resolution_train", "--from-file", str(tmp_path / "junk.json"))
    assert not StoredModel.objects.exists()
    assert not AuditEntry.objects.filter(target_type="resolution.storedmodel").exists()


def test_an_older_model_is_made_active_again(world, tmp_path):
    import io

    from django.core.management import call_command

    from nncc.resolution.models import StoredModel

    call_command("resolution_train", "--from-file", str(_model_file(tmp_path, prior=1e-5)))
    first = StoredModel.objects.get()
    call_command("resolution_train", "--from-file", str(_model_file(tmp_path, prior=1e-7)))
    assert online.current_model().prior == 1e-7
    call_command("resolution_train", "--activate", str(first.pk), stdout=io.StringIO())
    assert online.current_model().prior == 1e-5
    assert StoredModel.objects.count() == 3
    listed = io.StringIO()
    call_command("resolution_train", "--list", stdout=listed)
    assert listed.getvalue().splitlines()[0].split()[:2] == [
        str(StoredModel.objects.order_by("-id").first().pk),
        "active",
    ]


def _registry_of_synthetic_men(world, persons):
    """Agencies' statements about ``persons`` synthetic men, several about some of them."""
    from nncc.registry.models import Identifier, Person, Phone
    from nncc.resolution import synthetic

    records, _ = synthetic.generate(persons, seed=3)
    agencies = (world.anf, world.customs)
    for index, record in enumerate(records):
        born = record.date_of_birth
        if len(born) == 10:
            try:
                datetime.date.fromisoformat(born)
            except ValueError:  # a date as an agency mistyped it: its year is what it gives
                born = born[:4]
        person = Person.objects.create(
            agency=agencies[index % 2],
            handling_code="restricted",
            agency_record_id=record.record_id,
            name_latin=record.full_name,
            father_name_latin=record.father_name,
            sex=record.sex,
            nationality=record.nationality,
            date_of_birth=datetime.date.fromisoformat(born) if len(born) == 10 else None,
            birth_year=int(born) if len(born) == 4 and born.isdigit() else None,
        )
        for kind, values in (("cnic", record.cnics), ("passport", record.passports)):
            for value in values:
                Identifier.objects.create(person=person, kind=kind, value=value, raw=value)
        for value in record.phones:
            Phone.objects.create(person=person, e164=value, raw=value)
    return len(records)


def test_a_model_trained_on_the_registry_is_stored_and_used(world):
    import io

    from django.core.management import CommandError, call_command

    from nncc.resolution.model import default_model
    from nncc.resolution.models import StoredModel

    held = _registry_of_synthetic_men(world, 150)
    with pytest.raises(CommandError, match="at least 1000"):
        call_command("resolution_train", stderr=io.StringIO())
    call_command("resolution_train", "--minimum", "100", stdout=io.StringIO(), stderr=io.StringIO())
    stored = StoredModel.objects.get()
    model = online.current_model()
    assert model.parameters == stored.parameters["parameters"]
    assert f"{held} statements of the registry" in model.description
    assert model.parameters != default_model().parameters
    # the thresholds stay those of the model active before
    assert model.auto_link_threshold == default_model().auto_link_threshold
    entry = AuditEntry.objects.get(target_type="resolution.storedmodel")
    assert entry.detail["source"] == f"registry:{held}"
