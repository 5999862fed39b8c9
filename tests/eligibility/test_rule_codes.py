"""Code groups match ICD-10 codes by prefix, in PostgreSQL, exactly as populations.md lists them."""

import pytest
from django.db import connection

from eligibility.rules import codes


def matching(group: tuple[str, ...], candidates: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c FROM unnest(%s::text[]) AS c WHERE {codes.matches('c', group)} ORDER BY c",
            [candidates],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_smi_sud_takes_its_prefixes_and_leaves_nicotine_and_other_anxiety_codes_out():
    candidates = [
        "F10",
        "F1020",
        "F17210",
        "F20",
        "F209",
        "F33",
        "F34",
        "F43",
        "F4310",
        "F431",
        "F1",
    ]

    assert matching(codes.SMI_SUD, candidates) == [
        "F10", "F1020", "F20", "F209", "F33", "F431", "F4310",
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_one_letter_prefix_takes_the_whole_chapter_and_longer_prefixes_their_own_codes():
    candidates = ["F99", "F0390", "G3101", "G310", "G3183", "Z5900", "Z590", "E119"]

    assert matching(codes.QUALIFYING_NEED, candidates) == ["E119", "F0390", "F99"]
    assert matching(codes.DEMENTIA, candidates) == ["F0390", "G3101", "G3183"]
    assert matching(codes.HOMELESSNESS, candidates) == ["Z5900"]
