"""Background tasks are audited like web requests: channel "task", the task id, the acting user."""

import pytest

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.kernel.audit import audit_log
from nncc.kernel.models import AuditEntry
from nncc.kernel.tasks import audited_task


@audited_task()
def record_something(*, note: str, acting_user) -> str:
    audit_log(actor=acting_user, action="report", target_type="test.note", detail={"note": note})
    return note


@pytest.mark.django_db
def test_task_writes_audit_entry_with_task_channel_and_id():
    agency = agency_create(
        acting_user=None, code="ANF", name="Anti-Narcotics Force", kind="federal"
    )
    user = user_add_to_agency(
        acting_user=None,
        username="anf.analyst",
        password="a-long-password-1",
        agency=agency,
        roles=["analyst"],
    )
    result = record_something.enqueue(note="hello", acting_user_id=user.pk)

    assert result.return_value == "hello"
    entry = AuditEntry.objects.get(target_type="test.note")
    assert entry.channel == "task"
    assert entry.request_id == str(result.id)
    assert entry.actor == user
    assert entry.agency == agency
