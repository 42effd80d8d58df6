"""An htmx request from an expired session reloads the whole page on the login screen."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_htmx_request_without_a_session_is_sent_to_login_as_a_whole_page(client):
    response = client.get(reverse("intake:seizure_list"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert b"<form" not in response.content  # no login page swapped into a fragment


@pytest.mark.django_db
def test_plain_request_without_a_session_still_gets_a_redirect(client):
    response = client.get(reverse("intake:seizure_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "HX-Redirect" not in response
