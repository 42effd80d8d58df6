"""Shapes of the bulk import endpoint: jobs, rejected rows, and the answer of a run."""

from __future__ import annotations

from rest_framework import serializers

from nncc.intake.imports import jobs
from nncc.intake.models import ImportJob, ImportRecordType, ImportRejection


class ImportJobSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", read_only=True)
    created_by = serializers.CharField(
        source="created_by.username", read_only=True, allow_null=True, default=None
    )
    profile = serializers.CharField(
        source="profile.name", read_only=True, allow_null=True, default=None
    )
    interrupted = serializers.SerializerMethodField(
        help_text="RUNNING (or long QUEUED) with no run holding it: it was killed or lost; "
        "post the same body again (or resume it on the web page) to go on after ``position``"
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "agency",
            "file_name",
            "sha256",
            "format",
            "record_type",
            "profile",
            "source",
            "status",
            "interrupted",
            "total",
            "received",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "position",
            "started_at",
            "finished_at",
            "created_by",
            "error",
        ]
        read_only_fields = fields

    def get_interrupted(self, job: ImportJob) -> bool:
        return job.pk is not None and jobs.is_interrupted(job)


class ImportRejectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRejection
        fields = ["row_number", "column", "value", "reason", "row_values"]
        read_only_fields = fields


class RejectionPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ImportRejectionSerializer(many=True)


class ProblemSerializer(serializers.Serializer):
    column = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()


class RowResultSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="line number of the body (row number of a file)")
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged", "rejected"])
    record_id = serializers.CharField(allow_null=True, help_text="your agency's record id")
    problems = ProblemSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    job = ImportJobSerializer(help_text="the job; its id is null for a dry run")
    dry_run = serializers.BooleanField()
    results = RowResultSerializer(many=True)


class ImportUploadSerializer(serializers.Serializer):
    """For the schema: the multipart form."""

    file = serializers.FileField(help_text="a .csv, .xlsx or .jsonl file")
    record_type = serializers.ChoiceField(choices=ImportRecordType.choices, required=False)
    profile = serializers.CharField(required=False)
    dry_run = serializers.BooleanField(required=False)
