from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_http_methods
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import api as accounts_api
from accounts import views as accounts_views
from audit import api as audit_api
from careplans.assessments import api as careplans_assessment_api
from careplans.clocks import api as clocks_api
from careplans.outreach import api as outreach_api
from careplans.plans import api as care_plan_api
from careplans.worklists import api as worklists_api
from cbo_partners.api import api_patterns as cbo_api_patterns
from cbo_partners.threads import api_urls as cbo_thread_api_urls
from core import api as core_api
from eligibility import api as eligibility_api
from eligibility import member_api as eligibility_member_api
from eligibility import runs_api as eligibility_runs_api
from jobs import api as jobs_api
from members import api as members_api
from members import views as member_views
from notifications import api as notifications_api
from referrals import api as referrals_api
from risk import api as risk_api

api_patterns = [
    path(
        "members/<int:member_id>/referrals/",
        referrals_api.MemberReferralsApi.as_view(),
        name="member-referrals",
    ),
    path("referrals/<int:referral_id>/", referrals_api.ReferralApi.as_view(), name="referral"),
    path(
        "referrals/<int:referral_id>/moves/",
        referrals_api.ReferralMoveApi.as_view(),
        name="referral-move",
    ),
    path("referrals/inbox/", referrals_api.InboxApi.as_view(), name="referral-inbox"),
    path("community-supports/checks/", referrals_api.LimitCheckApi.as_view(), name="cs-check"),
    path(
        "community-supports/offerings/", referrals_api.OfferingsApi.as_view(), name="cs-offerings"
    ),
    path("community-supports/report/", referrals_api.ReportApi.as_view(), name="cs-report"),
    path(
        "imports/cs-offerings/",
        referrals_api.OfferingsImportApi.as_view(),
        name="cs-offerings-import",
    ),
    path(
        "imports/cs-authorizations/",
        referrals_api.AuthorizationsImportApi.as_view(),
        name="cs-authorizations-import",
    ),
    path("members/", members_api.MemberListApi.as_view(), name="member-list"),
    path("members/search/", members_api.MemberSearchApi.as_view(), name="member-search"),
    path("members/assign/", members_api.AssignApi.as_view(), name="member-assign"),
    path("members/<int:member_id>/", members_api.MemberDetailApi.as_view(), name="member-detail"),
    path(
        "members/<int:member_id>/access-log/",
        members_api.MemberAccessLogApi.as_view(),
        name="member-access-log",
    ),
    path(
        "members/<int:member_id>/eligibility/",
        eligibility_member_api.MemberEligibilityApi.as_view(),
        name="member-eligibility",
    ),
    path(
        "members/<int:member_id>/eligibility/reviews/",
        eligibility_member_api.MemberReviewApi.as_view(),
        name="member-eligibility-review",
    ),
    path(
        "members/<int:member_id>/enrollment/transitions/",
        outreach_api.MemberEnrollmentApi.as_view(),
        name="member-enrollment-transitions",
    ),
    path("imports/roster/", members_api.RosterImportApi.as_view(), name="roster-import"),
    path(
        "imports/diagnoses/",
        eligibility_api.DiagnosesImportApi.as_view(),
        name="diagnoses-import",
    ),
    path(
        "imports/utilization/",
        eligibility_api.UtilizationImportApi.as_view(),
        name="utilization-import",
    ),
    path("imports/<int:job_id>/", core_api.ImportJobApi.as_view(), name="import-job"),
    path(
        "imports/<int:job_id>/retry/", core_api.ImportJobRetryApi.as_view(), name="import-job-retry"
    ),
    path(
        "imports/<int:job_id>/problems/",
        core_api.ImportProblemsApi.as_view(),
        name="import-problems",
    ),
    path(
        "eligibility/worklist/",
        eligibility_runs_api.WorklistApi.as_view(),
        name="eligibility-worklist",
    ),
    path(
        "eligibility/runs/",
        eligibility_runs_api.EvaluationRunsApi.as_view(),
        name="eligibility-runs",
    ),
    path(
        "eligibility/runs/<int:run_id>/",
        eligibility_runs_api.EvaluationRunApi.as_view(),
        name="eligibility-run",
    ),
    path(
        "eligibility/runs/<int:run_id>/retry/",
        eligibility_runs_api.EvaluationRunRetryApi.as_view(),
        name="eligibility-run-retry",
    ),
    path(
        "eligibility/runs/<int:run_id>/determinations.csv",
        eligibility_runs_api.RunDeterminationsApi.as_view(),
        name="eligibility-run-determinations",
    ),
    path(
        "members/<int:member_id>/care-plan/",
        care_plan_api.MemberCarePlanApi.as_view(),
        name="member-care-plan",
    ),
    path(
        "members/<int:member_id>/care-plan/goals/",
        care_plan_api.CarePlanGoalsApi.as_view(),
        name="care-plan-goals",
    ),
    path(
        "members/<int:member_id>/care-plan/goals/<int:goal_id>/",
        care_plan_api.CarePlanGoalApi.as_view(),
        name="care-plan-goal",
    ),
    path(
        "members/<int:member_id>/care-plan/tasks/",
        care_plan_api.CarePlanTasksApi.as_view(),
        name="care-plan-tasks",
    ),
    path(
        "members/<int:member_id>/care-plan/tasks/<int:task_id>/",
        care_plan_api.CarePlanTaskApi.as_view(),
        name="care-plan-task",
    ),
    path(
        "members/<int:member_id>/care-plan/acknowledgement/",
        care_plan_api.CarePlanAcknowledgementApi.as_view(),
        name="care-plan-acknowledgement",
    ),
    path(
        "members/<int:member_id>/care-plan/goals/proposed/",
        care_plan_api.CarePlanGoalProposalsApi.as_view(),
        name="care-plan-goal-proposals",
    ),
    path(
        "members/<int:member_id>/care-plan/goals/<int:goal_id>/decision/",
        care_plan_api.CarePlanGoalDecisionApi.as_view(),
        name="care-plan-goal-decision",
    ),
    path(
        "members/<int:member_id>/care-plan/tasks/<int:task_id>/complete/",
        care_plan_api.CarePlanTaskCompleteApi.as_view(),
        name="care-plan-task-complete",
    ),
    path(
        "members/<int:member_id>/care-plan/versions/",
        care_plan_api.CarePlanVersionsApi.as_view(),
        name="care-plan-versions",
    ),
    path(
        "members/<int:member_id>/care-plan/versions/<int:version_number>/",
        care_plan_api.CarePlanVersionApi.as_view(),
        name="care-plan-version",
    ),
    path(
        "members/<int:member_id>/assessments/",
        careplans_assessment_api.MemberAssessmentsApi.as_view(),
        name="member-assessments",
    ),
    path(
        "members/<int:member_id>/assessments/<int:assessment_id>/",
        careplans_assessment_api.MemberAssessmentApi.as_view(),
        name="member-assessment",
    ),
    path(
        "members/<int:member_id>/assessments/<int:assessment_id>/answers/",
        careplans_assessment_api.AssessmentAnswersApi.as_view(),
        name="member-assessment-answers",
    ),
    path(
        "members/<int:member_id>/assessments/<int:assessment_id>/complete/",
        careplans_assessment_api.AssessmentCompleteApi.as_view(),
        name="member-assessment-complete",
    ),
    path(
        "members/<int:member_id>/contacts/",
        outreach_api.MemberContactsApi.as_view(),
        name="member-contacts",
    ),
    path(
        "members/<int:member_id>/timeline/",
        outreach_api.MemberTimelineApi.as_view(),
        name="member-timeline",
    ),
    path(
        "members/<int:member_id>/clocks/",
        clocks_api.MemberClocksApi.as_view(),
        name="member-clocks",
    ),
    path("tasks/", worklists_api.MyTasksApi.as_view(), name="my-tasks"),
    path("team/overdue/", worklists_api.TeamOverdueApi.as_view(), name="team-overdue"),
    path("auth/token/", accounts_api.TokenIssueApi.as_view(), name="auth-token"),
    path("auth/tokens/", accounts_api.TokenListApi.as_view(), name="auth-tokens"),
    path("auth/tokens/<str:token_key>/", accounts_api.TokenApi.as_view(), name="auth-token-detail"),
    path(
        "users/<int:user_id>/mfa/reset/",
        accounts_api.UserMfaResetApi.as_view(),
        name="user-mfa-reset",
    ),
    path("audit/access-log.csv", audit_api.AccessLogExportApi.as_view(), name="access-log-export"),
    path("members/<int:member_id>/risk/", risk_api.MemberRiskApi.as_view(), name="member-risk"),
    path("risk/rising/", risk_api.RisingRiskApi.as_view(), name="risk-rising"),
    path("risk/runs/", risk_api.StratificationRunsApi.as_view(), name="risk-runs"),
    path(
        "risk/runs/<int:stratification_id>/",
        risk_api.StratificationRunApi.as_view(),
        name="risk-run",
    ),
    path("jobs/runs/", jobs_api.JobRunsApi.as_view(), name="job-runs"),
    path("jobs/<slug:job_name>/run/", jobs_api.RunJobNowApi.as_view(), name="job-run-now"),
    path("notifications/", notifications_api.NotificationsApi.as_view(), name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        notifications_api.NotificationReadApi.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/digest/",
        notifications_api.DigestPreferenceApi.as_view(),
        name="notification-digest",
    ),
    *cbo_api_patterns,
    *cbo_thread_api_urls.urlpatterns,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", member_views.home, name="home"),
    path(
        "login/",
        require_http_methods(["GET", "POST"])(accounts_views.LoginView.as_view()),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.urls")),
    path("", include("audit.urls")),
    path("", include("members.urls")),
    path("", include("core.urls")),
    path("", include("eligibility.urls")),
    path("", include("referrals.urls")),
    path("", include("careplans.urls")),
    path("", include("risk.urls")),
    path("", include("jobs.urls")),
    path("", include("notifications.urls")),
    path("", include("cbo_partners.urls")),
    path("", include("cbo_partners.threads.urls")),
    path("api/", include((api_patterns, "api"))),
    # The admin's own login form would skip the username delays: everyone logs in at /login/.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
]

handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
