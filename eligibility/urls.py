from django.urls import path

from . import member_views, run_views, views, worklist_views

app_name = "eligibility"
urlpatterns = [
    path("eligibility/import/", views.clinical_upload, name="clinical_upload"),
    path("eligibility/rules/", views.rule_set, name="rule_set"),
    path("eligibility/worklist/", worklist_views.worklist_page, name="worklist"),
    path("eligibility/worklist/assign/", worklist_views.worklist_assign, name="worklist_assign"),
    path("eligibility/runs/", run_views.runs, name="runs"),
    path("eligibility/runs/<int:run_id>/", run_views.run_detail, name="run"),
    path("eligibility/runs/<int:run_id>/retry/", run_views.run_retry, name="run_retry"),
    path(
        "eligibility/runs/<int:run_id>/determinations.csv",
        run_views.run_determinations_csv,
        name="run_determinations",
    ),
    path(
        "members/<int:member_id>/eligibility/",
        member_views.member_eligibility,
        name="member_section",
    ),
    path(
        "members/<int:member_id>/eligibility/reviews/",
        member_views.member_review,
        name="member_review",
    ),
]
