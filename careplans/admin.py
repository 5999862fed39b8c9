"""Django admin for care management models. Question sets are edited in the portal
(Question sets, careplans.assessments.question_set_views); here published versions are
read-only too."""

from django.contrib import admin

from accounts.access.admin import MemberDataAdminMixin
from careplans.models import (
    Assessment,
    AssessmentNeed,
    CarePlan,
    CarePlanGoal,
    CarePlanProblem,
    CarePlanTask,
    CareTeamMember,
    Need,
    Question,
    QuestionSet,
    ScoringRule,
)


class _LockedWhenPublished:
    """Published and retired versions keep their wording: no change through the admin either."""

    def _editable(self, obj) -> bool:
        question_set = getattr(obj, "question_set", obj)
        return question_set is None or question_set.is_editable

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class QuestionInline(_LockedWhenPublished, admin.TabularInline):
    model = Question
    extra = 0


class ScoringRuleInline(_LockedWhenPublished, admin.TabularInline):
    model = ScoringRule
    extra = 0


@admin.register(QuestionSet)
class QuestionSetAdmin(_LockedWhenPublished, admin.ModelAdmin):
    list_display = ["kind", "version", "title", "status", "published_at"]
    list_filter = ["kind", "status"]
    inlines = [QuestionInline, ScoringRuleInline]

    def has_add_permission(self, request, obj=None):
        return admin.ModelAdmin.has_add_permission(self, request)


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "icd10_codes"]
    search_fields = ["code", "label"]


class AssessmentNeedInline(admin.TabularInline):
    model = AssessmentNeed
    extra = 0
    readonly_fields = ["need", "points", "evidence"]


@admin.register(Assessment)
class AssessmentAdmin(MemberDataAdminMixin, admin.ModelAdmin):
    list_display = ["id", "member_id", "question_set", "status", "language", "completed_on"]
    list_filter = ["status", "question_set__kind"]
    raw_id_fields = ["member", "started_by", "completed_by"]
    readonly_fields = ["answers", "revision"]
    inlines = [AssessmentNeedInline]


class _ReadOnlyPlanPart(admin.TabularInline):
    """Plans change only through careplans.plans.services (revision check, a version per save)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CarePlanProblemInline(_ReadOnlyPlanPart):
    model = CarePlanProblem


class CarePlanGoalInline(_ReadOnlyPlanPart):
    model = CarePlanGoal


class CarePlanTaskInline(_ReadOnlyPlanPart):
    model = CarePlanTask


class CareTeamMemberInline(_ReadOnlyPlanPart):
    model = CareTeamMember


@admin.register(CarePlan)
class CarePlanAdmin(MemberDataAdminMixin, admin.ModelAdmin):
    """Read-only: an admin edit would skip the revision check and leave no version."""

    list_display = ["id", "member_id", "program", "status", "revision", "created_on"]
    list_filter = ["program", "status"]
    raw_id_fields = ["member", "created_by"]
    inlines = [CarePlanProblemInline, CarePlanGoalInline, CarePlanTaskInline, CareTeamMemberInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
