"""The review queue, resolved persons and merges over the API.

The same rules as the pages: the queue and merges are for analysts (403 for others); a pair or
merge resting on a statement the caller may not see, and a resolved person none of whose
statements he may see, answer 404. Statements shown are audited as views of each person; a
queue list with filters is an audited search.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nncc.kernel.api import ErrorDocumentingSchema, SearchAuditMixin
from nncc.resolution import selectors, services
from nncc.resolution.api.serializers import (
    CandidateSerializer,
    DecisionResultSerializer,
    DecisionSerializer,
    IdentitySerializer,
    MergeSerializer,
)
from nncc.resolution.filtersets import CandidateFilterSet
from nncc.resolution.models import Identity, MatchCandidate, Merge
from nncc.resolution.views import audit_statements_seen


class IsReviewer(permissions.BasePermission):
    message = "Only analysts review candidate matches and undo merges."

    def has_permission(self, request: Any, view: Any) -> bool:
        return services.is_reviewer(request.user)


class MatchCandidateViewSet(SearchAuditMixin, viewsets.ReadOnlyModelViewSet):
    """Pairs of statements that may be the same person, for analysts who may see both."""

    model = MatchCandidate
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilterSet
    permission_classes = [permissions.IsAuthenticated, IsReviewer]
    ordering_fields = ["probability", "created_at", "id"]
    ordering = ["-probability", "id"]
    queryset = MatchCandidate.objects.none()  # for the schema; get_queryset applies the rule
    schema = ErrorDocumentingSchema()

    def get_queryset(self) -> QuerySet[MatchCandidate]:
        queryset = selectors.candidate_queue(self.request.user, self.request.query_params)
        return queryset.prefetch_related(
            "person_a__identifiers",
            "person_a__phones",
            "person_b__identifiers",
            "person_b__phones",
        )

    def get_object(self) -> MatchCandidate:
        return selectors.candidate_get(self.request.user, self.kwargs["pk"])

    def paginate_queryset(self, queryset: Any) -> Any:
        # The rows carry each statement's documents: every statement listed is a view of it.
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        seen = [person for row in rows for person in (row.person_a, row.person_b)]
        audit_statements_seen(self.request.user, seen, "review queue")
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        candidate = self.get_object()
        audit_statements_seen(
            request.user, [candidate.person_a, candidate.person_b], str(candidate)
        )
        return Response(self.get_serializer(candidate).data)

    @extend_schema(request=DecisionSerializer, responses=DecisionResultSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        """Same, different or unsure; "same" joins the two resolved persons."""
        candidate = self.get_object()
        form = DecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = services.candidate_decide(
            acting_user=request.user,
            candidate=candidate,
            decision=form.validated_data["decision"],
            note=form.validated_data["note"],
        )
        fresh = selectors.candidate_get(request.user, candidate.pk)
        body: dict[str, Any] = {
            "candidate": fresh,
            "merge": result.merge.pk if result.merge else None,
            "warning": result.warning,
        }
        return Response(DecisionResultSerializer(body).data)


class IdentityViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A resolved person: every statement the caller may see, with its source, and pointers
    ("another agency holds a record — contact …") for the others."""

    serializer_class = IdentitySerializer
    queryset = Identity.objects.none()  # for the schema; the selector applies the rule
    schema = ErrorDocumentingSchema()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        identity = selectors.identity_get(request.user, kwargs["pk"])
        view = selectors.identity_view(request.user, identity)
        audit_statements_seen(request.user, view.statements, str(identity))
        rows = selectors.identity_merges(request.user, identity)
        body = {
            "id": identity.pk,
            "statements": view.statements,
            "pointers": view.pointers,
            "merges": [row.merge for row in rows if row.explained],
        }
        return Response(IdentitySerializer(body).data)


class MergeViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Joins of resolved persons, for analysts who may see the pair that caused them."""

    serializer_class = MergeSerializer
    permission_classes = [permissions.IsAuthenticated, IsReviewer]
    queryset = Merge.objects.none()  # for the schema; the selector applies the rule
    schema = ErrorDocumentingSchema()

    def get_object(self) -> Merge:
        return selectors.merge_get(self.request.user, self.kwargs["pk"])

    @extend_schema(request=None, responses=MergeSerializer)
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: Any = None) -> Response:
        """Move the statements back where they were; the pair returns to the review queue."""
        merge = services.merge_undo(acting_user=request.user, merge=self.get_object())
        return Response(MergeSerializer(merge).data)
