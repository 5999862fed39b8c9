"""The thread's API routes, included in calaim/urls.py's api namespace."""

from django.urls import path

from . import api

urlpatterns = [
    path("cbo-threads/", api.MyThreadsApi.as_view(), name="cbo-threads"),
    path("cbo-threads/unread/", api.UnreadCountApi.as_view(), name="cbo-threads-unread"),
    path(
        "members/<int:member_id>/cbo-threads/",
        api.MemberThreadsApi.as_view(),
        name="member-cbo-threads",
    ),
    path(
        "members/<int:member_id>/cbo-threads/<int:assignment_id>/messages/",
        api.ThreadMessagesApi.as_view(),
        name="cbo-thread-messages",
    ),
    path(
        "members/<int:member_id>/cbo-threads/<int:assignment_id>/attachments/<int:attachment_id>/",
        api.AttachmentApi.as_view(),
        name="cbo-thread-attachment",
    ),
]
