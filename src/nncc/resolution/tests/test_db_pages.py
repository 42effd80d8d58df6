"""The resolved-person page, the review queue and the API, through HTTP: what each user sees.

The Customs statement carries canary values (a name, a record id, a passport, a phone) that must
never reach an ANF user: he learns only that Customs holds a record and whom to call.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nncc.agencies.models import Agency
from nncc.kernel.access import Role
from nncc.kernel.models import AuditEntry
from nncc.kernel.testing import make_user
from nncc.resolution.models import MatchCandidate, Merge
from nncc.resolution.services import ensure_identities, identities_merge
from nncc.resolution.tests.db_world import client_for, make_world, memberships, statement

pytestmark = pytest.mark.django_db

CNIC = "30000-1234567-1"
CANARIES = ("Zarghunshah", "CANARY99", "+923005559876")


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def case(world):
    """One man: ANF's statement and Customs' (restricted) statement, joined; a pair between them."""
    anf = statement(
        world.anf, "Gul Khan Afridi", father="Sher Khan", cnic=CNIC, born=datetime.date(1980, 3, 4)
    )
    customs = statement(
        world.customs,
        "Zarghunshah Gul Khan",
        father="Sher Khan",
        cnic=CNIC,
        passport="CANARY99",
        phone="+923005559876",
    )
    customs.agency_record_id = "CUS-SECRET-1"
    customs.save()
    # linked automatically, as the online resolver leaves such a pair
    candidate = MatchCandidate.objects.create(
        person_a=anf,
        person_b=customs,
        probability=0.97,
        status="auto",
        explanation=[
            {"name": "cnic", "outcome": "agree", "detail": f"both {CNIC}", "weight": 9.0},
            {"name": "name", "outcome": "close", "detail": "Zarghunshah?", "weight": 1.0},
        ],
    )
    merge = identities_merge(
        acting_user=None, person_a=anf.pk, person_b=customs.pk, kind="auto", candidate=candidate
    )
    identity = memberships(anf)[anf.pk]
    return {"anf": anf, "customs": customs, "merge": merge, "candidate": candidate, "id": identity}


def api(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def assert_no_canary(text):
    for canary in (*CANARIES, "CUS-SECRET-1"):
        assert canary not in text, f"{canary} leaked"


def test_the_identity_page_shows_own_statements_and_a_pointer_for_the_others(world, case):
    url = reverse("resolution:identity_detail", args=[case["id"]])
    response = client_for(world.anf_officer).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gul Khan Afridi" in page and CNIC in page
    assert "Another agency holds a record on this person" in page
    assert "Pakistan Customs" in page and "Customs intel cell" in page
    assert_no_canary(page)
    # the look is audited, as a view of each statement shown, never of the hidden one
    seen = AuditEntry.objects.filter(action="view", actor=world.anf_officer)
    assert {e.target_id for e in seen} == {str(case["anf"].pk)}


def test_the_centre_sees_both_statements_side_by_side(world, case):
    url = reverse("resolution:identity_detail", args=[case["id"]])
    page = client_for(world.centre_analyst).get(url).content.decode()
    assert "Zarghunshah Gul Khan" in page and "Gul Khan Afridi" in page
    assert "Another agency holds a record" not in page
    assert "Undo" in page  # a reviewer who sees both sides may undo the merge


def test_a_source_restricted_statement_is_a_pointer_even_for_the_centre(world, case):
    customs = case["customs"]
    customs.handling_code = "source_restricted"
    customs.save()
    url = reverse("resolution:identity_detail", args=[case["id"]])
    page = client_for(world.centre_analyst).get(url).content.decode()
    assert "Another agency holds a record on this person" in page
    assert_no_canary(page)
    assert "Undo" not in page and "why" not in page  # the merge rests on what he cannot see


def test_an_agency_that_sees_no_statement_gets_404(world, case):
    stranger = make_user(
        Agency.objects.create(code="FC", name="Frontier Corps", kind="federal"), Role.ANALYST
    )
    url = reverse("resolution:identity_detail", args=[case["id"]])
    assert client_for(stranger).get(url).status_code == 404
    assert api(stranger).get(f"/api/identities/{case['id']}/").status_code == 404
    assert (
        client_for(world.anf_analyst)
        .get(reverse("resolution:identity_detail", args=[999999]))
        .status_code
        == 404
    )


def test_the_person_page_names_the_resolved_person_with_pointers(world, case):
    page = client_for(world.anf_analyst).get(
        reverse("registry:person_detail", args=[case["anf"].pk])
    )
    text = page.content.decode()
    assert reverse("resolution:identity_detail", args=[case["id"]]) in text
    assert "Another agency holds a record on this person" in text and "Pakistan Customs" in text
    assert_no_canary(text)


def test_the_queue_lists_only_pairs_the_reviewer_sees_both_sides_of(world, case):
    own = MatchCandidate.objects.create(
        person_a=statement(world.anf, "Gul Khan"), person_b=statement(world.anf, "Gul Khan"),
        probability=0.6,
    )  # fmt: skip
    everything = {"status": "all"}
    listed = client_for(world.anf_analyst).get(reverse("resolution:candidate_list"), everything)
    assert listed.status_code == 200
    assert {row.pk for row in listed.context["rows"]} == {own.pk}
    assert_no_canary(listed.content.decode())
    centre = client_for(world.centre_analyst).get(reverse("resolution:candidate_list"), everything)
    assert {row.pk for row in centre.context["rows"]} == {own.pk, case["candidate"].pk}
    detail = reverse("resolution:candidate_detail", args=[case["candidate"].pk])
    assert client_for(world.anf_analyst).get(detail).status_code == 404
    assert client_for(world.customs_analyst).get(detail).status_code == 404
    assert client_for(world.anf_officer).get(detail).status_code == 403
    page = client_for(world.centre_analyst).get(detail)
    assert page.status_code == 200 and "Zarghunshah?" in page.content.decode()
    assert "already in one resolved person" in page.content.decode()


def test_queue_filters_are_audited_searches(world, case):
    client = client_for(world.centre_analyst)
    response = client.get(
        reverse("resolution:candidate_list"), {"band": "high", "agency": "ANF", "status": "auto"}
    )
    assert {row.pk for row in response.context["rows"]} == {case["candidate"].pk}
    response = client.get(reverse("resolution:candidate_list"), {"band": "low"})
    assert list(response.context["rows"]) == []
    searches = AuditEntry.objects.filter(action="search", target_type="resolution.matchcandidate")
    assert searches.count() == 2


def test_a_decision_through_the_page_and_an_undo(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.anf, "Gul Khan s/o Sher")
    candidate = MatchCandidate.objects.create(person_a=a, person_b=b, probability=0.7)
    client = client_for(world.anf_analyst)
    url = reverse("resolution:candidate_decide", args=[candidate.pk])
    bad = client.post(url, {"decision": "perhaps"})
    assert bad.status_code == 400 and not Merge.objects.exists()
    done = client.post(url, {"decision": "same", "note": "same father, same village"})
    assert done.status_code == 302
    merge = Merge.objects.get()
    assert len(set(memberships(a, b).values())) == 1
    undo = reverse("resolution:merge_undo", args=[merge.pk])
    assert client.get(undo).status_code == 200
    assert client_for(world.anf_officer).post(undo).status_code == 403
    assert client_for(world.customs_analyst).post(undo).status_code == 404
    assert client.post(undo).status_code == 302
    assert len(set(memberships(a, b).values())) == 2
    assert client.post(undo).status_code == 400  # already undone: said, not a 500


# --- API ------------------------------------------------------------------------------------


def test_the_identity_endpoint_gives_pointers_not_content(world, case):
    response = api(world.anf_analyst).get(f"/api/identities/{case['id']}/")
    assert response.status_code == 200
    body = response.json()
    assert [s["id"] for s in body["statements"]] == [case["anf"].pk]
    assert body["pointers"] == [
        {"agency": "CUSTOMS", "agency_name": "Pakistan Customs", "contact": "Customs intel cell"}
    ]
    assert body["merges"] == []  # the merge rests on the Customs statement
    assert_no_canary(response.content.decode())
    centre = api(world.centre_analyst).get(f"/api/identities/{case['id']}/").json()
    assert {s["id"] for s in centre["statements"]} == {case["anf"].pk, case["customs"].pk}
    assert [m["id"] for m in centre["merges"]] == [case["merge"].pk]


def test_the_candidate_endpoints_follow_the_same_rules(world, case):
    path = f"/api/match-candidates/{case['candidate'].pk}/"
    assert api(world.anf_analyst).get(path).status_code == 404
    assert api(world.anf_officer).get(path).status_code == 403
    assert APIClient().get(path).status_code == 401
    body = api(world.centre_analyst).get(path).json()
    assert {i["value"] for i in body["person_b"]["identifiers"]} == {CNIC, "CANARY99"}
    assert body["features"][0] == {
        "name": "cnic", "outcome": "agree", "detail": f"both {CNIC}", "weight": 9.0
    }  # fmt: skip
    listed = api(world.anf_analyst).get("/api/match-candidates/").json()
    assert listed["results"] == []
    denied = api(world.anf_analyst).post(f"{path}decide/", {"decision": "same"}, format="json")
    assert denied.status_code == 404


def test_decide_and_undo_over_the_api(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.anf, "Gul Khan")
    candidate = MatchCandidate.objects.create(person_a=a, person_b=b, probability=0.7)
    client = api(world.anf_analyst)
    path = f"/api/match-candidates/{candidate.pk}/decide/"
    bad = client.post(path, {"decision": "perhaps"}, format="json")
    assert bad.status_code == 400 and "decision" in bad.json()
    response = client.post(path, {"decision": "same", "note": "checked"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["candidate"]["status"] == "same" and body["merge"]
    assert body["candidate"]["decided_by"] == "anf_analyst"
    undo = client.post(f"/api/merges/{body['merge']}/undo/")
    assert undo.status_code == 200 and undo.json()["undone_at"]
    assert client.post(f"/api/merges/{body['merge']}/undo/").status_code == 400
    assert len(set(memberships(a, b).values())) == 2
    assert api(world.anf_officer).get(f"/api/merges/{body['merge']}/").status_code == 403
    assert api(world.customs_analyst).get(f"/api/merges/{body['merge']}/").status_code == 404


def test_the_api_queue_audits_each_statement_it_lists(world, case):
    views = AuditEntry.objects.filter(action="view", target_type="registry.person")
    before = views.count()
    listed = api(world.centre_analyst).get("/api/match-candidates/", {"status": "all"})
    assert listed.status_code == 200 and len(listed.json()["results"]) == 1
    seen = set(views.order_by("-id")[: views.count() - before].values_list("target_id", flat=True))
    assert seen == {str(case["anf"].pk), str(case["customs"].pk)}


# --- what the pages cost --------------------------------------------------------------------


def _queries(run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = run()
    return result, [q["sql"] for q in captured.captured_queries]


def _grown_identity(world, agencies):
    """One resolved person: a statement of each agency given, joined one merge at a time."""
    persons = [statement(agency, "Gul Khan Afridi") for agency in agencies]
    ensure_identities([p.pk for p in persons])
    for other in persons[1:]:
        identities_merge(acting_user=None, person_a=persons[0].pk, person_b=other.pk, kind="auto")
    return persons, memberships(persons[0])[persons[0].pk]


def test_the_identity_page_costs_the_same_however_many_merges(world):
    from nncc.resolution import selectors

    _, small_id = _grown_identity(world, [world.anf, world.customs])
    extra = [
        Agency.objects.create(code=f"AG{n}", name=f"Agency {n}", kind="federal") for n in range(3)
    ]
    _, large_id = _grown_identity(world, [world.anf, world.anf, world.customs, *extra])
    costs = []
    for identity_id in (small_id, large_id):
        identity = selectors.identity_get(world.anf_analyst, identity_id)
        view, sql = _queries(lambda i=identity: selectors.identity_view(world.anf_analyst, i))
        assert sum('"resolution_identitymember"' in q for q in sql) == 1
        merges, more = _queries(lambda i=identity: selectors.identity_merges(world.anf_analyst, i))
        assert not any('"agencies_agency"' in q for q in more[1:-1])
        page = reverse("resolution:identity_detail", args=[identity_id])
        client = client_for(world.anf_analyst)
        response, whole = _queries(lambda p=page, c=client: c.get(p))
        assert response.status_code == 200
        costs.append((len(sql), len(more), len(whole)))
    assert costs[0] == costs[1], costs
    assert len(view.pointers) == 4 and len(merges) == 5
    assert [p.agency_code for p in merges[0].pointers] in (["AG2"], ["CUSTOMS"])


def test_the_identity_page_audits_its_statements_in_one_insert(world):
    persons, identity_id = _grown_identity(world, [world.anf, world.anf, world.anf])
    page = reverse("resolution:identity_detail", args=[identity_id])
    client, token = client_for(world.anf_analyst), api(world.anf_analyst)
    response, sql = _queries(lambda: client.get(page))
    assert response.status_code == 200
    inserts = [q for q in sql if q.startswith('INSERT INTO "kernel_auditentry"')]
    assert len(inserts) == 1
    seen = AuditEntry.objects.filter(action="view", actor=world.anf_analyst)
    assert sorted(int(e.target_id) for e in seen) == sorted(p.pk for p in persons)
    assert {e.detail["via"] for e in seen} == {f"identity {identity_id}"}
    assert {e.target_agency_id for e in seen} == {world.anf.pk}
    response, sql = _queries(lambda: token.get(f"/api/identities/{identity_id}/"))
    assert response.status_code == 200
    assert sum(q.startswith('INSERT INTO "kernel_auditentry"') for q in sql) == 1
    assert AuditEntry.objects.filter(action="view", actor=world.anf_analyst).count() == 6


def test_the_person_card_reads_only_what_it_shows(world, case):
    from nncc.kernel.access import viewer_for
    from nncc.resolution import selectors

    viewer_for(world.anf_analyst)  # who he is was read with his request, before the card
    card, sql = _queries(lambda: selectors.identity_card(world.anf_analyst, case["anf"]))
    assert len(sql) == 1
    assert card.identity_id == case["id"] and card.size == 1 and card.other_agencies == []
    assert [p.agency_code for p in card.pointers] == ["CUSTOMS"]
    # a larger resolved person costs the person page nothing more
    small, _ = _grown_identity(world, [world.anf])
    large, _ = _grown_identity(world, [world.anf, world.anf, world.customs, world.customs])
    costs = []
    for person in (small[0], large[0]):
        page = reverse("registry:person_detail", args=[person.pk])
        client = client_for(world.anf_analyst)
        response, whole = _queries(lambda p=page, c=client: c.get(p))
        assert response.status_code == 200
        costs.append(len(whole))
    assert costs[0] == costs[1], costs
    text = response.content.decode()
    assert "2 statements you may see" in text and ": ANF." in text
    assert text.count("Another agency holds a record on this person") == 1
    assert selectors.identity_card(world.anf_analyst, statement(world.anf, "Nobody")) is None


# --- the queue: one filter for the page and the API -----------------------------------------


def test_the_page_and_the_api_filter_the_queue_alike(world, case):
    from nncc.resolution.api.views import MatchCandidateViewSet
    from nncc.resolution.views import CANDIDATE_LIST

    assert CANDIDATE_LIST.filterset_class is MatchCandidateViewSet.filterset_class
    a, b = statement(world.anf, "Gul Khan"), statement(world.customs, "Gul Khan")
    low = MatchCandidate.objects.create(person_a=a, person_b=b, probability=0.6)
    decided = MatchCandidate.objects.create(
        person_a=a, person_b=statement(world.anf, "Gul"), probability=0.95, status="different"
    )
    cases = [
        ({}, {low.pk}),
        ({"status": "all"}, {low.pk, decided.pk, case["candidate"].pk}),
        ({"status": "all", "agency": "CUSTOMS"}, {low.pk, case["candidate"].pk}),
        ({"status": "all", "band": "high"}, {decided.pk, case["candidate"].pk}),
        ({"status": "different"}, {decided.pk}),
        ({"band": "low"}, {low.pk}),
    ]
    for params, expected in cases:
        page = client_for(world.centre_analyst).get(reverse("resolution:candidate_list"), params)
        listed = api(world.centre_analyst).get("/api/match-candidates/", params)
        assert {row.pk for row in page.context["rows"]} == expected, params
        assert {row["id"] for row in listed.json()["results"]} == expected, params


def test_a_pending_pair_already_one_person_is_not_in_the_queue(world, case):
    # left pending after its statements were joined (as older code did): not for review
    stale = MatchCandidate.objects.create(
        person_a=case["anf"], person_b=statement(world.anf, "Gul"), probability=0.7
    )
    identities_merge(
        acting_user=None, person_a=case["anf"].pk, person_b=stale.person_b_id, kind="decision"
    )
    MatchCandidate.objects.filter(pk=stale.pk).update(status="pending")
    for params in ({}, {"status": "pending"}):
        page = client_for(world.centre_analyst).get(reverse("resolution:candidate_list"), params)
        listed = api(world.centre_analyst).get("/api/match-candidates/", params).json()
        assert stale.pk not in {row.pk for row in page.context["rows"]}
        assert stale.pk not in {row["id"] for row in listed["results"]}
    joined = api(world.centre_analyst).get("/api/match-candidates/", {"status": "joined"})
    assert joined.status_code == 200 and joined.json()["results"] == []


def test_a_bulk_read_audit_writes_what_single_reads_write(world):
    from nncc.kernel.audit import audit_read, audit_reads

    person = statement(world.customs, "Gul Khan", handling_code="shared")
    single = audit_read(actor=world.anf_analyst, action="view", target=person, detail={"via": "x"})
    (bulk,) = audit_reads(
        actor=world.anf_analyst, action="view", targets=[person], detail={"via": "x"}
    )
    bulk = AuditEntry.objects.get(pk=bulk.pk)
    fields = [f.attname for f in AuditEntry._meta.concrete_fields if f.name not in {"id", "time"}]
    assert {f: getattr(bulk, f) for f in fields} == {f: getattr(single, f) for f in fields}
    assert bulk.target_agency_id == world.customs.pk and bulk.target_handling_code == "shared"
    assert audit_reads(actor=world.anf_analyst, action="view", targets=[]) == []
