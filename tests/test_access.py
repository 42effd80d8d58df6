"""The visibility rule in SQL (``Model.objects.visible_to``) against an independent oracle.

The oracle is plain Python over every row of a model: it reads each record's owner, handling code
and joint partners by walking the objects, and decides from the rule as the conventions state it.
Every operational model is checked for every persona, on a fixed population and on random ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Model
from django.http import Http404
from django.urls import reverse
from factories import (
    AddressFactory,
    AgencyFactory,
    ArrestFactory,
    CentreAgencyFactory,
    EradicationRecordFactory,
    IdentifierFactory,
    LinkFactory,
    OrganisationFactory,
    PersonFactory,
    PhoneFactory,
    SeizureEventFactory,
    VehicleFactory,
    make_user,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nncc.agencies.models import Membership
from nncc.eradication.models import EradicationRecord
from nncc.intake.models import Arrest, DrugLine, SeizureEvent
from nncc.kernel.access import Role, access_object, viewer_for
from nncc.kernel.models import HandlingCode
from nncc.kernel.testing import api_client, ui_client
from nncc.registry.models import Address, Identifier, Link, Organisation, Person, Phone, Vehicle

OPERATIONAL_MODELS: tuple[type[Model], ...] = (
    SeizureEvent,
    DrugLine,
    Arrest,
    Person,
    Identifier,
    Phone,
    Vehicle,
    Organisation,
    Address,
    Link,
    EradicationRecord,
)
HANDLING = tuple(HandlingCode.values)


# --- the oracle ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What decides a record's visibility, read from the objects (not from SQL filters)."""

    pk: Any
    owner_id: int
    handling_code: str
    partner_ids: frozenset[int]


def _event_partners(event: SeizureEvent | None) -> frozenset[int]:
    if event is None:
        return frozenset()
    return frozenset(p.agency_id for p in event.participations.all())


def facts_of(obj: Model) -> Facts:
    """Owner, handling code and joint partners of one record, by walking its relations."""
    if isinstance(obj, DrugLine):
        parent = facts_of(obj.event)
        return Facts(obj.pk, parent.owner_id, parent.handling_code, parent.partner_ids)
    if isinstance(obj, Identifier | Phone):
        parent = facts_of(obj.person)
        return Facts(obj.pk, parent.owner_id, parent.handling_code, parent.partner_ids)
    if isinstance(obj, SeizureEvent):
        partners = _event_partners(obj)
    elif isinstance(obj, Arrest):
        partners = _event_partners(obj.event)
    else:
        partners = frozenset()
    return Facts(obj.pk, obj.agency_id, obj.handling_code, partners)


@dataclass(frozen=True)
class Asker:
    """The user's standing, read from his memberships (not from ``kernel.access``)."""

    signed_in: bool
    agency_id: int | None = None
    is_centre: bool = False
    is_superuser: bool = False


def asker_of(user: Any) -> Asker:
    if user is None or not user.is_authenticated or not user.is_active:
        return Asker(signed_in=False)
    agencies = [
        m.agency
        for m in Membership.objects.filter(user_id=user.pk).select_related("agency")
        if m.agency.is_active
    ]
    agency = agencies[0] if agencies else None
    return Asker(
        signed_in=True,
        agency_id=agency.pk if agency else None,
        is_centre=bool(agency and agency.kind == "centre"),
        is_superuser=bool(user.is_superuser),
    )


def oracle_sees(asker: Asker, facts: Facts) -> bool:
    """The rule of the conventions, stated once more in plain Python."""
    if not asker.signed_in:
        return False
    if asker.agency_id is None:
        # A platform operator without an agency sees the national picture, never sources.
        return asker.is_superuser and facts.handling_code != HandlingCode.SOURCE_RESTRICTED
    if facts.owner_id == asker.agency_id:
        return True
    if facts.handling_code == HandlingCode.SOURCE_RESTRICTED:
        return False
    if asker.is_centre or facts.handling_code == HandlingCode.SHARED:
        return True
    return facts.handling_code == HandlingCode.RESTRICTED and asker.agency_id in facts.partner_ids


def all_facts(model: type[Model]) -> list[Facts]:
    return [facts_of(obj) for obj in model._base_manager.all()]


def expected_pks(model: type[Model], user: Any, facts: list[Facts] | None = None) -> set[Any]:
    asker = asker_of(user)
    return {f.pk for f in (all_facts(model) if facts is None else facts) if oracle_sees(asker, f)}


def visible_pks(model: type[Model], user: Any) -> set[Any]:
    return set(model.objects.visible_to(user).values_list("pk", flat=True))


