"""REST API for a member's care plan: the same selectors and services as the plan page.

Reads follow who may see the member (and write an access-log row); writes are plan care work,
a 404 for anyone else, as on the page. Every change names the plan `revision` it was based on
and answers 409 with who changed the plan, and the current revision, when someone saved first;
a successful change answers the whole plan, whose `revision` the next change names.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability, DataCategory
from careplans.assessments.sud import REDISCLOSURE_NOTICE
from careplans.models import (
    AcknowledgementMethod,
    CarePlan,
    CarePlanGoal,
    CarePlanProblem,
    CarePlanTask,
    CareTeamMember,
    GoalStatus,
    TaskOwner,
    TaskStatus,
)
from careplans.plans import selectors as plan_selectors
from careplans.plans import services as care_plans
from careplans.plans import versions as plan_versions
from careplans.plans.views import ACCESS_LOG_VIEW

NO_ACTIVE_PLAN = "The member has no active care plan."
SUD_HELP = "Substance use disorder data (42 CFR Part 2); inherited from an SUD problem or goal."


class ProblemSerializer(serializers.ModelSerializer):
    need = serializers.CharField(source="need.label", default=None, allow_null=True, read_only=True)
    icd10_codes = serializers.CharField(source="need.icd10_codes", default="")

    class Meta:
        model = CarePlanProblem
        fields = ["id", "description", "need", "icd10_codes", "source", "resolved_on", "sud"]


class ItemNoticeMixin(serializers.Serializer):
    """A goal or task read on its own by a CBO partner carries the 42 CFR 2.32 notice when it is
    SUD data (in the whole plan the notice is the plan's `part2_notice`)."""

    part2_notice = serializers.SerializerMethodField()

    def get_part2_notice(self, part) -> str | None:
        return REDISCLOSURE_NOTICE if self.context.get("item_notice") and part.sud else None


class GoalSerializer(ItemNoticeMixin, serializers.ModelSerializer):
    class Meta:
        model = CarePlanGoal
        fields = [
            "id",
            "problem",
            "member_words",
            "measurable_goal",
            "target_date",
            "status",
            "sud",
            "proposal",
            "proposed_by",
            "proposal_note",
            "part2_notice",
        ]
        read_only_fields = ["proposal", "proposed_by", "proposal_note"]


class TaskSerializer(ItemNoticeMixin, serializers.ModelSerializer):
    class Meta:
        model = CarePlanTask
        fields = [
            "id",
            "goal",
            "description",
            "owner",
            "owner_user",
            "owner_name",
            "due_on",
            "status",
            "created_on",
            "completed_on",
            "completed_by",
            "sud",
            "part2_notice",
        ]
        read_only_fields = ["completed_by"]


class TeamMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareTeamMember
        fields = ["id", "name", "role", "organization", "phone", "user"]


class CarePlanSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username")
    problems = ProblemSerializer(many=True, read_only=True)
    goals = GoalSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    team = TeamMemberSerializer(many=True, read_only=True)
    part2_notice = serializers.SerializerMethodField(
        help_text="The 42 CFR 2.32 redisclosure notice, when SUD records go to a CBO partner."
    )

    class Meta:
        model = CarePlan
        fields = [
            "id",
            "member",
            "program",
            "status",
            "revision",
            "created_by",
            "created_on",
            "last_reviewed_on",
            "acknowledged_on",
            "acknowledgement_method",
            "problems",
            "goals",
            "tasks",
            "team",
            "part2_notice",
        ]

    def get_part2_notice(self, plan) -> str | None:
        partner = self.context.get("partner", False)
        return REDISCLOSURE_NOTICE if partner and plan_selectors.plan_has_sud(plan) else None


class NewProblemSerializer(serializers.Serializer):
    source = serializers.IntegerField(
        required=False, allow_null=True, help_text="A flagged need (AssessmentNeed id)."
    )
    description = serializers.CharField(max_length=300)


class CarePlanCreateSerializer(serializers.Serializer):
    problems = NewProblemSerializer(
        many=True,
        required=False,
        max_length=100,
        help_text="Omit to start with the needs flagged by the member's completed assessments.",
    )


class RevisionSerializer(serializers.Serializer):
    revision = serializers.IntegerField(min_value=1, help_text="The plan revision you read.")


class GoalRequestSerializer(RevisionSerializer):
    problem = serializers.IntegerField(required=False, allow_null=True)
    member_words = serializers.CharField(required=False, allow_blank=True, default="")
    measurable_goal = serializers.CharField(max_length=300)
    target_date = serializers.DateField(error_messages={"required": "A goal needs a target date."})
    status = serializers.ChoiceField(choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED)
    sud = serializers.BooleanField(required=False, default=False, help_text=SUD_HELP)


class GoalProposalRequestSerializer(RevisionSerializer):
    problem = serializers.IntegerField(required=False, allow_null=True)
    member_words = serializers.CharField(required=False, allow_blank=True, default="")
    measurable_goal = serializers.CharField(max_length=300)
    target_date = serializers.DateField(error_messages={"required": "A goal needs a target date."})


class GoalDecisionRequestSerializer(RevisionSerializer):
    accept = serializers.BooleanField(help_text="True accepts; false rejects (give a note).")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300, help_text="Why rejected."
    )


