"""Person pages, through HTTP: forms, service errors on their fields, audit of views, access.

Identity numbers are synthetic: CNIC locality ``0000`` is not issued, phones use the 555
exchange.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.kernel.access import Role
from nncc.kernel.models import AuditEntry, HandlingCode
from nncc.reference.models import District
from nncc.registry.models import Identifier, IdentifierKind, Person, Phone

CNIC_TYPED = "3000012345671"
CNIC_STORED = "30000-1234567-1"
PHONE_TYPED = "0300 5550001"
PHONE_STORED = "+923005550001"


def row_management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def person_form(
    *, identifiers: list[tuple[str, str]] = (), phones: list[str] = (), **fields: str
) -> dict[str, str]:
    """What the person form posts: the person's fields and its identifier and phone rows."""
    data = {
        "name_latin": "Gul Khan",
        "name_urdu": "گل خان",
        "father_name_latin": "Sher Khan",
        "father_name_urdu": "",
        "alias": "",
        "sex": "M",
        "date_of_birth": "",
        "birth_year": "1980",
        "nationality": "PK",
        "handling_code": HandlingCode.RESTRICTED,
        "agency_record_id": "",
        **fields,
        **row_management("identifiers", len(identifiers)),
        **row_management("phones", len(phones)),
    }
    for index, (kind, value) in enumerate(identifiers):
        data[f"identifiers-{index}-kind"] = kind
        data[f"identifiers-{index}-value"] = value
        data[f"identifiers-{index}-issuing_country"] = "PK"
    for index, number in enumerate(phones):
        data[f"phones-{index}-number"] = number
    return data


@pytest.fixture
def agencies(db: Any) -> dict[str, Any]:
    return {
        "anf": agency_create(
            acting_user=None, code="ANF", name="Anti-Narcotics Force", kind="federal"
        ),
        "customs": agency_create(
            acting_user=None, code="CUSTOMS", name="Pakistan Customs", kind="federal"
        ),
    }


