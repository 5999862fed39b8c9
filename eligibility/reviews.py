"""A care manager's confirmations and overrides of the engine's answer, and what a member's
eligibility section shows.

The engine decides from data feeds alone; policy also asks for judgments no feed carries
(shared/domain/populations.md: "the care manager confirms it at outreach"). So a care manager may
confirm the engine's answer for a population, or override it either way with a reason. Reviews
are keyed by member, program and population, not by run, so an override stays in force through
every later evaluation until someone reviews that population again; the latest review is the one
in force. Whether a member is eligible for a population is decided here once
(`effective_status`) and read by the section, the API and the enrollment rule.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import access
from core.model_rows import columns_of, from_row, width_of
from core.prepared import prepared_cursor
from members.models import Member

from .evaluation import CURRENT_RUN_SQL, current_run, current_run_params
from .models import (
    Determination,
    DeterminationReview,
    EligibilityStatus,
    EvaluationRun,
    ReviewDecision,
)
from .rules import RULES, codes, population_title

_RULE_ORDER = {rule.code: index for index, rule in enumerate(RULES)}


def population_choices(program: str) -> list[tuple[str, str]]:
    """Populations of focus that exist in a program (dementia is CICM only, ccs ECM only...)."""
    return [(rule.code, rule.title) for rule in RULES if program in rule.programs]


def effective_status(*, engine_status: str, review: DeterminationReview | None) -> str:
    """An override in force wins; a confirmation, or no review, leaves the engine's answer."""
    if review is not None and review.decision == ReviewDecision.OVERRIDE_ELIGIBLE:
        return EligibilityStatus.ELIGIBLE
    if review is not None and review.decision == ReviewDecision.OVERRIDE_NOT_ELIGIBLE:
        return EligibilityStatus.NOT_ELIGIBLE
    return engine_status


# Writes


@transaction.atomic
def review_determination(
    *,
    member: Member,
    program: str,
    population: str,
    decision: str,
    reason: str = "",
    by,
) -> DeterminationReview:
    """Record a confirmation or an override for one population of one member.

    An override must say why (a DB check constraint holds the same rule), because it replaces
    the evidence the engine would otherwise show an auditor. The review points at the current
    run's determination when there is one, so the history shows what was confirmed or overridden.
    """
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if program != member.program:
        errors["program"] = f"The member is in {member.program}, not {program}."
    if population not in dict(population_choices(member.program)):
        errors["population"] = f"Choose a population of focus of {member.program}."
    if decision not in ReviewDecision.values:
        errors["decision"] = "Choose confirm, override to eligible or override to not eligible."
    elif decision != ReviewDecision.CONFIRMED and not reason:
        errors["reason"] = "An override needs a reason: say what the care manager found."
    if errors:
        raise ValidationError(errors)
    run = current_run()
    determination = (
        Determination.objects.filter(
            run=run, member=member, program=program, population=population
        ).first()
        if run
        else None
    )
    return DeterminationReview.objects.create(
        member=member,
        program=program,
        population=population,
        decision=decision,
        reason=reason,
        determination=determination,
        reviewed_by=by,
        reviewed_at=timezone.now(),
    )


# Reads


def eligible_populations(*, member: Member, program: str) -> set[str]:
    """Populations the member is effectively eligible for now in a program.

    The enrollment rule reads this: nobody is enrolled without an eligible determination in the
    current run or an override to eligible in force. Decided once, by member_eligibility.
    """
    return {
        p.code
        for p in member_eligibility(member).populations
        if p.program == program and p.is_eligible
    }


@dataclass(frozen=True)
class PopulationStatus:
    """One population on the member's section: the engine's answer and the review in force."""

    program: str
    code: str
    engine_status: str
    evidence: str
    is_new: bool
    review: DeterminationReview | None

    @property
    def title(self) -> str:
        return population_title(self.code)

    @property
    def status(self) -> str:
        return effective_status(engine_status=self.engine_status, review=self.review)

    @property
    def is_eligible(self) -> bool:
        return self.status == EligibilityStatus.ELIGIBLE

    @property
    def override(self) -> DeterminationReview | None:
        return self.review if self.review is not None and self.review.is_override else None


@dataclass(frozen=True)
class LostPopulation:
    """Eligible in the previous run, not in the current one: worth a second look."""

    program: str
    code: str
    previous_evidence: str

    @property
    def title(self) -> str:
        return population_title(self.code)


