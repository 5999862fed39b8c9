"""REST API of the plan<->CBO thread, under the same access layer as the pages.

- GET  /api/cbo-threads/                       the caller's threads with unread counts
- GET  /api/cbo-threads/unread/                the caller's unread count (the badge)
- GET  /api/members/{id}/cbo-threads/          the member's assignments whose thread one opens
- GET  /api/members/{id}/cbo-threads/{assignment}/messages/   the thread (marks it read)
- POST the same, multipart or JSON             a new message; 400 with a message per field
- GET  /api/members/{id}/cbo-threads/{assignment}/attachments/{attachment}/   a download

Read-only but for creating a message: messages are never edited or deleted.
"""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access as access_layer
from accounts.access import Capability
from careplans.assessments.sud import REDISCLOSURE_NOTICE
from core.api import paginated_response
from core.api_schema import PAGE_PARAMETER, paginated

from . import access, selectors, services


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.IntegerField(source="author_id")
    author_name = serializers.SerializerMethodField()
    author_organization = serializers.SerializerMethodField()
    body = serializers.CharField()
    sent_at = serializers.DateTimeField()
    task = serializers.IntegerField(source="task_id", allow_null=True)
    task_description = serializers.CharField(source="task.description", default=None)
    sud = serializers.BooleanField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")
    part2_notice = serializers.SerializerMethodField(
        help_text="The 42 CFR 2.32 redisclosure notice, on a substance-use message a CBO reads."
    )

    def get_part2_notice(self, message) -> str | None:
        return REDISCLOSURE_NOTICE if self.context.get("notice") and message.sud else None

    def get_author_name(self, message) -> str:
        return message.author.get_full_name() or message.author.username

    def get_author_organization(self, message) -> str | None:
        organization = message.author.organization
        return organization.name if organization else None


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=services.MAX_BODY, trim_whitespace=True)
    task = serializers.IntegerField(required=False, allow_null=True)
    sud = serializers.BooleanField(required=False, default=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.SerializerMethodField()
    assignment = serializers.IntegerField(source="assignment_id")
    cbo = serializers.CharField(source="assignment.partner.organization.name")
    program = serializers.CharField(source="assignment.program")
    last_message_at = serializers.DateTimeField(source="last_at", allow_null=True)
    unread = serializers.IntegerField()

    def get_member_name(self, thread) -> str:
        return f"{thread.member.last_name}, {thread.member.first_name}"


class MemberThreadSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="assignment.pk")
    cbo = serializers.CharField(source="assignment.partner.organization.name")
    program = serializers.CharField(source="assignment.program")
    status = serializers.CharField(source="assignment.status")
    cbo_care_manager = serializers.IntegerField(
        source="assignment.cbo_care_manager_id", allow_null=True
    )
    thread = serializers.IntegerField(allow_null=True)
    unread = serializers.IntegerField()
    may_post = serializers.BooleanField(source="place.may_post")


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MyThreadsApi(APIView):
    @extend_schema(responses=paginated(ThreadSerializer), parameters=[PAGE_PARAMETER])
    def get(self, request):
        """The caller's threads, unread first; the members named are access-logged."""
        access_layer.require(request.user, Capability.VIEW_MEMBER)
        threads = selectors.inbox_threads(request.user)

        def logged(page):
            access.record_inbox_shown(request, [t.member_id for t in page])
            return page

        return paginated_response(self, threads, ThreadSerializer, describe=logged)


class UnreadCountApi(APIView):
    @extend_schema(responses=UnreadSerializer)
    def get(self, request):
        """How many messages by others the caller has not read (the navigation's badge)."""
        access_layer.require(request.user, Capability.VIEW_MEMBER)
        return Response({"unread": selectors.unread_count(request.user)})


class MemberThreadsApi(APIView):
    @extend_schema(responses=MemberThreadSerializer(many=True))
    def get(self, request, member_id: int):
        """The member's CBO assignments whose thread the caller may open."""
        member = access.member_for_thread(request, member_id)
        rows = [
            {"assignment": a, "place": place, "thread": getattr(a, "thread", None)}
            for a, place in access.assignments_in_view(request.user, member)
        ]
        ids = [row["thread"].pk for row in rows if row["thread"] is not None]
        unread = selectors.unread_by_thread(request.user, ids) if ids else {}
        for row in rows:
            thread = row["thread"]
            row["thread"] = thread.pk if thread else None
            row["unread"] = unread.get(row["thread"], 0)
        return Response(MemberThreadSerializer(rows, many=True).data)


class ThreadMessagesApi(APIView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(responses=paginated(MessageSerializer), parameters=[PAGE_PARAMETER])
    def get(self, request, member_id: int, assignment_id: int):
        """The thread's messages the caller may see, oldest first; reading marks them read."""
        _member, assignment, place = access.assignment_in_thread(request, member_id, assignment_id)
        thread = services.open_thread(assignment=assignment)

        def read(page):
            if page:
                latest = max(message.sent_at for message in page)
                services.read_thread(thread=thread, user=request.user, up_to=latest)
            return page

        return paginated_response(
            self,
            selectors.thread_messages(thread, place),
            MessageSerializer,
            describe=read,
            context={"notice": place.needs_redisclosure_notice},
        )

    @extend_schema(
        request={
            "multipart/form-data": MessageInputSerializer,
            "application/json": MessageInputSerializer,
        },
        responses={201: MessageSerializer},
    )
    def post(self, request, member_id: int, assignment_id: int):
        """Post a message (attachments: PDF, JPEG or PNG, checked from their content)."""
        member, assignment, place = access.assignment_in_thread(
            request, member_id, assignment_id, capability=Capability.MESSAGE_CBO
        )
        if not place.may_post:
            raise Http404
        data = MessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        message = services.post_message(
            assignment=assignment,
            member=member,
            author=request.user,
            place=place,
            body=values["body"],
            task_id=values.get("task"),
            sud=values["sud"],
            files=values["attachments"],
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class AttachmentApi(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, member_id: int, assignment_id: int, attachment_id: int):
        """An attachment, as a download."""
        _member, assignment, place = access.assignment_in_thread(request, member_id, assignment_id)
        found = selectors.attachment_for(assignment, place, attachment_id)
        if found is None:
            raise Http404
        response = FileResponse(
            found.file.open("rb"), as_attachment=True, filename=found.name,
            content_type=found.content_type,
        )  # fmt: skip
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