def mismatches(personas: dict[str, Any]) -> list[str]:
    problems = []
    for model in OPERATIONAL_MODELS:
        facts = all_facts(model)
        for name, user in personas.items():
            if user is not None and hasattr(user, "_nncc_viewer"):
                del user._nncc_viewer
            expected, actual = expected_pks(model, user, facts), visible_pks(model, user)
            if expected != actual:
                problems.append(
                    f"{model.__name__} as {name}: missing {sorted(expected - actual)}, "
                    f"leaked {sorted(actual - expected)}"
                )
    return problems


# --- a fixed population --------------------------------------------------------------------


def populate(agencies: list[Any]) -> None:
    """Every operational model, owned by each agency, with each handling code, plus joints."""
    for index, owner in enumerate(agencies):
        partner = agencies[(index + 1) % len(agencies)]
        for code in HANDLING:
            event = SeizureEventFactory(agency=owner, handling_code=code, drug_lines=2)
            joint = SeizureEventFactory(agency=owner, handling_code=code, participants=[partner])
            ArrestFactory(event=event, handling_code=code)
            ArrestFactory(event=joint, handling_code=code)
            ArrestFactory(agency=owner, handling_code=code)  # an arrest without an event
            person = PersonFactory(agency=owner, handling_code=code)
            IdentifierFactory(person=person)
            PhoneFactory(person=person)
            VehicleFactory(agency=owner, handling_code=code)
            OrganisationFactory(agency=owner, handling_code=code)
            AddressFactory(agency=owner, handling_code=code)
            LinkFactory(agency=owner, handling_code=code)
            EradicationRecordFactory(agency=owner, handling_code=code)
        # A shared event with a restricted arrest in it: the arrest stays restricted.
        shared_joint = SeizureEventFactory(
            agency=owner, handling_code=HandlingCode.SHARED, participants=[partner]
        )
        ArrestFactory(event=shared_joint, handling_code=HandlingCode.SOURCE_RESTRICTED)


@pytest.fixture
def population(anf: Any, customs: Any, centre: Any) -> list[Any]:
    frontier = AgencyFactory(code="FC", name="Frontier Corps")
    agencies = [anf, customs, centre, frontier]
    populate(agencies)
    return agencies


@pytest.fixture
def personas(
    anf: Any,
    customs: Any,
    centre: Any,
    anf_officer: Any,
    anf_analyst: Any,
    anf_supervisor: Any,
    anf_auditor: Any,
    customs_officer: Any,
    customs_analyst: Any,
    centre_analyst: Any,
    centre_auditor: Any,
    platform_admin: Any,
) -> dict[str, Any]:
    closed = AgencyFactory(code="CLOSED", name="A disbanded agency", is_active=False)
    return {
        "anf_officer": anf_officer,
        "anf_analyst": anf_analyst,
        "anf_supervisor": anf_supervisor,
        "anf_auditor": anf_auditor,
        "customs_officer": customs_officer,
        "customs_analyst": customs_analyst,
        "centre_analyst": centre_analyst,
        "centre_auditor": centre_auditor,
        "platform_admin": platform_admin,
        "anf_superuser": make_user(anf, Role.ANALYST, username="anf_superuser", is_superuser=True),
        "anonymous": AnonymousUser(),
        "none": None,
        "inactive": make_user(anf, Role.SUPERVISOR, username="inactive", is_active=False),
        "no_agency": make_user(None, username="no_agency"),
        "closed_agency": make_user(closed, Role.SUPERVISOR, username="closed_agency"),
    }


@pytest.mark.django_db
def test_sql_rule_matches_the_oracle_for_every_model_and_persona(
    population: list[Any], personas: dict[str, Any]
) -> None:
    assert mismatches(personas) == []


@pytest.mark.django_db
def test_the_population_exercises_every_clause(
    population: list[Any], personas: dict[str, Any]
) -> None:
    """Guard against a vacuous oracle: each clause of the rule decides some record."""
    anf, customs, centre, _frontier = population
    customs_sees = expected_pks(SeizureEvent, personas["customs_analyst"])
    centre_sees = expected_pks(SeizureEvent, personas["centre_analyst"])
    events = SeizureEvent.objects.all()
    anf_joint = events.get(agency=anf, handling_code="restricted", participations__agency=customs)
    anf_restricted = events.filter(agency=anf, handling_code="restricted", participations=None)
    anf_source = events.filter(agency=anf, handling_code="source_restricted")
    anf_shared = events.filter(agency=anf, handling_code="shared")
    assert anf_joint.pk in customs_sees
    assert not customs_sees & {e.pk for e in anf_restricted}
    assert not customs_sees & {e.pk for e in anf_source}
    assert {e.pk for e in anf_shared} <= customs_sees
    assert {e.pk for e in anf_restricted} <= centre_sees
    assert not centre_sees & {e.pk for e in anf_source}
    total = SeizureEvent.objects.count()
    for name in ("anonymous", "none", "inactive", "no_agency", "closed_agency"):
        assert expected_pks(SeizureEvent, personas[name]) == set(), name
    assert len(expected_pks(SeizureEvent, personas["anf_analyst"])) < total
    assert len(centre_sees) < total
    # A joint partner sees the arrests of the joint event, not other restricted arrests.
    joint_arrests = set(Arrest.objects.filter(event=anf_joint).values_list("pk", flat=True))
    assert joint_arrests and joint_arrests <= expected_pks(Arrest, personas["customs_analyst"])
    assert centre.kind == "centre"