class TaskRequestSerializer(RevisionSerializer):
    goal = serializers.IntegerField(required=False, allow_null=True)
    description = serializers.CharField(max_length=300)
    owner = serializers.ChoiceField(choices=TaskOwner.choices)
    owner_user = serializers.IntegerField(required=False, allow_null=True)
    owner_name = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=TaskStatus.choices, default=TaskStatus.OPEN)
    sud = serializers.BooleanField(required=False, default=False, help_text=SUD_HELP)


class AcknowledgementRequestSerializer(RevisionSerializer):
    acknowledged_on = serializers.DateField()
    method = serializers.ChoiceField(choices=AcknowledgementMethod.choices)


class PlanVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    saved_by = serializers.CharField()
    saved_at = serializers.DateTimeField()
    comment = serializers.CharField()


class VersionSectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    items = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class PlanVersionDetailSerializer(PlanVersionSerializer):
    sections = VersionSectionSerializer(many=True, read_only=True)


STALE = OpenApiResponse(description="Someone changed the plan since `revision`; re-read it.")


def _readable_plan(request, member_id: int, *, with_history: bool = False) -> CarePlan:
    """The active plan; `with_history`: the newest plan, active or closed, whose versions the
    page lists too. Either way the read is logged."""
    category = DataCategory.CARE_PLAN_HISTORY if with_history else None
    member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW, category=category)
    plan = (
        plan_selectors.latest_plan(member)
        if with_history
        else plan_selectors.active_plan(member, reader=request.user)
    )
    if plan is None:
        raise NotFound("The member has no care plan." if with_history else NO_ACTIVE_PLAN)
    return plan


def _member_for_change(request, member_id: int):
    """The member if the user may do care work for them; a change answers with the plan, which
    is the member's record, so it is logged like a read."""
    member = access.access_member(
        request, member_id, capability=Capability.DO_CARE_WORK, log_as=ACCESS_LOG_VIEW
    )
    return member


def _writable_plan(request, member_id: int) -> CarePlan:
    plan = plan_selectors.active_plan(_member_for_change(request, member_id))
    if plan is None:
        raise NotFound(NO_ACTIVE_PLAN)
    return plan


def _part(parts, part_id):
    """A part named in the request body: a bad id is a bad request (400), not a missing page."""
    if part_id is None:
        return None
    found = plan_selectors.part_of(parts, part_id)
    if found is None:
        raise ValidationError(f"No part {part_id} in this care plan.")
    return found


def _addressed_part(parts, part_id):
    """The part the URL names: 404 if it is not in this plan."""
    found = plan_selectors.part_of(parts, part_id)
    if found is None:
        raise Http404
    return found


def _change(plan: CarePlan, apply, *, created: bool = False) -> Response:
    """Run a service; answer the plan as it is now, 400 with messages, or 409 when stale."""
    try:
        apply()
    except care_plans.StalePlanError as stale:
        return Response(
            {"detail": str(stale), "revision": stale.current_revision},
            status=status.HTTP_409_CONFLICT,
        )
    fresh = plan_selectors.active_plan(plan.member)
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return Response(CarePlanSerializer(fresh).data, status=code)


