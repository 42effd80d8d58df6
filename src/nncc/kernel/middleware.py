from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect

from nncc.kernel.context import action_context


def client_address(request: HttpRequest) -> str | None:
    # Behind a reverse proxy set NNCC's proxy to overwrite REMOTE_ADDR; we never trust
    # X-Forwarded-For from the client itself.
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Gives every request an id and records its channel (web or api) and client address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with action_context(channel=channel, client_address=client_address(request)) as context:
            request.request_id = context.request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
            response["X-Request-ID"] = context.request_id
            return response


class HtmxLoginRedirectMiddleware:
    """When a session has expired, an htmx request would follow the redirect to the login page
    and swap that page into a fragment of the current one; tell htmx to load it whole instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code in (301, 302):
            location = response.get("Location", "")
            if location.startswith(resolve_url(settings.LOGIN_URL)):
                return HttpResponseClientRedirect(location)
        return response