@pytest.mark.django_db
def test_examples_of_the_rule(
    anf_seizures: dict[str, Any], joint_seizure: Any, customs_analyst: Any
) -> None:
    """A few answers spelled out, independent of the oracle."""
    visible = visible_pks(SeizureEvent, customs_analyst)
    assert visible == {anf_seizures["shared"].pk, joint_seizure.pk}
    lines = set(DrugLine.objects.visible_to(customs_analyst).values_list("event_id", flat=True))
    assert lines == visible


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("anf_analyst", {"shared", "restricted", "source_restricted"}),
        ("customs_analyst", {"shared"}),
        ("centre_analyst", {"shared", "restricted"}),
        ("centre_auditor", {"shared", "restricted"}),
    ],
)
def test_every_record_type_follows_its_handling_code(
    anf_records: dict[str, dict[str, Any]], viewer: str, sees: set[str], request: Any
) -> None:
    user = request.getfixturevalue(viewer)
    for kind, records in anf_records.items():
        model = type(records["shared"])
        visible = visible_pks(model, user)
        shown = {code for code, record in records.items() if record.pk in visible}
        assert shown == sees, f"{viewer} sees {sorted(shown)} of the {kind} records"


@pytest.mark.django_db
def test_viewer_may_be_passed_instead_of_a_user(anf_seizures: dict[str, Any], customs: Any):
    analyst = make_user(customs, Role.ANALYST)
    viewer = viewer_for(analyst)
    via_user = visible_pks(SeizureEvent, analyst)
    via_viewer = set(SeizureEvent.objects.visible_to(viewer).values_list("pk", flat=True))
    assert via_viewer == via_user == {anf_seizures["shared"].pk}


@pytest.mark.django_db
def test_a_new_request_sees_a_revoked_membership(anf_seizures: dict[str, Any], anf: Any):
    from django.contrib.auth import get_user_model

    analyst = make_user(anf, Role.ANALYST)
    assert len(visible_pks(SeizureEvent, analyst)) == 3
    Membership.objects.filter(user=analyst).delete()
    reloaded = get_user_model().objects.get(pk=analyst.pk)  # the next request loads the user anew
    assert visible_pks(SeizureEvent, reloaded) == set()


# --- random populations --------------------------------------------------------------------

AGENCY_COUNT = 4  # three federal agencies and the centre (index 3)

handling = st.sampled_from(HANDLING)
owner = st.integers(0, AGENCY_COUNT - 1)
event_spec = st.tuples(
    owner, handling, st.frozensets(owner, max_size=2), st.integers(0, 2), st.integers(0, 2)
)
registry_spec = st.tuples(st.sampled_from(("vehicle", "organisation", "address", "link")), owner)
persona_spec = st.tuples(
    st.one_of(st.none(), owner),
    st.lists(st.sampled_from([r for r, _ in Role.CHOICES]), min_size=1, max_size=2, unique=True),
    st.booleans(),  # active
    st.booleans(),  # superuser
)


def build(events: list, records: list, personas: list, handlings: list) -> dict[str, Any]:
    agencies = [AgencyFactory(code=f"HY{i}", name=f"Agency {i}") for i in range(AGENCY_COUNT - 1)]
    agencies.append(CentreAgencyFactory(code="HYC"))
    codes = iter(handlings * 20)
    for owner_index, code, partners, lines, arrests in events:
        agency = agencies[owner_index]
        event = SeizureEventFactory(
            agency=agency,
            handling_code=code,
            drug_lines=lines,
            participants=[agencies[p] for p in sorted(partners) if p != owner_index],
        )
        for _ in range(arrests):
            arrest = ArrestFactory(event=event, handling_code=next(codes))
            IdentifierFactory(person=arrest.person)
            PhoneFactory(person=arrest.person)
    for kind, owner_index in records:
        factory = {
            "vehicle": VehicleFactory,
            "organisation": OrganisationFactory,
            "address": AddressFactory,
            "link": LinkFactory,
        }[kind]
        factory(agency=agencies[owner_index], handling_code=next(codes))
    EradicationRecordFactory(agency=agencies[0], handling_code=next(codes))
    people: dict[str, Any] = {"anonymous": AnonymousUser()}
    for agency in agencies:  # an analyst of every agency, so each agency's view is checked
        people[f"{agency.code} analyst"] = make_user(agency, Role.ANALYST)
    for index, (agency_index, roles, active, superuser) in enumerate(personas):
        agency = agencies[agency_index] if agency_index is not None else None
        people[f"persona{index}"] = make_user(
            agency,
            *(roles if agency is not None else []),
            is_active=active,
            is_superuser=superuser,
        )
    return people


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure prints every mismatch of its population, which is explanation
    # enough, and shrinking a database population takes minutes.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    events=st.lists(event_spec, min_size=1, max_size=6),
    records=st.lists(registry_spec, max_size=5),
    personas=st.lists(persona_spec, min_size=1, max_size=4),
    handlings=st.lists(handling, min_size=1, max_size=5),
)
def test_random_populations_match_the_oracle(
    events: list, records: list, personas: list, handlings: list
) -> None:
    with transaction.atomic():
        people = build(events, records, personas, handlings)
        problems = mismatches(people)
        transaction.set_rollback(True)
    assert problems == []