class MemberCarePlanApi(APIView):
    """The member's active care plan with problems, goals, tasks and team; POST starts one."""

    @extend_schema(responses=CarePlanSerializer)
    def get(self, request, member_id: int):
        plan = _readable_plan(request, member_id)
        context = {"partner": access.is_partner(request.user)}
        return Response(CarePlanSerializer(plan, context=context).data)

    @extend_schema(request=CarePlanCreateSerializer, responses={201: CarePlanSerializer})
    def post(self, request, member_id: int):
        member = _member_for_change(request, member_id)
        body = CarePlanCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        suggested = plan_selectors.suggested_problems(member)
        if "problems" in body.validated_data:
            flags = {flag.pk: flag for flag in suggested}
            problems = []
            for row in body.validated_data["problems"]:
                source = row.get("source")
                if source is not None and source not in flags:
                    raise ValidationError({"problems": f"{source} is not a flagged need."})
                problems.append({"source": flags.get(source), "description": row["description"]})
        else:
            problems = [{"source": flag, "description": flag.need.label} for flag in suggested]
        care_plans.create_care_plan(member=member, problems=problems, by=request.user)
        plan = plan_selectors.active_plan(member)
        return Response(CarePlanSerializer(plan).data, status=status.HTTP_201_CREATED)


def _owner_user(pk, member_id: int):
    if pk is None:
        return None
    user = plan_selectors.task_owner_candidates(member_id).filter(pk=pk).first()
    if user is None:
        raise ValidationError(
            {"owner_user": "Choose an active plan staff member or the member's CBO care manager."}
        )
    return user


class CarePlanGoalsApi(APIView):
    @extend_schema(request=GoalRequestSerializer, responses={201: CarePlanSerializer, 409: STALE})
    def post(self, request, member_id: int):
        plan = _writable_plan(request, member_id)
        body = GoalRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["problem"] = _part(plan.problems, data.get("problem"))
        return _change(
            plan, lambda: care_plans.add_goal(plan=plan, by=request.user, **data), created=True
        )


class CarePlanGoalApi(APIView):
    """One goal; PATCH changes the fields given and keeps the others."""

    @extend_schema(responses=GoalSerializer)
    def get(self, request, member_id: int, goal_id: int):
        plan = _readable_plan(request, member_id)
        goal = _addressed_part(plan.goals, goal_id)
        context = {"item_notice": access.is_partner(request.user)}
        return Response(GoalSerializer(goal, context=context).data)

    @extend_schema(request=GoalRequestSerializer, responses={200: CarePlanSerializer, 409: STALE})
    def patch(self, request, member_id: int, goal_id: int):
        plan = _writable_plan(request, member_id)
        goal = _addressed_part(plan.goals, goal_id)
        current = GoalSerializer(goal).data | {"revision": None}
        body = GoalRequestSerializer(data=current | dict(request.data.items()))
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["problem"] = _part(plan.problems, data.get("problem"))
        goal.plan = plan
        return _change(plan, lambda: care_plans.update_goal(goal=goal, by=request.user, **data))


class CarePlanTasksApi(APIView):
    @extend_schema(request=TaskRequestSerializer, responses={201: CarePlanSerializer, 409: STALE})
    def post(self, request, member_id: int):
        plan = _writable_plan(request, member_id)
        body = TaskRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("status")
        data["goal"] = _part(plan.goals, data.get("goal"))
        data["owner_user"] = _owner_user(data.get("owner_user"), plan.member_id)
        return _change(
            plan, lambda: care_plans.add_task(plan=plan, by=request.user, **data), created=True
        )


class CarePlanTaskApi(APIView):
    """One task; PATCH changes the fields given (status done records completed_on)."""

    @extend_schema(responses=TaskSerializer)
    def get(self, request, member_id: int, task_id: int):
        plan = _readable_plan(request, member_id)
        task = _addressed_part(plan.tasks, task_id)
        context = {"item_notice": access.is_partner(request.user)}
        return Response(TaskSerializer(task, context=context).data)

    @extend_schema(request=TaskRequestSerializer, responses={200: CarePlanSerializer, 409: STALE})
    def patch(self, request, member_id: int, task_id: int):
        plan = _writable_plan(request, member_id)
        task = _addressed_part(plan.tasks, task_id)
        current = TaskSerializer(task).data | {"revision": None}
        body = TaskRequestSerializer(data=current | dict(request.data.items()))
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["goal"] = _part(plan.goals, data.get("goal"))
        data["owner_user"] = _owner_user(data.get("owner_user"), plan.member_id)
        task.plan = plan
        return _change(plan, lambda: care_plans.update_task(task=task, by=request.user, **data))


