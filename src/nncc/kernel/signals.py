"""Sign-ins, failed sign-ins and sign-outs go to the audit trail.

Django's auth signals are the one place every login path passes (the login page, the admin, the
API's session login), so the audit hooks in here rather than in each view. Changes to records are
audited by services, never by signals; these are reads of the session, written with
``audit_read`` in their own small transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from nncc.kernel.audit import audit_read
from nncc.kernel.models import AuditAction

_USERNAME_LIMIT = 150


@receiver(user_logged_in, dispatch_uid="nncc_audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_read(actor=user, action=AuditAction.LOGIN, target=user)


@receiver(user_login_failed, dispatch_uid="nncc_audit_login_failed")
def audit_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # Django has already masked the password in ``credentials``; only the name tried is kept,
    # and the entry looks the same whether or not that account exists.
    username = str(credentials.get("username") or "")[:_USERNAME_LIMIT]
    audit_read(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        target_type="auth.user",
        target_label=username,
        detail={"username": username},
    )


@receiver(user_logged_out, dispatch_uid="nncc_audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:  # logging out an anonymous session changes nothing
        return
    audit_read(actor=user, action=AuditAction.LOGOUT, target=user)
