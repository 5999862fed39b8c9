"""REST API for the notification centre: GET /api/notifications/ (?unread=1), POST
/api/notifications/{id}/read/, GET/PUT /api/notifications/digest/ {daily_digest}. Each user sees
only their own notifications; someone else's is a 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "day", "member", "title", "link", "created_at", "read_at",
                  "is_read"]  # fmt: skip


class NotificationsApi(generics.ListAPIView):
    serializer_class = NotificationSerializer

    @extend_schema(parameters=[OpenApiParameter("unread", bool)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        unread = self.request.query_params.get("unread") in ("1", "true")
        return selectors.notifications_for(self.request.user, unread_only=unread)


class NotificationReadApi(APIView):
    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, notification_id: int):
        notification = services.mark_read(user=request.user, notification_id=notification_id)
        return Response(NotificationSerializer(notification).data)


class DigestSerializer(serializers.Serializer):
    daily_digest = serializers.BooleanField()


class DigestPreferenceApi(APIView):
    @extend_schema(responses=DigestSerializer)
    def get(self, request):
        return Response({"daily_digest": selectors.wants_digest(request.user)})

    @extend_schema(request=DigestSerializer, responses=DigestSerializer)
    def put(self, request):
        body = DigestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.set_digest(user=request.user, daily_digest=body.validated_data["daily_digest"])
        return Response(body.validated_data)
