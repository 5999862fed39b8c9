"""ICD-10-CM code groups of shared/domain/populations.md, matched by prefix without the dot.

Each group is a tuple of prefixes; `pattern(group)` turns it into one anchored regular expression
so a group is tested with a single `~` per diagnosis row.
"""


def _range(letter: str, first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{letter}{n:02d}" for n in range(first, last + 1))


SMI = (*_range("F", 20, 29), "F30", "F31", "F32", "F33", "F431")
SUD = (*_range("F", 10, 16), "F18", "F19")  # F17 nicotine dependence is excluded
SMI_SUD = SMI + SUD
DEMENTIA = ("F01", "F02", "F03", "G30", "G3101", "G3109", "G3183")
HOMELESSNESS = ("Z5900", "Z5901", "Z5902")
YOUTH_BEHAVIORAL = SMI + SUD + _range("F", 90, 98)
QUALIFYING_NEED = ("F", "B20", "Z21", "S06", "E10", "E11", "I50", "J44", "N18")


def pattern(prefixes: tuple[str, ...]) -> str:
    """An SQL string literal of an anchored regex: ('F20', 'F431') -> '^(F20|F431)'."""
    return "'^(" + "|".join(sorted(set(prefixes))) + ")'"


def matches(column: str, prefixes: tuple[str, ...]) -> str:
    return f"{column} ~ {pattern(prefixes)}"
