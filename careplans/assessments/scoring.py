"""Scoring an assessment: which needs its answers flag (shared/domain/screening.md).

Scoring is data, so this module only adds up: an answer scores the points of the choice(s)
picked (numbers and free text score nothing), a domain scores the sum of its answers, and a
ScoringRule flags its need when its domain reaches `min_points`. The thresholds themselves
(one positive answer, PHQ-2 >= 3, 2+ ADLs, interpersonal safety above 10) live in the rules a
plan admin publishes, so changing one is a new question-set version, never a code change.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from careplans.models import AnswerType, Need, Question, ScoringRule

EVIDENCE_LENGTH = 500


@dataclass
class ScoredAnswer:
    key: str
    label: str
    points: int


@dataclass
class DomainScore:
    points: int = 0
    answers: list[ScoredAnswer] = field(default_factory=list)


@dataclass
class FlaggedNeed:
    need: Need
    points: int
    evidence: str


def _as_list(value) -> list:
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


def answer_points(question: Question, value) -> tuple[int, str]:
    """Points for one answer and the English label of what was picked (for evidence)."""
    if question.answer_type in (AnswerType.NUMBER, AnswerType.TEXT):
        return 0, ""
    by_value = {str(c["value"]): c for c in question.choices}
    picked = [by_value[str(v)] for v in _as_list(value) if str(v) in by_value]
    points = sum(int(c.get("points") or 0) for c in picked)
    return points, ", ".join(c["en"] for c in picked)


def domain_scores(questions: Iterable[Question], answers: dict) -> dict[str, DomainScore]:
    scores: dict[str, DomainScore] = defaultdict(DomainScore)
    for question in questions:
        if question.key not in answers:
            continue
        points, label = answer_points(question, answers[question.key])
        score = scores[question.domain]
        score.points += points
        score.answers.append(ScoredAnswer(key=question.key, label=label, points=points))
    return scores


def _plain(text: str) -> str:
    """A question key or an answer as a care manager reads it: "asthma_triggers" -> "asthma
    triggers", "Yes" -> "yes" (a label that starts with "I" or an acronym keeps its case)."""
    text = text.replace("_", " ").strip()
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and text[:2] != "I ":
        text = text[0].lower() + text[1:]
    return text


def _evidence(rule: ScoringRule, score: DomainScore) -> str:
    """The answers that flagged the need in plain words: "asthma triggers: yes", not
    "asthma_triggers 1 ≥ 1"; a score is named only when it took more than one point."""
    scoring = [f"{_plain(a.key)}: {_plain(a.label)}" for a in score.answers if a.points]
    text = "; ".join(scoring)
    if rule.min_points > 1:
        text += f" (score {score.points}; {rule.min_points} or more flags this need)"
    return text if len(text) <= EVIDENCE_LENGTH else text[: EVIDENCE_LENGTH - 1] + "…"


def flagged_needs(
    *, questions: Iterable[Question], rules: Iterable[ScoringRule], answers: dict
) -> list[FlaggedNeed]:
    """The needs the answers flag, one per need (the strongest rule wins if several flag it).

    `rules` should come with `need` selected, so scoring issues no query.
    """
    scores = domain_scores(questions, answers)
    flagged: dict[int, FlaggedNeed] = {}
    for rule in rules:
        score = scores.get(rule.domain)
        if score is None or score.points < rule.min_points:
            continue
        current = flagged.get(rule.need_id)
        if current is None or score.points > current.points:
            flagged[rule.need_id] = FlaggedNeed(
                need=rule.need, points=score.points, evidence=_evidence(rule, score)
            )
    return sorted(flagged.values(), key=lambda f: f.need.label)
