"""Who is acting, from where: carried through a request, a CLI command or a task.

Services read it when they write an audit entry, so the same service called from a view, the API,
the CLI or a background task records the right channel, request id and client address.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class ActionContext:
    channel: str = "shell"
    request_id: str = ""
    client_address: str | None = None


_SHELL = ActionContext()
# ActionContext is frozen, so sharing one default instance is safe.
_current: ContextVar[ActionContext] = ContextVar("nncc_action_context", default=_SHELL)


def current_context() -> ActionContext:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def action_context(
    *, channel: str, request_id: str | None = None, client_address: str | None = None
) -> Iterator[ActionContext]:
    context = ActionContext(
        channel=channel, request_id=request_id or new_request_id(), client_address=client_address
    )
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
