"""Forms for answering assessments and for editing question-set versions.

The answer form is built from the version's questions in the assessment's language. Every field
is optional in the form, because a draft may be saved half done; the required questions are
checked when completing (careplans.assessments.selectors.missing_required), and those messages
are put back on the fields. Choices and scoring rules are edited as structured text, one per
line, so an admin can paste a whole list; a bad line is reported with its number.
"""

from django import forms
from django.core.exceptions import ValidationError

from careplans.assessments.question_sets import CHOICE_TYPES
from careplans.assessments.selectors import WordedQuestion
from careplans.assessments.services import LANGUAGES
from careplans.models import AnswerType, AssessmentKind, Need, Question

FIELD_PREFIX = "answer_"


class StartAssessmentForm(forms.Form):
    kind = forms.ChoiceField(choices=AssessmentKind.choices)
    language = forms.ChoiceField(choices=list(LANGUAGES.items()), initial="en")

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None and member.preferred_language in LANGUAGES:
            # The member's own language first (issue 13, bug 11: Spanish speakers got English).
            self.fields["language"].initial = member.preferred_language


def _answer_field(worded: WordedQuestion) -> forms.Field:
    question = worded.question
    common = {"label": worded.text, "required": False}
    if question.answer_type == AnswerType.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=worded.choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.answer_type == AnswerType.NUMBER:
        return forms.FloatField(min_value=0, **common)
    if question.answer_type == AnswerType.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)
    return forms.ChoiceField(choices=worded.choices, widget=forms.RadioSelect, **common)


class AssessmentForm(forms.Form):
    """One field per question (named answer_<key>) and the revision the person started from."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions: list[WordedQuestion], **kwargs):
        self.questions = questions
        initial = kwargs.pop("initial", {})
        for worded in questions:
            if worded.answer is not None:
                initial.setdefault(FIELD_PREFIX + worded.key, worded.answer)
        super().__init__(*args, initial=initial, **kwargs)
        for worded in questions:
            self.fields[FIELD_PREFIX + worded.key] = _answer_field(worded)

    def answer_fields(self):
        """(question, bound field) pairs in question order, for the template."""
        return [(worded, self[FIELD_PREFIX + worded.key]) for worded in self.questions]

    def answers(self) -> dict:
        """Every question's answer from the cleaned form; None for unanswered (clears it)."""
        answers = {}
        for worded in self.questions:
            value = self.cleaned_data.get(FIELD_PREFIX + worded.key)
            answers[worded.key] = None if value in (None, "", []) else value
        return answers

    def add_answer_errors(self, errors: dict) -> None:
        for key, message in errors.items():
            name = FIELD_PREFIX + key
            self.add_error(name if name in self.fields else None, message)


# Question-set editing


def parse_lines(text: str, *, columns: int, minimum: int) -> tuple[list, list[str]]:
    """Non-blank lines split on "|" with their line numbers, and messages for malformed lines."""
    rows, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if not minimum <= len(cells) <= columns:
            errors.append(
                f"Line {number}: expected {minimum} to {columns} parts separated by “|”, "
                f"found {len(cells)}."
            )
            continue
        rows.append((number, cells + [""] * (columns - len(cells))))
    return rows, errors


def _by_line(errors: list[str]) -> list[str]:
    """Messages in line order ("Line 3: ..."), whichever check found them."""
    return sorted(errors, key=lambda message: int(message.split()[1].rstrip(":")))


def _whole_number(text: str, *, number: int, what: str) -> int:
    try:
        value = int(text or "0")
    except ValueError:
        raise ValidationError(
            f"Line {number}: {what} must be a whole number, not “{text}”."
        ) from None
    if value < 0:
        raise ValidationError(f"Line {number}: {what} cannot be negative.")
    return value


def parse_choices(text: str) -> list[dict]:
    """`value | English | Spanish | points` per line."""
    choices, seen = [], set()
    rows, errors = parse_lines(text, columns=4, minimum=3)
    for number, (value, en, es, points) in rows:
        try:
            if not value or not en or not es:
                raise ValidationError(f"Line {number}: value, English and Spanish are required.")
            if value in seen:
                raise ValidationError(f"Line {number}: the value “{value}” is used twice.")
            seen.add(value)
            choices.append(
                {
                    "value": value,
                    "en": en,
                    "es": es,
                    "points": _whole_number(points, number=number, what="points"),
                }
            )
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(_by_line(errors))
    return choices


def format_choices(choices: list[dict]) -> str:
    return "\n".join(
        f"{c['value']} | {c.get('en', '')} | {c.get('es', '')} | {c.get('points', 0)}"
        for c in choices
    )


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "mono"}),
        help_text="One per line: value | English | Spanish | points. "
        "Yes/no questions without choices get yes (1 point) and no (0).",
    )

    class Meta:
        model = Question
        fields = ["key", "domain", "text_en", "text_es", "answer_type", "required"]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "text_es": forms.Textarea(attrs={"rows": 2, "lang": "es"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = format_choices(self.instance.choices)

    def clean_choices_text(self) -> list[dict]:
        return parse_choices(self.cleaned_data["choices_text"])

    def clean(self):
        cleaned = super().clean()
        choice_type = cleaned.get("answer_type") in CHOICE_TYPES - {AnswerType.YES_NO}
        if choice_type and "choices_text" in cleaned and not cleaned["choices_text"]:
            self.add_error("choices_text", "A choice question needs at least one choice.")
        return cleaned

    def validate_unique(self):
        """Key clashes are checked by question_sets.save_question, which knows the version."""

    def question_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["choices"] = self.cleaned_data["choices_text"]
        return data


class QuestionSetDetailsForm(forms.Form):
    title = forms.CharField(max_length=200)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


def format_rules(rules) -> str:
    return "\n".join(
        f"{r.domain} | {r.need.code} | {r.min_points} | {r.description}" for r in rules
    )


class ScoringRulesForm(forms.Form):
    rules_text = forms.CharField(
        label="Scoring rules",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "mono"}),
        help_text="One per line: domain | need code | minimum points | description. The need is "
        "flagged when the points of the answers in the domain reach the minimum.",
    )

    def clean_rules_text(self) -> list[dict]:
        needs = {need.code: need for need in Need.objects.all()}
        rules = []
        rows, errors = parse_lines(self.cleaned_data["rules_text"], columns=4, minimum=3)
        for number, (domain, code, min_points, description) in rows:
            try:
                if not domain:
                    raise ValidationError(f"Line {number}: the domain is required.")
                if code not in needs:
                    raise ValidationError(
                        f"Line {number}: there is no need coded “{code}” (see the needs list)."
                    )
                points = _whole_number(min_points, number=number, what="minimum points")
                if points < 1:
                    raise ValidationError(f"Line {number}: minimum points must be at least 1.")
                rules.append(
                    {
                        "domain": domain,
                        "need": needs[code],
                        "min_points": points,
                        "description": description[:200],
                    }
                )
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(_by_line(errors))
        return rules
