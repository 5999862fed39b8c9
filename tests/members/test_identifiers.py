"""The MBI rule is written once (members/identifiers.py) and every user of it agrees."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from members.identifiers import (
    mbi_problem,
    mbi_problem_sql,
    mbi_shape_sql,
    normalise_mbi,
    validate_mbi,
)
from tests.factories import MemberFactory

# shared/domain/identifiers.md's examples, and one per rule.
EXAMPLES = {
    "1EG4TE5MK73": None,
    "9AA9AA9AA99": None,
    "0EG4TE5MK73": "position 1 must be a digit 1-9",
    "1SG4TE5MK73": "uses a letter MBIs never contain (S, L, O, I, B or Z)",
    "1EG4TE5MK7A": "positions 4, 7, 10 and 11 must be digits",
    "1EG4TE5MK7": "must be 11 characters (dashes allowed), e.g. 1EG4-TE5-MK73",
    "1EG4TE5MK7*": "may hold only letters and digits",
    "11G4TE5MK73": "positions 2, 5, 8 and 9 must be letters",
}


def test_input_is_normalised_to_upper_case_without_dashes():
    assert normalise_mbi("1eg4-te5-mk73") == "1EG4TE5MK73"


@pytest.mark.parametrize(("mbi", "problem"), EXAMPLES.items())
def test_python_names_the_first_rule_broken(mbi, problem):
    assert mbi_problem(mbi) == problem


@pytest.mark.django_db
def test_the_sql_checks_agree_with_python_on_every_example():
    with connection.cursor() as cursor:
        for mbi, problem in EXAMPLES.items():
            cursor.execute(
                f"SELECT {mbi_shape_sql('v')}, {mbi_problem_sql('v')} FROM (SELECT %s::text) t(v)",
                [mbi],
            )
            assert cursor.fetchone() == (problem is None, problem), mbi


def test_the_model_field_validator_refuses_a_bad_mbi():
    validate_mbi("")
    validate_mbi("1EG4TE5MK73")
    with pytest.raises(ValidationError, match="position 1 must be a digit 1-9"):
        validate_mbi("0EG4TE5MK73")


@pytest.mark.django_db
def test_the_database_refuses_an_mbi_outside_cms_format():
    MemberFactory(mbi="1EG4TE5MK73")
    with pytest.raises(IntegrityError, match="member_mbi_cms_format"), transaction.atomic():
        MemberFactory(mbi="1SG4TE5MK73")