def member(agency: Any, username: str, *roles: str) -> Any:
    return user_add_to_agency(
        acting_user=None,
        username=username,
        password="a-long-test-password-1",
        agency=agency,
        roles=list(roles),
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(agencies: dict[str, Any]) -> Any:
    return member(agencies["anf"], "anf_officer", Role.FIELD_OFFICER)


@pytest.fixture
def supervisor(agencies: dict[str, Any]) -> Any:
    return member(agencies["anf"], "anf_supervisor", Role.SUPERVISOR)


def make_person(agency: Any, handling_code: str = HandlingCode.RESTRICTED, **fields: Any) -> Person:
    # Services always name the creator; rows written directly here do the same.
    creator = agency.memberships.first()
    values = {
        "name_latin": "Gul Khan",
        "nationality": "PK",
        "created_by": creator.user if creator else None,
        **fields,
    }
    return Person.objects.create(agency=agency, handling_code=handling_code, **values)


def make_arrest(person: Person, agency: Any | None = None, **fields: Any) -> Any:
    arrest_model = Person._meta.get_field("arrests").related_model
    district = District.objects.filter(province="PK-PB").order_by("code").first()
    values = {
        "agency": agency or person.agency,
        "person": person,
        "arrested_on": datetime.date(2025, 3, 1),
        "province": "PK-PB",
        "district": district,
        "nationality_at_arrest": "PK",
        **fields,
    }
    return arrest_model.objects.create(**values)


# --- create and edit ------------------------------------------------------------------------


def test_officer_records_a_person_with_cnic_and_phone(officer: Any) -> None:
    data = person_form(identifiers=[("cnic", CNIC_TYPED)], phones=[PHONE_TYPED])
    response = client_for(officer).post(reverse("registry:person_create"), data)

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person_detail", args=[person.pk])
    assert person.agency.code == "ANF" and person.created_by == officer
    assert person.name_urdu == "گل خان"
    assert list(person.identifiers.values_list("kind", "value", "raw")) == [
        ("cnic", CNIC_STORED, CNIC_TYPED)
    ]
    assert list(person.phones.values_list("e164", flat=True)) == [PHONE_STORED]
    assert AuditEntry.objects.filter(action="create", target_type="registry.person").count() == 1


@pytest.mark.parametrize(
    ("identifiers", "phones", "row_set", "index", "field"),
    [
        ([("cnic", "12345")], [PHONE_TYPED], "identifiers", 0, "value"),
        # a blank first row is not sent; the error still lands on the row that was typed
        ([("cnic", ""), ("cnic", "99999")], [], "identifiers", 1, "value"),
        ([("passport", "A!")], [], "identifiers", 0, "value"),
        ([("cnic", CNIC_TYPED)], ["12"], "phones", 0, "number"),
        ([], ["", "0300 555"], "phones", 1, "number"),
    ],
)
def test_invalid_numbers_show_on_their_field_and_write_nothing(
    officer: Any, identifiers: list, phones: list, row_set: str, index: int, field: str
) -> None:
    client = client_for(officer)  # signing in is audited; count after it
    persons, entries = Person.objects.count(), AuditEntry.objects.count()
    data = person_form(identifiers=identifiers, phones=phones)
    response = client.post(reverse("registry:person_create"), data)

    assert response.status_code == 200
    rows = getattr(response.context["forms"], row_set).forms
    assert rows[index].errors.get(field), rows[index].errors
    assert not response.context["forms"].person.non_field_errors()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Person.objects.count() == persons
    assert AuditEntry.objects.count() == entries


def test_edit_replaces_identifiers_and_maps_errors(officer: Any, agencies: dict) -> None:
    person = make_person(agencies["anf"])
    Identifier.objects.create(person=person, kind=IdentifierKind.CNIC, value=CNIC_STORED)
    client = client_for(officer)

    page = client.get(reverse("registry:person_edit", args=[person.pk]))
    assert page.status_code == 200
    assert page.context["forms"].identifiers.forms[0]["value"].value() == CNIC_STORED
    assert 'dir="rtl"' in page.content.decode()

    bad = person_form(identifiers=[("cnic", "1")], phones=[], alias="Gulu")
    response = client.post(reverse("registry:person_edit", args=[person.pk]), bad)
    assert response.context["forms"].identifiers.forms[0].errors["value"]
    person.refresh_from_db()
    assert person.alias == ""

    good = person_form(identifiers=[("passport", "ab 123456")], phones=[PHONE_TYPED], alias="Gulu")
    response = client.post(reverse("registry:person_edit", args=[person.pk]), good)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.alias == "Gulu"
    assert list(person.identifiers.values_list("kind", "value")) == [("passport", "AB123456")]
    assert Phone.objects.filter(person=person).count() == 1


def test_add_row_returns_the_next_row_and_raises_the_count(officer: Any) -> None:
    response = client_for(officer).get(
        reverse("registry:identifier_row"), {"identifiers-TOTAL_FORMS": "2"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="identifiers-2-value"' in content
    assert 'id="id_identifiers-TOTAL_FORMS" value="3" hx-swap-oob="true"' in content

    too_many = client_for(officer).get(reverse("registry:phone_row"), {"phones-TOTAL_FORMS": "500"})
    assert too_many.status_code == 400


def test_analyst_may_not_record_a_person(agencies: dict) -> None:
    analyst = client_for(member(agencies["anf"], "anf_analyst", Role.ANALYST))
    assert analyst.get(reverse("registry:person_create")).status_code == 403
    data = person_form(identifiers=[("cnic", CNIC_TYPED)])
    assert analyst.post(reverse("registry:person_create"), data).status_code == 403
    assert analyst.get(reverse("registry:identifier_row")).status_code == 403
    assert not Person.objects.exists()


# --- reading --------------------------------------------------------------------------------


def test_person_page_writes_exactly_one_view_entry(officer: Any, agencies: dict) -> None:
    person = make_person(
        agencies["anf"], name_urdu="گل خان", source_payload={"naam": "Gul", "cnic": CNIC_TYPED}
    )
    Identifier.objects.create(person=person, kind=IdentifierKind.CNIC, value=CNIC_STORED)
    client = client_for(officer)
    before = AuditEntry.objects.count()

    response = client.get(reverse("registry:person_detail", args=[person.pk]))

    assert response.status_code == 200
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.target_type, entry.target_id) == (
        "view",
        "registry.person",
        str(person.pk),
    )
    assert entry.actor == officer and entry.channel == "web"
    content = response.content.decode()
    assert CNIC_STORED in content
    assert "&quot;naam&quot;: &quot;Gul&quot;" in content  # the payload as sent, escaped


def test_detail_lists_only_arrests_the_viewer_may_see(officer: Any, agencies: dict) -> None:
    person = make_person(agencies["anf"], HandlingCode.SHARED)
    make_arrest(person, arrested_on=datetime.date(2025, 2, 1))
    hidden = make_arrest(
        person,
        agency=agencies["customs"],
        handling_code=HandlingCode.SOURCE_RESTRICTED,
        arrested_on=datetime.date(2025, 2, 2),
    )

    response = client_for(officer).get(reverse("registry:person_detail", args=[person.pk]))
    assert [a.pk for a in response.context["arrests"]] != []
    assert hidden.pk not in [a.pk for a in response.context["arrests"]]

    listing = client_for(officer).get(reverse("registry:person_list"))
    assert [row.arrest_count for row in listing.context["rows"]] == [1]


def test_other_agencys_restricted_person_is_not_found(officer: Any, agencies: dict) -> None:
    theirs = make_person(agencies["customs"], HandlingCode.RESTRICTED, name_latin="Hidden Person")
    shared = make_person(agencies["customs"], HandlingCode.SHARED, name_latin="Shared Person")
    client = client_for(officer)

    for name in ("registry:person_detail", "registry:person_edit", "registry:person_delete"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
        assert client.post(reverse(name, args=[theirs.pk])).status_code in {404, 405}
    listing = client.get(reverse("registry:person_list"))
    assert [row.pk for row in listing.context["rows"]] == [shared.pk]
    assert "Hidden Person" not in listing.content.decode()
    # a shared record of another agency is readable but not editable
    assert client.get(reverse("registry:person_edit", args=[shared.pk])).status_code == 403


def test_filters_search_names_identifiers_and_phones(officer: Any, agencies: dict) -> None:
    gul = make_person(agencies["anf"], name_urdu="گل خان", alias="Gulu")
    Identifier.objects.create(person=gul, kind=IdentifierKind.CNIC, value=CNIC_STORED)
    Phone.objects.create(person=gul, e164=PHONE_STORED)
    other = make_person(agencies["anf"], name_latin="Zar Wali", nationality="AF")
    make_arrest(other)
    client = client_for(officer)

    def found(**query: str) -> list[int]:
        response = client.get(reverse("registry:person_list"), query)
        assert response.status_code == 200
        return [row.pk for row in response.context["rows"]]

    assert found(q="گل") == [gul.pk]
    assert found(q="gulu") == [gul.pk]
    assert found(identifier=CNIC_TYPED) == [gul.pk]
    assert found(identifier="30000-1234567-2") == []
    assert found(phone="+92 300 5550001") == [gul.pk]
    assert found(nationality="AF") == [other.pk]
    assert found(has_arrests="true") == [other.pk]
    assert found(has_arrests="false") == [gul.pk]
    assert found(sort="-arrests") == [other.pk, gul.pk]
    searches = AuditEntry.objects.filter(action="search", target_type="registry.person")
    assert searches.count() == 8  # every filtered list, not the sort-only one


def test_htmx_list_answers_the_results_alone(officer: Any, agencies: dict) -> None:
    make_person(agencies["anf"])
    response = client_for(officer).get(reverse("registry:person_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(officer: Any, agencies: dict) -> None:
    client = client_for(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("registry:person_list")).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        for i in range(n):
            person = make_person(agencies["anf"], name_latin=f"Person {i} {Person.objects.count()}")
            Identifier.objects.create(
                person=person, kind=IdentifierKind.PASSPORT, value=f"AB{person.pk:06d}"
            )
            make_arrest(person)

    add(2)
    few = queries()
    add(8)
    assert queries() == few


# --- delete ---------------------------------------------------------------------------------


def test_delete_is_refused_while_arrests_exist(supervisor: Any, agencies: dict) -> None:
    person = make_person(agencies["anf"])
    make_arrest(person)
    client = client_for(supervisor)

    assert client.get(reverse("registry:person_delete", args=[person.pk])).status_code == 200
    response = client.post(reverse("registry:person_delete", args=[person.pk]))
    assert response.status_code == 200
    assert "delete the arrests first" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_supervisor_deletes_a_person(supervisor: Any, agencies: dict) -> None:
    person = make_person(agencies["anf"])
    response = client_for(supervisor).post(reverse("registry:person_delete", args=[person.pk]))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    deleted = AuditEntry.objects.filter(
        action="delete", target_type="registry.person", target_id=str(person.pk)
    )
    assert deleted.count() == 1


def test_officer_may_not_delete(officer: Any, agencies: dict) -> None:
    person = make_person(agencies["anf"])
    assert (
        client_for(officer).post(reverse("registry:person_delete", args=[person.pk])).status_code
        == 403
    )
    assert Person.objects.filter(pk=person.pk).exists()
