"""CMS's Medicare Beneficiary Identifier (MBI), written once (shared/domain/identifiers.md).

11 characters stored upper case without dashes; by position: 1 a digit 1-9; 2, 5, 8 and 9 a
letter; 3 and 6 a letter or a digit; 4, 7, 10 and 11 a digit. Letters are A-Z except S, L, O,
I, B and Z. Everything that knows the rule reads it from here: the model's validator and its
database constraint, the roster import's SQL checks and their reasons, and the synthetic roster.
"""

from django.core.exceptions import ValidationError

from core.sql import DIGITS, sql_text

MBI_LENGTH = 11
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"  # A-Z less S, L, O, I, B and Z
_FIRST = "123456789"
_EITHER = DIGITS + MBI_LETTERS
# What each position allows, 1 to 11.
MBI_POSITIONS = (_FIRST, MBI_LETTERS, _EITHER, DIGITS, MBI_LETTERS, _EITHER, DIGITS,
                 MBI_LETTERS, MBI_LETTERS, DIGITS, DIGITS)  # fmt: skip

# The first rule a normalised MBI breaks names the problem, checked in this order:
# (reason, positions (1-based) and the characters they allow, or None for the whole value).
_UPPER_AND_DIGITS = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MBI_RULES = (
    ("may hold only letters and digits", None, _UPPER_AND_DIGITS),
    ("uses a letter MBIs never contain (S, L, O, I, B or Z)", None, _EITHER),
    ("position 1 must be a digit 1-9", (1,), _FIRST),
    ("positions 2, 5, 8 and 9 must be letters", (2, 5, 8, 9), MBI_LETTERS),
    ("positions 4, 7, 10 and 11 must be digits", (4, 7, 10, 11), DIGITS),
)
LENGTH_REASON = "must be 11 characters (dashes allowed), e.g. 1EG4-TE5-MK73"


def normalise_mbi(value: str) -> str:
    """Input may be lower case or carry dashes and spaces (1eg4-te5-mk73)."""
    return value.replace("-", "").replace(" ", "").upper()


def mbi_problem(mbi: str) -> str | None:
    """The first rule a normalised MBI breaks, as a sentence; None when it is valid."""
    if len(mbi) != MBI_LENGTH:
        return LENGTH_REASON
    for reason, positions, allowed in MBI_RULES:
        characters = mbi if positions is None else (mbi[p - 1] for p in positions)
        if any(ch not in allowed for ch in characters):
            return reason
    return None


def validate_mbi(value: str) -> None:
    """The model field's validator (forms, admin, full_clean)."""
    if value and (problem := mbi_problem(value)):
        raise ValidationError(f"MBI {problem}.", code="invalid_mbi")


def mbi_pattern() -> str:
    """A POSIX regular expression for a valid stored MBI, for the table's CHECK constraint."""
    return "^" + "".join(f"[{allowed}]" for allowed in MBI_POSITIONS) + "$"


def mbi_shape_sql(expression: str) -> str:
    """A cheap SQL test that a normalised MBI is valid, for 300,000-row files: one translate()
    maps digits to 9 and MBI letters to A, and the result must be one of the four shapes
    positions 3 and 6 allow; position 1 must not be 0."""
    shapes = {""}
    for allowed in MBI_POSITIONS:
        marks = {"9" for ch in allowed if ch in DIGITS} | {"A" for ch in allowed if ch.isalpha()}
        shapes = {shape + mark for shape in shapes for mark in sorted(marks)}
    shape = f"translate({expression}, '{_EITHER}', '{'9' * 10}{'A' * len(MBI_LETTERS)}')"
    listed = ", ".join(sql_text(s) for s in sorted(shapes))
    excluded = sorted(set(DIGITS) - set(_FIRST))
    first = " AND ".join(f"left({expression}, 1) <> {sql_text(d)}" for d in excluded)
    return f"({first} AND {shape} = ANY(ARRAY[{listed}]))"


def mbi_problem_sql(expression: str) -> str:
    """`mbi_problem` as an SQL CASE over a normalised MBI, for a rejected file's reasons."""

    def breaks(positions, allowed: str) -> str:
        if positions is None:
            return f"translate({expression}, {sql_text(allowed)}, '') <> ''"
        return " OR ".join(
            f"strpos({sql_text(allowed)}, substr({expression}, {p}, 1)) = 0" for p in positions
        )

    whens = [f"WHEN length({expression}) <> {MBI_LENGTH} THEN {sql_text(LENGTH_REASON)}"]
    whens += [
        f"WHEN {breaks(positions, allowed)} THEN {sql_text(reason)}"
        for reason, positions, allowed in MBI_RULES
    ]
    return "CASE " + " ".join(whens) + " END"