@dataclass
class MemberEligibility:
    member: Member
    run: EvaluationRun | None
    evaluated: bool = False  # the member has determinations in the current run
    populations: list[PopulationStatus] = field(default_factory=list)
    no_longer_eligible: list[LostPopulation] = field(default_factory=list)
    nearest_miss: str = ""
    reviews: list[DeterminationReview] = field(default_factory=list)

    @property
    def overrides(self) -> list[PopulationStatus]:
        return [p for p in self.populations if p.override is not None]

    def is_eligible_for(self, program: str) -> bool:
        return any(p.is_eligible for p in self.populations if p.program == program)


def _order(key: tuple[str, str]) -> tuple[str, int, str]:
    program, code = key
    return program, _RULE_ORDER.get(code, len(_RULE_ORDER)), code


def member_eligibility(member: Member) -> MemberEligibility:
    """Everything the member's eligibility section shows, in two queries whatever the history.

    One for the current run with the member's determinations in it and in its previous run, one
    for every review of the member (the latest per population is the one in force).
    """
    run, determinations = _current_run_and_determinations(member.pk)
    result = MemberEligibility(member=member, run=run)
    reviews = list(
        DeterminationReview.objects.filter(member=member)
        .select_related("reviewed_by")
        .order_by("-reviewed_at", "-id")
    )
    result.reviews = reviews
    in_force: dict[tuple[str, str], DeterminationReview] = {}
    for review in reviews:
        in_force.setdefault((review.program, review.population), review)
    current: dict[tuple[str, str], Determination] = {}
    previous: dict[tuple[str, str], Determination] = {}
    for row in determinations:
        (current if row.run_id == run.pk else previous)[(row.program, row.population)] = row
    result.evaluated = bool(current)

    shown = {key for key, row in current.items() if row.status == EligibilityStatus.ELIGIBLE}
    shown |= {key for key, review in in_force.items() if review.is_override}
    for key in sorted(shown, key=_order):
        row = current.get(key)
        result.populations.append(
            PopulationStatus(
                program=key[0],
                code=key[1],
                engine_status=row.status if row else EligibilityStatus.NOT_ELIGIBLE,
                evidence=row.evidence if row else "",
                is_new=bool(row and row.is_new),
                review=in_force.get(key),
            )
        )
    for key in sorted(previous, key=_order):
        old = previous[key]
        now = current.get(key)
        if old.status == EligibilityStatus.ELIGIBLE and (
            now is None or now.status != EligibilityStatus.ELIGIBLE
        ):
            result.no_longer_eligible.append(LostPopulation(key[0], key[1], old.evidence))
    misses = [row for row in current.values() if row.status != EligibilityStatus.ELIGIBLE]
    if misses and not any(row.status == EligibilityStatus.ELIGIBLE for row in current.values()):
        result.nearest_miss = _without_label(misses[0].evidence)
    return result


# The member's determinations in the current run and the one before it, beside the run: one
# prepared statement where the section used two, on a page care managers open all day.
_RUN_AND_DETERMINATIONS_SQL = f"""
    WITH run AS ({CURRENT_RUN_SQL})
    SELECT run.*, {columns_of(Determination, "d")}
      FROM run LEFT JOIN {Determination._meta.db_table} d
        ON d.member_id = %(member_id)s AND d.run_id IN (run.id, run.previous_run_id)"""  # noqa: S608 - names from the models


def _current_run_and_determinations(member_id: int) -> tuple[EvaluationRun | None, list]:
    with prepared_cursor() as cursor:
        cursor.execute(
            _RUN_AND_DETERMINATIONS_SQL, {**current_run_params(), "member_id": member_id}
        )
        rows = cursor.fetchall()
    if not rows:
        return None, []
    width = width_of(EvaluationRun)
    run = from_row(EvaluationRun, rows[0][:width])
    found = [from_row(Determination, row[width:]) for row in rows if row[width] is not None]
    return run, found


NEAREST_MISS_LABEL = "nearest miss: "


def _without_label(evidence: str) -> str:
    """The stored evidence (the contract's determinations.csv) starts "nearest miss: "; the
    page and the API label it themselves ("Nearest miss: nearest miss: 1 of 5...", issue 13
    bug 7)."""
    if evidence.lower().startswith(NEAREST_MISS_LABEL):
        evidence = evidence[len(NEAREST_MISS_LABEL) :]
    return evidence


def populations_of_focus(member: Member, *, reader) -> list[PopulationStatus]:
    """What a CBO partner sees of eligibility: the populations of focus the member is eligible
    for, by name (no evidence, reviews or misses). A population whose evidence cites an SUD
    diagnosis code is left out unless the reader may see the member's SUD records (42 CFR
    Part 2): "serious mental illness and/or SUD" would otherwise disclose it."""
    sud_ok = access.may_see_sud(reader, member)
    return [
        population
        for population in member_eligibility(member).populations
        if population.is_eligible and (sud_ok or not codes.mentions_sud_code(population.evidence))
    ]
