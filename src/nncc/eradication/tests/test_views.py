"""Eradication pages, through HTTP: recording a clearance, the list and its acres total."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.eradication.models import Crop, EradicationRecord
from nncc.kernel.access import Role
from nncc.kernel.models import AuditEntry, HandlingCode
from nncc.reference.models import District


def kp_district(name: str | None = None) -> District:
    districts = District.objects.filter(province="PK-KP").order_by("code")
    return districts.get(name=name) if name else districts.first()


def record_form(**fields: Any) -> dict[str, Any]:
    return {
        "agency_record_id": "ERD-1/2025",
        "cleared_on": "2025-03-10",
        "province": "PK-KP",
        "district": kp_district().pk,
        "place": "Tirah valley",
        "crop": Crop.OPIUM_POPPY,
        "acres": "12.50",
        "latitude": "",
        "longitude": "",
        "handling_code": HandlingCode.SHARED,
        **fields,
    }


def make_record(agency: Any, handling_code: str = HandlingCode.SHARED, **fields: Any) -> Any:
    values = {
        "agency_record_id": f"ERD-{EradicationRecord.objects.count() + 1}",
        "cleared_on": datetime.date(2025, 3, 1),
        "province": "PK-KP",
        "district": kp_district(),
        "acres": Decimal("10.00"),
        **fields,
    }
    return EradicationRecord.objects.create(agency=agency, handling_code=handling_code, **values)


@pytest.fixture
def agencies(db: Any) -> dict[str, Any]:
    return {
        "fc": agency_create(acting_user=None, code="FC-KP", name="Frontier Corps", kind="federal"),
        "anf": agency_create(
            acting_user=None, code="ANF", name="Anti-Narcotics Force", kind="federal"
        ),
    }


@pytest.fixture
def officer(agencies: dict[str, Any]) -> Any:
    return user_add_to_agency(
        acting_user=None,
        username="fc_officer",
        password="a-long-test-password-1",
        agency=agencies["fc"],
        roles=[Role.FIELD_OFFICER],
    )


@pytest.fixture
def client(officer: Any) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def test_officer_records_a_clearance(client: Client, officer: Any) -> None:
    response = client.post(reverse("eradication:record_create"), record_form())

    record = EradicationRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("eradication:record_detail", args=[record.pk])
    assert (record.agency.code, record.created_by, record.acres) == (
        "FC-KP",
        officer,
        Decimal("12.50"),
    )
    created = AuditEntry.objects.filter(
        action="create", target_type="eradication.eradicationrecord", target_id=str(record.pk)
    )
    assert created.count() == 1

    page = client.get(reverse("eradication:record_detail", args=[record.pk]))
    assert page.status_code == 200
    assert "5.06" in page.content.decode()  # hectares


def test_service_errors_show_on_their_fields(client: Client) -> None:
    punjab = District.objects.filter(province="PK-PB").order_by("code").first()
    data = record_form(district=punjab.pk, cleared_on="2999-01-01")
    response = client.post(reverse("eradication:record_create"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["district"] and form.errors["cleared_on"]
    assert not EradicationRecord.objects.exists()


def test_list_totals_the_filtered_visible_acres(client: Client, agencies: dict) -> None:
    fc, anf = agencies["fc"], agencies["anf"]
    make_record(fc, acres=Decimal("10.00"))
    make_record(fc, acres=Decimal("2.50"), crop=Crop.CANNABIS)
    make_record(anf, HandlingCode.SHARED, acres=Decimal("7.25"))
    make_record(anf, HandlingCode.RESTRICTED, acres=Decimal("1000.00"))  # not visible to FC

    everything = client.get(reverse("eradication:record_list"))
    assert everything.status_code == 200
    assert everything.context["total_acres"] == Decimal("19.75")
    assert len(everything.context["rows"]) == 3

    poppy = client.get(reverse("eradication:record_list"), {"crop": Crop.OPIUM_POPPY})
    assert poppy.context["total_acres"] == Decimal("17.25")
    assert "17.25" in poppy.content.decode()

    of_anf = client.get(
        reverse("eradication:record_list"), {"agency": anf.pk}, HTTP_HX_REQUEST="true"
    )
    assert of_anf.context["total_acres"] == Decimal("7.25")
    assert "<html" not in of_anf.content.decode()

    none = client.get(reverse("eradication:record_list"), {"cleared_from": "2026-01-01"})
    assert none.context["total_acres"] == 0

    invalid = client.get(reverse("eradication:record_list"), {"cleared_from": "not a date"})
    assert invalid.context["total_acres"] == 0 and len(invalid.context["rows"]) == 0


def test_list_sorts_by_acres(client: Client, agencies: dict) -> None:
    small = make_record(agencies["fc"], acres=Decimal("1.00"))
    large = make_record(agencies["fc"], acres=Decimal("90.00"))
    response = client.get(reverse("eradication:record_list"), {"sort": "-acres"})
    assert [row.pk for row in response.context["rows"]] == [large.pk, small.pk]


def test_access_follows_the_owning_agency(client: Client, agencies: dict) -> None:
    theirs = make_record(agencies["anf"], HandlingCode.RESTRICTED, place="Hidden valley")
    shared = make_record(agencies["anf"], HandlingCode.SHARED)
    own = make_record(agencies["fc"])

    for name in ("record_detail", "record_edit", "record_delete"):
        assert client.get(reverse(f"eradication:{name}", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("eradication:record_list"))
    assert {row.pk for row in listing.context["rows"]} == {shared.pk, own.pk}
    assert "Hidden valley" not in listing.content.decode()
    # visible but another agency's: readable, not writable; a field officer never deletes
    assert client.get(reverse("eradication:record_edit", args=[shared.pk])).status_code == 403
    assert client.post(reverse("eradication:record_delete", args=[own.pk])).status_code == 403
    assert EradicationRecord.objects.filter(pk=own.pk).exists()


def test_analyst_may_not_record_and_supervisor_deletes(agencies: dict) -> None:
    def signed_in(username: str, role: str) -> Client:
        user = user_add_to_agency(
            acting_user=None,
            username=username,
            password="a-long-test-password-1",
            agency=agencies["fc"],
            roles=[role],
        )
        client = Client()
        client.force_login(user)
        return client

    analyst = signed_in("fc_analyst", Role.ANALYST)
    assert analyst.get(reverse("eradication:record_create")).status_code == 403
    assert analyst.post(reverse("eradication:record_create"), record_form()).status_code == 403
    assert not EradicationRecord.objects.exists()

    record = make_record(agencies["fc"])
    supervisor = signed_in("fc_supervisor", Role.SUPERVISOR)
    response = supervisor.post(reverse("eradication:record_delete", args=[record.pk]))
    assert response.status_code == 302
    assert not EradicationRecord.objects.filter(pk=record.pk).exists()
