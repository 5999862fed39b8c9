"""Password rules (issue 14, finding 8): 12 characters or more, nothing like the user's names,
not a common password."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import User


@pytest.fixture
def ana():
    return User(username="agarcia", first_name="Ana", last_name="Garcia")


@pytest.mark.parametrize(
    "password",
    ["ana.garcia.2026", "Garcia-Medi-Cal-2026", "my-agarcia-login!", "ANA_kitchen_table_9"],
)
def test_a_password_with_the_users_names_is_refused(ana, password):
    with pytest.raises(ValidationError, match="must not contain your name"):
        validate_password(password, user=ana)


def test_a_password_shorter_than_12_characters_is_refused(ana):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("k7#pluvio!x", user=ana)


def test_a_common_password_is_refused(ana):
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234", user=ana)


def test_a_long_unrelated_password_is_accepted(ana):
    validate_password("orchard-lantern-quietly-47", user=ana)
    validate_password(
        "calaim-demo-2026", user=User(username="cm.lee", first_name="David", last_name="Lee")
    )
