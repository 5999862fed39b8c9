"""Named languages are valid ISO 639-1 codes."""

from core.reference import (
    ISO_639_1_CODES,
    LANGUAGE_NAMES,
)


def test_named_languages_are_iso_639_1_codes():
    assert set(LANGUAGE_NAMES) <= ISO_639_1_CODES
