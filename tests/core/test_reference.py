"""Display names cover the contract's codes: every race/ethnicity code has a label, and every
named language is a valid ISO 639-1 code."""

from core.reference import (
    ISO_639_1_CODES,
    LANGUAGE_NAMES,
    RACE_ETHNICITY_CODES,
    RACE_ETHNICITY_LABELS,
)


def test_every_race_ethnicity_code_has_a_label():
    assert set(RACE_ETHNICITY_LABELS) == set(RACE_ETHNICITY_CODES)


def test_named_languages_are_iso_639_1_codes():
    assert set(LANGUAGE_NAMES) <= ISO_639_1_CODES
