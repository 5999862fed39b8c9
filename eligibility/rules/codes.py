"""ICD-10-CM code groups of shared/domain/populations.md, matched by prefix without the dot.

Each group is a tuple of prefixes; `matches(column, group)` tests a code against a group with
one `left(code, n) = ANY(...)` per prefix length (a hashed lookup once a list is long), which on
the diagnoses of a full roster measured several times faster than one anchored regular expression
per group.
"""

import re
from itertools import groupby

from core.sql import sql_array


def _range(letter: str, first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{letter}{n:02d}" for n in range(first, last + 1))


SMI = (*_range("F", 20, 29), "F30", "F31", "F32", "F33", "F431")
SUD = (*_range("F", 10, 16), "F18", "F19")  # F17 nicotine dependence is excluded
SMI_SUD = SMI + SUD
DEMENTIA = ("F01", "F02", "F03", "G30", "G3101", "G3109", "G3183")
HOMELESSNESS = ("Z5900", "Z5901", "Z5902")
YOUTH_BEHAVIORAL = SMI + SUD + _range("F", 90, 98)
QUALIFYING_NEED = ("F", "B20", "Z21", "S06", "E10", "E11", "I50", "J44", "N18")


def matches(column: str, prefixes: tuple[str, ...]) -> str:
    """SQL true when `column` starts with one of `prefixes`:
    ('F20', 'F431') -> (left(c, 3) = ANY(ARRAY['F20']) OR left(c, 4) = ANY(ARRAY['F431']))."""
    by_length = groupby(sorted(set(prefixes), key=lambda p: (len(p), p)), key=len)
    tests = [f"left({column}, {n}) = ANY({sql_array(list(group))})" for n, group in by_length]
    return "(" + " OR ".join(tests) + ")"


_CITED_CODE = re.compile(r"\b([A-Z]\d{2})\.?(\w{0,4})\b")


def is_sud_code(code: str) -> bool:
    """F10.20, F1020 or f11 are SUD (42 CFR Part 2 data); F17.210 (nicotine) and F32.9 not."""
    compact = code.replace(".", "").upper()
    return any(compact.startswith(prefix) for prefix in SUD)


def mentions_sud_code(text: str) -> bool:
    """Does a sentence (eligibility evidence, a note) cite an SUD diagnosis code?"""
    return any(is_sud_code(a + b) for a, b in _CITED_CODE.findall(text.upper()))
