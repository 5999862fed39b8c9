from django.urls import path

from . import report_views, views

app_name = "referrals"
MOVES = ("send", "accept", "decline", "authorize", "deliver", "complete", "close", "cancel")
urlpatterns = [
    path("members/<int:member_id>/referrals/", views.member_section, name="member_section"),
    path("members/<int:member_id>/referrals/new/", views.new_referral, name="new"),
    path("referrals/<int:referral_id>/", views.detail, name="detail"),
    *(
        path(f"referrals/<int:referral_id>/{move}/", views.act, {"action": move}, name=move)
        for move in MOVES
    ),
    path("referrals/inbox/", views.inbox, name="inbox"),
    path("community-supports/offerings/", views.offerings_page, name="offerings"),
    path("community-supports/imports/", views.upload, name="upload"),
    path("community-supports/report/", report_views.report, name="report"),
    path("community-supports/report.csv", report_views.report_csv, name="report_csv"),
]
