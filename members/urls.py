from django.urls import path

from . import import_views, views

app_name = "members"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("members/", views.member_list, name="list"),
    path("members/assign/", views.assign, name="assign"),
    path("members/<int:member_id>/", views.member_detail, name="detail"),
    path("members/<int:member_id>/reassign/", views.member_reassign, name="reassign"),
    path("members/<int:member_id>/access-log/", views.member_access_log, name="access_log"),
    path("roster/import/", import_views.roster_upload, name="roster_upload"),
]
