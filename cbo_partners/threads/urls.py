from django.urls import path

from . import views

app_name = "cbo_threads"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/badge/", views.badge, name="badge"),
    path("members/<int:member_id>/cbo-messages/", views.member_section, name="member_section"),
    path(
        "members/<int:member_id>/cbo-messages/<int:assignment_id>/",
        views.thread,
        name="thread",
    ),
    path(
        "members/<int:member_id>/cbo-messages/<int:assignment_id>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
]
