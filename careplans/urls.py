from django.urls import path

from careplans.assessments import question_set_views
from careplans.assessments import views as assessment_views
from careplans.clocks import history_views
from careplans.clocks import views as clock_views
from careplans.outreach import views as outreach_views
from careplans.plans import views as plan_views
from careplans.worklists import views as worklist_views

app_name = "careplans"
urlpatterns: list = []

_PLAN = "members/<int:member_id>/care-plan/"
urlpatterns += [
    path(_PLAN, plan_views.care_plan, name="care_plan"),
    path(f"{_PLAN}new/", plan_views.care_plan_new, name="care_plan_new"),
    path(f"{_PLAN}problems/", plan_views.care_plan_problem_add, name="care_plan_problem_add"),
    path(
        f"{_PLAN}problems/<int:problem_id>/",
        plan_views.care_plan_problem,
        name="care_plan_problem",
    ),
    path(f"{_PLAN}goals/", plan_views.care_plan_goal_add, name="care_plan_goal_add"),
    path(f"{_PLAN}goals/<int:goal_id>/", plan_views.care_plan_goal, name="care_plan_goal"),
    path(f"{_PLAN}tasks/", plan_views.care_plan_task_add, name="care_plan_task_add"),
    path(f"{_PLAN}tasks/<int:task_id>/", plan_views.care_plan_task, name="care_plan_task"),
    path(f"{_PLAN}team/", plan_views.care_plan_team_add, name="care_plan_team_add"),
    path(
        f"{_PLAN}team/<int:team_member_id>/remove/",
        plan_views.care_plan_team_remove,
        name="care_plan_team_remove",
    ),
    path(
        f"{_PLAN}acknowledgement/",
        plan_views.care_plan_acknowledgement,
        name="care_plan_acknowledgement",
    ),
    path(f"{_PLAN}review/", plan_views.care_plan_review, name="care_plan_review"),
    path(f"{_PLAN}versions/", plan_views.plan_version_list, name="plan_versions"),
    path(
        f"{_PLAN}goals/proposed/",
        plan_views.care_plan_goal_propose,
        name="care_plan_goal_propose",
    ),
    path(
        f"{_PLAN}goals/<int:goal_id>/decision/",
        plan_views.care_plan_goal_decide,
        name="care_plan_goal_decide",
    ),
    path(
        f"{_PLAN}tasks/<int:task_id>/complete/",
        plan_views.care_plan_task_complete,
        name="care_plan_task_complete",
    ),
]

# Assessments (HRA, SDOH screening) and the question-set versions they are answered on.
_ASSESSMENTS = "members/<int:member_id>/assessments/"
_QUESTION_SETS = "admin-config/question-sets/"
urlpatterns += [
    path(_ASSESSMENTS, assessment_views.member_assessments, name="member_assessments"),
    path(f"{_ASSESSMENTS}start/", assessment_views.assessment_start, name="assessment_start"),
    path(
        f"{_ASSESSMENTS}<int:assessment_id>/",
        assessment_views.assessment_page,
        name="assessment",
    ),
    path(_QUESTION_SETS, question_set_views.question_set_list, name="question_sets"),
    path(
        f"{_QUESTION_SETS}new-version/",
        question_set_views.question_set_new_version,
        name="question_set_new_version",
    ),
    path(
        f"{_QUESTION_SETS}<int:question_set_id>/",
        question_set_views.question_set_page,
        name="question_set",
    ),
    path(
        f"{_QUESTION_SETS}<int:question_set_id>/questions/new/",
        question_set_views.question_edit,
        name="question_new",
    ),
    path(
        f"{_QUESTION_SETS}<int:question_set_id>/questions/<int:question_id>/",
        question_set_views.question_edit,
        name="question_edit",
    ),
    path(
        f"{_QUESTION_SETS}<int:question_set_id>/questions/<int:question_id>/move/",
        question_set_views.question_move,
        name="question_move",
    ),
    path(
        f"{_QUESTION_SETS}<int:question_set_id>/questions/<int:question_id>/remove/",
        question_set_views.question_remove,
        name="question_remove",
    ),
    path(
        f"{_QUESTION_SETS}<int:question_set_id>/rules/",
        question_set_views.scoring_rules,
        name="question_set_rules",
    ),
    path(
        f"{_QUESTION_SETS}<int:question_set_id>/publish/",
        question_set_views.question_set_publish,
        name="question_set_publish",
    ),
]

_MEMBER = "members/<int:member_id>/"
urlpatterns += [
    path(f"{_MEMBER}enrollment/", outreach_views.member_enrollment, name="member_enrollment"),
    path(
        f"{_MEMBER}enrollment/change/",
        outreach_views.member_enrollment_change,
        name="member_enrollment_change",
    ),
    path(f"{_MEMBER}contacts/", outreach_views.member_contacts, name="member_contacts"),
    path(
        f"{_MEMBER}contacts/new/",
        outreach_views.member_contact_create,
        name="member_contact_create",
    ),
    path(f"{_MEMBER}timeline/", outreach_views.member_timeline, name="member_timeline"),
    path(f"{_MEMBER}clocks/", clock_views.member_clocks, name="member_clocks"),
    path("tasks/", worklist_views.task_list, name="tasks"),
    path("tasks/snooze/", worklist_views.tasks_snooze, name="tasks_snooze"),
    path("tasks/unsnooze/", worklist_views.tasks_unsnooze, name="tasks_unsnooze"),
    path("team/overdue/", worklist_views.team_overdue, name="team_overdue"),
    path("clock-settings/", clock_views.clock_settings, name="clock_settings"),
    path("history/import/", history_views.history_upload, name="history_upload"),
    path("clock-settings/change/", clock_views.clock_setting_change, name="clock_setting_change"),
    path("clock-settings/status/", clock_views.clock_refresh_status, name="clock_refresh_status"),
]
