"""Reading a care plan's versions back from django-reversion and putting two side by side.

Every save of a plan is one revision holding the plan and all its parts as they were
(careplans/care_plans.py), so version N is the set of rows stored in the plan's Nth revision:
a part missing from a revision had been removed. Numbers count the plan's revisions from 1 in
the order they were saved; they are what people say ("version 3"), so URLs use them.
Reading any two versions takes a fixed number of queries whatever the size of the plan.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_noop
from reversion.models import Version

from careplans.models import (
    AcknowledgementMethod,
    CarePlan,
    CarePlanGoal,
    CarePlanProblem,
    CarePlanStatus,
    CarePlanTask,
    CareTeamMember,
    GoalStatus,
    Need,
    TaskOwner,
    TaskStatus,
)


@dataclass(frozen=True)
class PlanVersion:
    number: int
    revision_id: int
    saved_by: str
    saved_at: datetime.datetime
    comment: str


@dataclass
class ItemChange:
    """One problem, goal, task, team member (or the plan itself) in the left and right versions."""

    key: str
    left: dict[str, str] | None
    right: dict[str, str] | None
    changed_fields: set[str] = field(default_factory=set)

    @property
    def change(self) -> str:
        if self.left is None:
            return "added"
        if self.right is None:
            return "removed"
        return "changed" if self.changed_fields else "same"

    def rows(self) -> list[tuple[str, str, str, bool]]:
        """(label, left value, right value, changed) for each field, for a side-by-side table."""
        labels = list((self.right or self.left or {}).keys())
        return [
            (
                label,
                (self.left or {}).get(label, ""),
                (self.right or {}).get(label, ""),
                label in self.changed_fields,
            )
            for label in labels
        ]


@dataclass
class SectionComparison:
    title: str
    items: list[ItemChange]

    @property
    def change_count(self) -> int:
        return sum(1 for item in self.items if item.change != "same")


@dataclass
class PlanComparison:
    left: PlanVersion
    right: PlanVersion
    sections: list[SectionComparison]


def _who(user) -> str:
    return str(user) if user else "System"


def plan_versions(plan: CarePlan) -> list[PlanVersion]:
    """Every version of the plan, oldest first, numbered from 1 (one query)."""
    versions = (
        Version.objects.get_for_object(plan)
        .select_related("revision__user")
        .order_by("revision_id")
    )
    return [
        PlanVersion(
            number=number,
            revision_id=version.revision_id,
            saved_by=_who(version.revision.user),
            saved_at=version.revision.date_created,
            comment=version.revision.comment,
        )
        for number, version in enumerate(versions, start=1)
    ]


def version_by_number(versions: list[PlanVersion], number: int) -> PlanVersion | None:
    return versions[number - 1] if 1 <= number <= len(versions) else None


def _date(value) -> str:
    return value.isoformat() if value else "—"


def _label(choices):
    return lambda value: choices(value).label if value else "—"


class _Names:
    """Names of the users and needs the versions refer to, fetched once for both sides."""

    def __init__(self, rows: list[tuple[type, dict]]):
        user_ids, need_ids = set(), set()
        for model, values in rows:
            for key in ("owner_user_id", "created_by_id"):
                if values.get(key):
                    user_ids.add(values[key])
            if model is CarePlanProblem and values.get("need_id"):
                need_ids.add(values["need_id"])
        users = get_user_model().objects.filter(pk__in=user_ids) if user_ids else []
        self.users = {user.pk: _who(user) for user in users}
        needs = Need.objects.filter(pk__in=need_ids) if need_ids else []
        self.needs = {need.pk: need for need in needs}

    def user(self, pk) -> str:
        return self.users.get(pk, "—") if pk else "—"

    def need(self, pk) -> str:
        need = self.needs.get(pk)
        return f"{need.label} ({need.icd10_codes})" if need and need.icd10_codes else "—"


def _displayed(model, values: dict, names: _Names, titles: dict) -> dict[str, str]:
    """The fields people compare, as labelled text, in the order the plan page shows them."""
    if model is CarePlan:
        return {
            gettext_noop("Status"): _label(CarePlanStatus)(values["status"]),
            gettext_noop("Created on"): _date(values["created_on"]),
            gettext_noop("Last reviewed on"): _date(values["last_reviewed_on"]),
            gettext_noop("Acknowledged on"): _date(values["acknowledged_on"]),
            gettext_noop("Acknowledgement"): _label(AcknowledgementMethod)(
                values["acknowledgement_method"]
            ),
        }
    if model is CarePlanProblem:
        return {
            gettext_noop("Problem"): values["description"],
            gettext_noop("Need (Z codes)"): names.need(values["need_id"]),
            gettext_noop("Resolved on"): _date(values["resolved_on"]),
        }
    if model is CarePlanGoal:
        return {
            gettext_noop("Member's words"): values["member_words"] or "—",
            gettext_noop("Measurable goal"): values["measurable_goal"],
            gettext_noop("Target date"): _date(values["target_date"]),
            gettext_noop("Status"): _label(GoalStatus)(values["status"]),
            gettext_noop("Problem"): titles.get((CarePlanProblem, values["problem_id"]), "—"),
        }
    if model is CarePlanTask:
        return {
            gettext_noop("Task"): values["description"],
            gettext_noop("Owner"): _label(TaskOwner)(values["owner"]),
            gettext_noop("Who"): names.user(values["owner_user_id"])
            if values["owner_user_id"]
            else (values["owner_name"] or "—"),
            gettext_noop("Due on"): _date(values["due_on"]),
            gettext_noop("Status"): _label(TaskStatus)(values["status"]),
            gettext_noop("Completed on"): _date(values["completed_on"]),
            gettext_noop("Goal"): titles.get((CarePlanGoal, values["goal_id"]), "—"),
        }
    return {
        gettext_noop("Name"): values["name"],
        gettext_noop("Role"): values["role"],
        gettext_noop("Organization"): values["organization"] or "—",
        gettext_noop("Phone"): values["phone"] or "—",
    }


SECTIONS = (
    (CarePlan, gettext_noop("Plan and acknowledgement")),
    (CarePlanProblem, gettext_noop("Problems")),
    (CarePlanGoal, gettext_noop("Goals")),
    (CarePlanTask, gettext_noop("Tasks")),
    (CareTeamMember, gettext_noop("Care team")),
)
_TITLE_FIELD = {CarePlanProblem: "description", CarePlanGoal: "measurable_goal"}


def _read(revision_ids: list[int]) -> dict[int, dict[type, dict[str, str]]]:
    """{revision id: {model: {object id: displayed fields}}} for the given revisions."""
    stored = Version.objects.filter(revision_id__in=revision_ids).select_related("content_type")
    models = {model for model, _ in SECTIONS}
    rows = []
    for version in stored:
        model = version.content_type.model_class()
        if model in models:
            rows.append((version.revision_id, model, version.object_id, version.field_dict))
    names = _Names([(model, values) for _, model, _, values in rows])
    read: dict[int, dict[type, dict[str, dict[str, str]]]] = {
        rid: {model: {} for model in models} for rid in revision_ids
    }
    for rid in revision_ids:
        titles = {
            (model, int(object_id)): values[_TITLE_FIELD[model]]
            for r, model, object_id, values in rows
            if r == rid and model in _TITLE_FIELD
        }
        for r, model, object_id, values in rows:
            if r == rid:
                read[rid][model][object_id] = _displayed(model, values, names, titles)
    return read


def _sort_key(object_id: str):
    return int(object_id) if object_id.isdigit() else object_id


def version_sections(version: PlanVersion) -> list[tuple[str, list[dict[str, str]]]]:
    """One version as (section title, its items), for reading a single version."""
    read = _read([version.revision_id])[version.revision_id]
    return [
        (title, [read[model][key] for key in sorted(read[model], key=_sort_key)])
        for model, title in SECTIONS
    ]


def compare_versions(left: PlanVersion, right: PlanVersion) -> PlanComparison:
    """Two versions side by side: each item added, removed, changed (which fields) or the same."""
    read = _read(sorted({left.revision_id, right.revision_id}))
    sections = []
    for model, title in SECTIONS:
        before, after = read[left.revision_id][model], read[right.revision_id][model]
        items = []
        for key in sorted(set(before) | set(after), key=_sort_key):
            old, new = before.get(key), after.get(key)
            changed = set()
            if old is not None and new is not None:
                changed = {label for label in new if old.get(label) != new[label]}
            items.append(ItemChange(key=key, left=old, right=new, changed_fields=changed))
        sections.append(SectionComparison(title=title, items=items))
    return PlanComparison(left=left, right=right, sections=sections)
