"""Entity resolution in and out of the API. Shapes only: the services decide and the selectors
decide what the caller may see (statements in full, pointers for the rest)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from nncc.resolution.models import DECISIONS, CandidateStatus, MergeKind


class DocumentSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    value = serializers.CharField(read_only=True)


class StatementSerializer(serializers.Serializer):
    """One agency's statement about the person, with its source."""

    id = serializers.IntegerField(read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    agency_record_id = serializers.CharField(read_only=True)
    name_latin = serializers.CharField(read_only=True)
    name_urdu = serializers.CharField(read_only=True)
    father_name_latin = serializers.CharField(read_only=True)
    father_name_urdu = serializers.CharField(read_only=True)
    sex = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    birth_year = serializers.IntegerField(read_only=True, allow_null=True)
    nationality = serializers.CharField(read_only=True)
    handling_code = serializers.CharField(read_only=True)
    identifiers = DocumentSerializer(many=True, read_only=True, source="identifiers.all")
    phones = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)

    def get_phones(self, person: Any) -> list[str]:
        return [phone.e164 for phone in person.phones.all()]


class PointerSerializer(serializers.Serializer):
    """A statement the caller may not see: which agency holds it and whom to contact."""

    agency = serializers.CharField(source="agency_code", read_only=True)
    agency_name = serializers.CharField(read_only=True)
    contact = serializers.CharField(read_only=True)


class FeatureSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    outcome = serializers.ChoiceField(
        choices=["agree", "close", "disagree", "missing", "conflict"], read_only=True
    )
    detail = serializers.CharField(read_only=True)
    weight = serializers.FloatField(read_only=True)


class CandidateSerializer(serializers.Serializer):
    """A pair of statements the scorer found, why, and what a reviewer decided."""

    id = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=CandidateStatus.choices, read_only=True)
    probability = serializers.FloatField(read_only=True)
    match_weight = serializers.FloatField(read_only=True)
    conflict = serializers.CharField(read_only=True)
    features = FeatureSerializer(many=True, read_only=True, source="explanation")
    person_a = StatementSerializer(read_only=True)
    person_b = StatementSerializer(read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True, default=None
    )
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[(d.value, d.label) for d in DECISIONS])
    note = serializers.CharField(
        allow_blank=True, default="", help_text="why; up to 500 characters"
    )


class DecisionResultSerializer(serializers.Serializer):
    candidate = CandidateSerializer(read_only=True)
    merge = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="the merge a 'same' decision made"
    )
    warning = serializers.CharField(read_only=True)


class MergeSerializer(serializers.Serializer):
    """A join of two resolved persons; undoing it restores both exactly."""

    id = serializers.IntegerField(read_only=True)
    identity = serializers.IntegerField(source="identity_id", read_only=True)
    absorbed = serializers.IntegerField(source="absorbed_id", read_only=True)
    kind = serializers.ChoiceField(choices=MergeKind.choices, read_only=True)
    person_a = serializers.IntegerField(source="person_a_id", read_only=True, allow_null=True)
    person_b = serializers.IntegerField(source="person_b_id", read_only=True, allow_null=True)
    probability = serializers.FloatField(read_only=True, allow_null=True)
    candidate = serializers.IntegerField(source="candidate_id", read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    undone_at = serializers.DateTimeField(read_only=True, allow_null=True)


class IdentitySerializer(serializers.Serializer):
    """A resolved person: the statements the caller may see, pointers for the others."""

    id = serializers.IntegerField(read_only=True)
    statements = StatementSerializer(many=True, read_only=True)
    pointers = PointerSerializer(many=True, read_only=True)
    merges = MergeSerializer(
        many=True, read_only=True, help_text="joins resting on statements the caller may see"
    )
