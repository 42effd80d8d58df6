"""Background tasks run with the same audit context as web requests.

``audited_task`` wraps a Django Tasks function so that every audit entry it writes carries the
channel "task" and the task's id as request id, and so that the user it acts for is named by id
(tasks take JSON arguments, never model instances).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.contrib.auth import get_user_model
from django_tasks import TaskContext, task

from nncc.kernel.context import action_context

P = ParamSpec("P")
R = TypeVar("R")


def audited_task(**task_options: Any) -> Callable[[Callable[..., R]], Any]:
    """Declare a task whose body runs as ``acting_user`` (looked up from ``acting_user_id``)."""

    def decorate(function: Callable[..., R]) -> Any:
        @functools.wraps(function)
        def run(
            context: TaskContext, *args: Any, acting_user_id: int | None = None, **kwargs: Any
        ) -> R:
            user = None
            if acting_user_id is not None:
                user = get_user_model().objects.filter(pk=acting_user_id, is_active=True).first()
            request_id = str(context.task_result.id)
            with action_context(channel="task", request_id=request_id):
                return function(*args, acting_user=user, **kwargs)

        # The task's import path is the original function's; its signature must be run's own
        # (django-tasks checks the first argument is the context), so drop __wrapped__.
        del run.__wrapped__
        return task(takes_context=True, **task_options)(run)

    return decorate
