"""Reference vocabularies and agencies: read by every authenticated user, written by nobody."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

READ_ONLY = ["/api/agencies/", "/api/drugs/", "/api/drug-terms/", "/api/districts/", "/api/prices/"]


@pytest.mark.parametrize("url", READ_ONLY)
def test_any_user_reads_and_nobody_writes(world, api, url):
    client = api(world.customs_analyst)
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "x"}, format="json").status_code == 405
    assert api(None).get(url).status_code == 401


def test_lookups_by_code_and_filters(world, api):
    client = api(world.officer)
    assert client.get("/api/agencies/CUSTOMS/").json()["name"] == "Pakistan Customs"
    assert client.get("/api/districts/BA-QTA/").json() == {
        "code": "BA-QTA",
        "name": "Quetta",
        "province": "PK-BA",
    }
    terms = client.get("/api/drug-terms/", {"term": "charas"}).json()["results"]
    assert terms[0]["drug_name"] == "Cannabis resin (hashish)"
    districts = client.get("/api/districts/", {"province": "PK-SD"}).json()["results"]
    assert districts and {d["province"] for d in districts} == {"PK-SD"}
