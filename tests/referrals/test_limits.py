"""Every limit of community_supports.md at its boundaries, checked by referrals.limits (the SQL
the portal and check_cs_requests share) and by the tests' own restatement of the document."""

import datetime
from decimal import Decimal

import pytest

from referrals import limits
from tests.factories import MemberFactory

from .helpers import AuthorizationFactory, OfferingFactory, expected

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    member = MemberFactory(enrollment_start=D(2024, 1, 1), county="Los Angeles")
    for service in limits.c.CODES:
        OfferingFactory(service=service, effective_from=D(2024, 1, 1))
    return member


def decide(member, service, start, end, units=None, amount=None):
    found = limits.check(member_id=member.pk, service=service, start=start, end=end,
                         units=units, amount=amount)  # fmt: skip
    restated = expected(member, service, start=start, end=end, units=units, amount=amount)
    assert (found.result, found.limit) == restated, found.detail
    return found


def test_respite_hours_per_calendar_year_name_the_numbers(member):
    AuthorizationFactory(member=member, service="respite", units=300,
                         start_date=D(2026, 2, 1), end_date=D(2026, 2, 28))  # fmt: skip
    AuthorizationFactory(member=member, service="respite", units=300,
                         start_date=D(2025, 12, 31), end_date=D(2026, 1, 5))  # fmt: skip
    over = decide(member, "respite", D(2026, 3, 1), D(2026, 3, 31), units=37)
    assert (over.result, over.limit) == ("over_limit", "hours_336_per_year")
    assert over.detail == "300 of 336 hours used in 2026; 37 asked"
    assert decide(member, "respite", D(2026, 3, 1), D(2026, 3, 31), units=36).allowed
    # The hours of 2025 (the authorization starting on 31 December) count in 2025 only.
    in_2025 = decide(member, "respite", D(2025, 12, 1), D(2025, 12, 2), units=36)
    assert in_2025.detail == "300 of 336 hours used in 2025; 36 asked"
    assert decide(member, "respite", D(2025, 12, 1), D(2025, 12, 2), units=37).limit == (
        "hours_336_per_year"
    )


def test_cancelled_authorizations_never_count(member):
    AuthorizationFactory(member=member, service="housing_deposits", status="cancelled")
    assert decide(member, "housing_deposits", D(2026, 5, 1), D(2026, 5, 1)).allowed
    AuthorizationFactory(member=member, service="housing_deposits", status="completed")
    over = decide(member, "housing_deposits", D(2026, 5, 1), D(2026, 5, 1))
    assert over.limit == "once_per_lifetime"
    assert over.detail.startswith("1 earlier authorization, the last 2026-01-01..2026-01-31")


def test_post_hospital_housing_reports_once_per_lifetime_before_the_stay_length(member):
    ok = decide(member, "post_hospital_housing", D(2026, 1, 1), D(2026, 6, 30))
    assert ok.allowed and "last allowed end 2026-06-30" in ok.detail
    too_long = decide(member, "post_hospital_housing", D(2026, 1, 1), D(2026, 7, 1))
    assert too_long.limit == "six_months_per_stay"
    # Clamped to the month's last day: 2026-08-31 + 6 months = 2027-02-28.
    assert decide(member, "post_hospital_housing", D(2026, 8, 31), D(2027, 2, 27)).allowed
    assert decide(member, "post_hospital_housing", D(2026, 8, 31), D(2027, 2, 28)).limit == (
        "six_months_per_stay"
    )
    AuthorizationFactory(member=member, service="post_hospital_housing")
    both = decide(member, "post_hospital_housing", D(2026, 1, 1), D(2026, 7, 1))
    assert both.limit == "once_per_lifetime"


def test_recuperative_care_joins_touching_and_overlapping_stays(member):
    AuthorizationFactory(
        member=member,
        service="recuperative_care",
        start_date=D(2026, 1, 1),
        end_date=D(2026, 1, 30),
    )  # fmt: skip 30 days
    # 2026-01-31..2026-03-31 touches it: 30 + 60 = 90 days in a row.
    assert decide(member, "recuperative_care", D(2026, 1, 31), D(2026, 3, 31)).allowed
    over = decide(member, "recuperative_care", D(2026, 1, 31), D(2026, 4, 1))
    assert over.detail == "91 days in a row (2026-01-01..2026-04-01); at most 90"
    # A gap of one day breaks the run.
    assert decide(member, "recuperative_care", D(2026, 2, 1), D(2026, 4, 30)).allowed
    # A later stay joins through the request, and an earlier one through it (closure).
    AuthorizationFactory(member=member, service="recuperative_care",
                         start_date=D(2026, 3, 1), end_date=D(2026, 3, 20))  # fmt: skip
    assert decide(member, "recuperative_care", D(2026, 2, 1), D(2026, 2, 28)).limit == ""
    joined = decide(member, "recuperative_care", D(2026, 1, 31), D(2026, 2, 28))
    assert joined.detail.startswith("79 days in a row (2026-01-01..2026-03-20)")
    overlapping = decide(member, "recuperative_care", D(2026, 1, 15), D(2026, 4, 5))
    assert overlapping.limit == "ninety_days_in_a_row"


