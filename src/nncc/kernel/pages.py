"""Page helpers every app's views share, beside ``kernel.listing`` (lists).

``confirm_delete`` is the one shape of a delete page: GET asks (after checking the user may
delete, so the question is never put to someone who cannot), POST calls the service.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from nncc.kernel.access import require_delete


def confirm_delete(
    request: HttpRequest,
    *,
    obj: Any,
    delete: Callable[[], None],
    object_kind: str,
    success_url: str,
    cancel_url: str,
    list_url: str = "",
    list_label: str = "",
    consequences: Sequence[str] = (),
) -> HttpResponse:
    """Ask, then delete ``obj`` (an operational record) with ``delete`` (a service call).

    A ``ValidationError`` from the service (e.g. "delete the arrests first") is shown on the
    page; ``PermissionDenied`` becomes the 403 page.
    """
    require_delete(request.user, obj.agency_id)
    error: list[str] = []
    if request.method == "POST":
        label = str(obj)
        try:
            delete()
        except ValidationError as exc:
            error = exc.messages
        else:
            messages.success(request, f"Deleted {object_kind} {label}.")
            return redirect(success_url)
    context = {
        "object": obj,
        "object_kind": object_kind,
        "cancel_url": cancel_url,
        "list_url": list_url,
        "list_label": list_label,
        "consequences": consequences,
        "error": error,
    }
    return render(request, "kernel/confirm_delete.html", context)