# --- one object ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_access_object_returns_a_visible_record(anf_seizures: dict[str, Any], customs: Any):
    analyst = make_user(customs, Role.ANALYST)
    shared = anf_seizures["shared"]
    assert access_object(SeizureEvent.objects.all(), user=analyst, pk=shared.pk) == shared


@pytest.mark.django_db
@pytest.mark.parametrize("handling_code", ["restricted", "source_restricted"])
def test_access_object_answers_404_alike_for_forbidden_and_missing(
    anf_seizures: dict[str, Any], customs: Any, handling_code: str
):
    analyst = make_user(customs, Role.ANALYST)
    forbidden = anf_seizures[handling_code]
    missing = max(SeizureEvent.objects.values_list("pk", flat=True)) + 1000
    messages = []
    for pk in (forbidden.pk, missing, "not-a-number", None):
        with pytest.raises(Http404) as caught:
            access_object(SeizureEvent.objects.all(), user=analyst, pk=pk)
        messages.append(str(caught.value))
    assert len(set(messages)) == 1, "the answer tells missing and forbidden apart"


@pytest.mark.django_db
def test_access_object_refuses_anonymous_and_the_centre_on_sources(
    anf_seizures: dict[str, Any], centre_analyst: Any
):
    source = anf_seizures["source_restricted"]
    for user in (AnonymousUser(), None, centre_analyst):
        with pytest.raises(Http404):
            access_object(SeizureEvent.objects.all(), user=user, pk=source.pk)
    restricted = anf_seizures["restricted"]
    assert access_object(SeizureEvent.objects, user=centre_analyst, pk=restricted.pk) == restricted


@pytest.mark.django_db
def test_access_object_follows_the_parent_of_child_records(
    anf_seizures: dict[str, Any], customs: Any
):
    analyst = make_user(customs, Role.ANALYST)
    hidden_line = anf_seizures["restricted"].drug_lines.get()
    shown_line = anf_seizures["shared"].drug_lines.get()
    assert access_object(DrugLine.objects.all(), user=analyst, pk=shown_line.pk) == shown_line
    with pytest.raises(Http404):
        access_object(DrugLine.objects.all(), user=analyst, pk=hidden_line.pk)


# --- revocation takes effect on the next request -------------------------------------------


@pytest.mark.django_db
def test_a_revoked_membership_hides_records_on_the_next_request(
    anf_seizures: dict[str, Any], anf_analyst: Any
) -> None:
    browser, machine = ui_client(anf_analyst), api_client(anf_analyst)
    page, endpoint = reverse("intake:seizure_list"), "/api/seizures/"
    shared = anf_seizures["shared"]
    assert browser.get(reverse("intake:seizure_detail", args=[shared.pk])).status_code == 200
    assert machine.get(endpoint).json()["count"] == 3
    Membership.objects.filter(user=anf_analyst).delete()
    assert browser.get(reverse("intake:seizure_detail", args=[shared.pk])).status_code == 404
    assert browser.get(page).context["page"].paginator.count == 0
    assert machine.get(endpoint).json()["count"] == 0


@pytest.mark.django_db
def test_a_disabled_account_is_signed_out_on_the_next_request(
    anf_seizures: dict[str, Any], anf_analyst: Any
) -> None:
    browser, machine = ui_client(anf_analyst), api_client(anf_analyst)
    page = reverse("intake:seizure_list")
    assert browser.get(page).status_code == 200
    assert machine.get("/api/seizures/").status_code == 200
    anf_analyst.is_active = False
    anf_analyst.save(update_fields=["is_active"])
    response = browser.get(page)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert machine.get("/api/seizures/").status_code == 401
