"""Reports over the API: the same figures as the report pages and ``nncc report``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nncc.kernel.api import DetailBodySerializer, ErrorBodySerializer
from nncc.stats.api.serializers import CampaignQuerySerializer
from nncc.stats.campaign import campaign_report


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
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = CampaignQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(campaign_report(year=query.validated_data["year"], user=request.user))
