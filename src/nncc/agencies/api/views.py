"""Agencies (read by every user, to name joint partners) and API token login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from nncc.agencies.api.serializers import (
    AgencySerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from nncc.agencies.models import Agency
from nncc.kernel.api import DetailBodySerializer, ErrorBodySerializer, ErrorDocumentingSchema


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """The agencies of the centre, by code (to name joint partners)."""

    serializer_class = AgencySerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["kind", "is_active"]
    ordering_fields = ["code", "name"]
    schema = ErrorDocumentingSchema()

    def get_queryset(self) -> QuerySet[Agency]:
        return Agency.objects.all()


class LoginThrottle(AnonRateThrottle):
    """Slows password guessing from one address; failed attempts are also audited."""

    scope = "login"
    rate = "10/minute"


#: one answer for an unknown user, a wrong password and a disabled account (no enumeration)
LOGIN_FAILED = "Unable to log in with the given username and password."


class TokenLoginView(APIView):
    """Exchange a username and password for an API token (send it as ``Token <key>``)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: ErrorBodySerializer, 429: DetailBodySerializer},
        auth=[],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        # ``authenticate`` sends ``user_login_failed`` and we send ``user_logged_in``: the kernel
        # audits sign-ins on those signals, the one place every login path passes.
        user = authenticate(
            request._request,
            username=given.validated_data["username"],
            password=given.validated_data["password"],
        )
        if user is None:
            return Response({"non_field_errors": [LOGIN_FAILED]}, status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        return Response(TokenSerializer({"token": token.key}).data)
