"""API doors onto accounts.tokens and accounts.mfa: issue a token with both factors, list and
revoke tokens, and (plan admins) reset a user's second factor."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.models import AuthToken
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import access, mfa, tokens
from .models import User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    code = serializers.CharField(
        max_length=20, help_text="The current code of the authenticator app, or a backup code."
    )


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown once.")
    token_key = serializers.CharField()
    expiry = serializers.DateTimeField()


class TokenSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")

    class Meta:
        model = AuthToken
        fields = ["token_key", "username", "created", "expiry"]


class TokenIssueApi(APIView):
    """Exchange username, password and a second-factor code for an API token."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={201: IssuedTokenSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            instance, token = tokens.issue_token_with_credentials(
                request=request, **data.validated_data
            )
        except tokens.TokenRefused as refused:
            return Response({"detail": str(refused)}, status=status.HTTP_400_BAD_REQUEST)
        body = {"token": token, "token_key": instance.token_key, "expiry": instance.expiry}
        return Response(IssuedTokenSerializer(body).data, status=status.HTTP_201_CREATED)


class TokenListApi(generics.ListAPIView):
    """Your live API tokens; plan admins see everyone's (or one user's with `?user=`)."""

    serializer_class = TokenSerializer

    @extend_schema(parameters=[OpenApiParameter("user", int, description="Plan admins: a user id")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not access.may(self.request.user, access.Capability.MANAGE_USERS):
            return tokens.live_tokens(user=self.request.user)
        user_id = self.request.query_params.get("user")
        if user_id is None:
            return tokens.live_tokens()
        if not user_id.isdigit():
            raise Http404
        return tokens.live_tokens(user=get_object_or_404(User, pk=int(user_id)))


class TokenApi(APIView):
    """Revoke one token by its key: your own, or anyone's for plan admins."""

    @extend_schema(responses={204: None})
    def delete(self, request, token_key: str):
        token = tokens.revocable_token(actor=request.user, token_key=token_key)
        if token is None:
            raise Http404
        tokens.revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserMfaResetApi(APIView):
    """Plan admins: forget a user's authenticator app and backup codes (a lost phone); the
    user's sessions and tokens end, and they enroll again at their next login."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, user_id: int):
        access.require(request.user, access.Capability.MANAGE_USERS)
        mfa.reset_devices(user=get_object_or_404(User, pk=user_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
