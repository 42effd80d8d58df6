"""Writes of entity resolution: merges and their undoing, reviewers' decisions, the batch run,
closing and reopening pairs overtaken by joins, and the stored scoring model.

Online resolution of one arriving statement is ``nncc.resolution.online``.
"""

from nncc.resolution.services.decisions import (
    DecisionResult,
    candidate_decide,
    is_reviewer,
    require_reviewer,
)
from nncc.resolution.services.joined import close_joined_candidates, reopen_parted_candidates
from nncc.resolution.services.merges import (
    ensure_identities,
    identities_merge,
    merge_refusal,
    merge_undo,
    undo_refusal,
)
from nncc.resolution.services.registry_run import RunSummary, resolve_all
from nncc.resolution.services.stored_models import (
    model_activate,
    model_store,
    model_train_on_registry,
)

__all__ = [
    "DecisionResult",
    "RunSummary",
    "candidate_decide",
    "close_joined_candidates",
    "ensure_identities",
    "identities_merge",
    "is_reviewer",
    "merge_refusal",
    "merge_undo",
    "model_activate",
    "model_store",
    "model_train_on_registry",
    "reopen_parted_candidates",
    "require_reviewer",
    "resolve_all",
    "undo_refusal",
]
