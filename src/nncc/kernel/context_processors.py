from typing import Any

from django.http import HttpRequest

from nncc.kernel.access import viewer_for


def viewer(request: HttpRequest) -> dict[str, Any]:
    return {"viewer": viewer_for(getattr(request, "user", None))}