class CarePlanAcknowledgementApi(APIView):
    @extend_schema(
        request=AcknowledgementRequestSerializer,
        responses={200: CarePlanSerializer, 409: STALE},
    )
    def post(self, request, member_id: int):
        plan = _writable_plan(request, member_id)
        body = AcknowledgementRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        return _change(
            plan,
            lambda: care_plans.record_acknowledgement(plan=plan, by=request.user, **data),
        )


class CarePlanVersionsApi(APIView):
    """Every version of the member's newest plan (active or closed), oldest first."""

    @extend_schema(responses=PlanVersionSerializer(many=True))
    def get(self, request, member_id: int):
        plan = _readable_plan(request, member_id, with_history=True)
        versions = plan_versions.plan_versions(plan)
        return Response(PlanVersionSerializer(versions, many=True).data)


class CarePlanVersionApi(APIView):
    """One version of the plan as it was saved: the plan, problems, goals, tasks and team."""

    @extend_schema(responses=PlanVersionDetailSerializer)
    def get(self, request, member_id: int, version_number: int):
        plan = _readable_plan(request, member_id, with_history=True)
        version = plan_versions.version_by_number(plan_versions.plan_versions(plan), version_number)
        if version is None:
            raise Http404
        sections = [
            {"title": title, "items": items}
            for title, items in plan_versions.version_sections(version)
        ]
        data = PlanVersionSerializer(version).data | {"sections": sections}
        return Response(data)


# A CBO partner's changes and the plan care manager's answer to a proposed goal ---------------


def _partner_plan(request, member_id: int, capability: Capability) -> CarePlan:
    member = access.access_member(request, member_id, capability=capability, log_as=ACCESS_LOG_VIEW)
    plan = plan_selectors.active_plan(member, reader=request.user)
    if plan is None:
        raise NotFound(NO_ACTIVE_PLAN)
    return plan


def _partner_change(request, plan: CarePlan, apply, *, created: bool = False) -> Response:
    """Like _change, answering the plan as the partner may see it."""
    try:
        apply()
    except care_plans.StalePlanError as stale:
        return Response(
            {"detail": str(stale), "revision": stale.current_revision},
            status=status.HTTP_409_CONFLICT,
        )
    fresh = plan_selectors.active_plan(plan.member, reader=request.user)
    context = {"partner": access.is_partner(request.user)}
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return Response(CarePlanSerializer(fresh, context=context).data, status=code)


class CarePlanGoalProposalsApi(APIView):
    """A CBO partner proposes a goal; the plan care manager accepts or rejects it."""

    @extend_schema(
        request=GoalProposalRequestSerializer, responses={201: CarePlanSerializer, 409: STALE}
    )
    def post(self, request, member_id: int):
        plan = _partner_plan(request, member_id, Capability.PROPOSE_GOALS)
        body = GoalProposalRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["problem"] = _part(plan.problems, data.get("problem"))
        return _partner_change(
            request,
            plan,
            lambda: care_plans.propose_goal(plan=plan, by=request.user, **data),
            created=True,
        )


class CarePlanGoalDecisionApi(APIView):
    """The plan care manager accepts or rejects (with a reason) a goal the CBO proposed."""

    @extend_schema(
        request=GoalDecisionRequestSerializer, responses={200: CarePlanSerializer, 409: STALE}
    )
    def post(self, request, member_id: int, goal_id: int):
        plan = _writable_plan(request, member_id)
        goal = _addressed_part(plan.goals, goal_id)
        body = GoalDecisionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        goal.plan = plan
        return _change(
            plan,
            lambda: care_plans.decide_goal_proposal(
                goal=goal,
                revision=data["revision"],
                accept=data["accept"],
                note=data["note"],
                by=request.user,
            ),
        )


class CarePlanTaskCompleteApi(APIView):
    """A CBO partner marks done a task assigned to their organisation (404 for any other)."""

    @extend_schema(request=RevisionSerializer, responses={200: CarePlanSerializer, 409: STALE})
    def post(self, request, member_id: int, task_id: int):
        plan = _partner_plan(request, member_id, Capability.COMPLETE_PARTNER_TASKS)
        task = _addressed_part(plan.tasks, task_id)
        if not plan_selectors.partner_may_complete(task, request.user):
            raise Http404
        body = RevisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task.plan = plan
        revision = body.validated_data["revision"]
        return _partner_change(
            request,
            plan,
            lambda: care_plans.complete_task(task=task, revision=revision, by=request.user),
        )
