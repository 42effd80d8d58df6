"""Pages that belong to no app: signing in and out, health, error pages.

(The dashboard, which draws on every app, lives in ``stats.dashboard``.)
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from nncc.kernel.forms import LoginForm

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    # POST only (with the CSRF token), so a link or an image on another site cannot sign anyone
    # out; the logout itself is audited by the user_logged_out signal.
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health check: database unavailable")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # One answer for "does not exist" and "not yours"; the exception text is never shown.
    return render(request, "kernel/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our services raise PermissionDenied with a sentence meant for the user (e.g. "Only a
    # supervisor or agency admin of the owning agency may delete."); anything else stays generic.
    reason = ""
    if isinstance(exception, PermissionDenied) and exception.args:
        reason = str(exception.args[0])
    return render(request, "kernel/403.html", {"reason": reason}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors or the database: they may be what failed.
    try:
        body = loader.get_template("kernel/500.html").render({})
    except Exception:  # the error page itself must never fail
        logger.exception("could not render the 500 page")
        body = "<h1>Something went wrong</h1><p>The error was recorded. Please try again.</p>"
    return HttpResponse(body, status=500)