def test_dollar_limits_count_cents(member):
    AuthorizationFactory(member=member, service="home_modifications", amount_usd=Decimal("7000.50"))
    at = decide(member, "home_modifications", D(2026, 5, 1), D(2026, 5, 2),
                amount=Decimal("499.50"))  # fmt: skip
    assert at.allowed and at.detail == "$7,000.50 of $7,500.00 used; $499.50 asked"
    over = decide(member, "home_modifications", D(2026, 5, 1), D(2026, 5, 2),
                  amount=Decimal("499.51"))  # fmt: skip
    assert over.limit == "usd_7500_per_lifetime"
    # Another service's dollars are its own.
    assert decide(member, "asthma_remediation", D(2026, 5, 1), D(2026, 5, 2),
                  amount=Decimal("7500.00")).allowed  # fmt: skip


def test_meals_two_a_day_for_twelve_weeks(member):
    assert decide(
        member, "medically_tailored_meals", D(2026, 1, 1), D(2026, 3, 25), units=168
    ).allowed  # fmt: skip 84 days
    assert (
        decide(member, "medically_tailored_meals", D(2026, 1, 1), D(2026, 3, 26), units=2).limit
        == "two_meals_a_day_12_weeks"
    )  # fmt: skip 85 days
    assert decide(member, "medically_tailored_meals", D(2026, 1, 1), D(2026, 1, 10),
                  units=21).limit == "two_meals_a_day_12_weeks"  # fmt: skip


def test_sobering_center_stay_under_24_hours(member):
    assert decide(member, "sobering_center", D(2026, 1, 1), D(2026, 1, 2), units=23).allowed
    assert decide(member, "sobering_center", D(2026, 1, 1), D(2026, 1, 2), units=24).limit == (
        "under_24_hours"
    )


def test_transitional_rent_six_months_per_lifetime(member):
    AuthorizationFactory(member=member, service="transitional_rent", units=2)
    AuthorizationFactory(member=member, service="transitional_rent", units=2, source_id="X9",
                         start_date=D(2020, 1, 1), end_date=D(2020, 2, 29))  # fmt: skip
    ok = decide(member, "transitional_rent", D(2026, 5, 1), D(2026, 6, 30), units=2)
    assert ok.detail == "4 of 6 months used; 2 asked"
    assert decide(member, "transitional_rent", D(2026, 5, 1), D(2026, 7, 31), units=3).limit == (
        "six_months_per_lifetime"
    )


def test_not_enrolled_comes_before_not_offered_before_over_limit(member):
    member.enrollment_start, member.enrollment_end = D(2026, 1, 1), D(2026, 6, 30)
    member.save()
    AuthorizationFactory(member=member, service="housing_tenancy")
    assert decide(member, "housing_tenancy", D(2025, 12, 31), D(2026, 1, 5)).result == (
        "not_enrolled"
    )
    assert decide(member, "housing_tenancy", D(2026, 7, 1), D(2026, 7, 5)).result == (
        "not_enrolled"
    )
    assert decide(member, "housing_tenancy", D(2026, 6, 30), D(2026, 7, 5)).result == ("over_limit")
    other = MemberFactory(county="Alameda")
    found = limits.check(member_id=other.pk, service="housing_tenancy",
                         start=D(2026, 1, 1), end=D(2026, 1, 1))  # fmt: skip
    assert found.result == "not_offered"
    assert found.detail == "housing_tenancy is not offered in Alameda on 2026-01-01"


def test_offerings_count_on_their_first_and_last_day():
    member = MemberFactory(county="Fresno", enrollment_start=D(2024, 1, 1))
    OfferingFactory(county="Fresno", service="respite", effective_from=D(2026, 1, 1),
                    effective_to=D(2026, 6, 30))  # fmt: skip

    def result(day):
        return limits.check(member_id=member.pk, service="respite", start=day, end=day,
                            units=1).result  # fmt: skip

    assert result(D(2025, 12, 31)) == "not_offered"
    assert result(D(2026, 1, 1)) == "allowed"
    assert result(D(2026, 6, 30)) == "allowed"
    assert result(D(2026, 7, 1)) == "not_offered"


def test_a_service_without_limit_says_so(member):
    found = decide(member, "housing_navigation", D(2026, 1, 1), D(2027, 1, 1))
    assert found.allowed and found.detail == "no limit for this service"


def test_rechecking_an_authorization_excludes_itself(member):
    own = AuthorizationFactory(member=member, service="housing_deposits")
    found = limits.check(member_id=member.pk, service="housing_deposits", start=D(2026, 1, 1),
                         end=D(2026, 1, 1), excluding=own.pk)  # fmt: skip
    assert found.allowed
