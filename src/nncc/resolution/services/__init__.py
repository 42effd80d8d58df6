"""Writes of entity resolution: merges and their undoing, reviewers' decisions, the batch run.

Online resolution of one arriving statement is ``nncc.resolution.online``.
"""

from nncc.resolution.services.decisions import (
    DecisionResult,
    candidate_decide,
    is_reviewer,
    require_reviewer,
)
from nncc.resolution.services.merges import (
    ensure_identities,
    identities_merge,
    merge_refusal,
    merge_undo,
    undo_refusal,
)
from nncc.resolution.services.registry_run import RunSummary, resolve_all

__all__ = [
    "DecisionResult",
    "RunSummary",
    "candidate_decide",
    "ensure_identities",
    "identities_merge",
    "is_reviewer",
    "merge_refusal",
    "merge_undo",
    "require_reviewer",
    "resolve_all",
    "undo_refusal",
]
