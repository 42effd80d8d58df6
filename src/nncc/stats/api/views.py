"""Reports over the API: the same figures as the report pages and ``nncc report``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nncc.kernel.api import DetailBodySerializer, ErrorBodySerializer
from nncc.stats.api.serializers import CampaignQuerySerializer


def campaign_report_function() -> Callable[..., dict[str, Any]] | None:
    # Imported when asked for, so the rest of the API works while the report is being built.
    try:
        from nncc.stats.campaign import campaign_report
    except ImportError:
        return None
    return campaign_report


class CampaignReportView(APIView):
    """The campaign figures over what the caller may see, with their counting rules.

    The report audits itself (``report``), as it does from the CLI.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, description="calendar year; default this year"
            )
        ],
        responses={
            200: OpenApiTypes.OBJECT,
            400: ErrorBodySerializer,
            401: DetailBodySerializer,
            503: DetailBodySerializer,
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = CampaignQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        campaign_report = campaign_report_function()
        if campaign_report is None:
            return Response(
                {"detail": "The campaign report is not available in this version."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(campaign_report(year=query.validated_data["year"], user=request.user))
