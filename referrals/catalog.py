"""The 15 Community Supports, their units and the limit codes the portal enforces
(shared/domain/community_supports.md, "Community Supports" table).

A service's limits are listed in the order of the domain's "How a limit is checked" table, which
is also the order in which the first broken one is reported (LIMIT_ORDER).
"""

from dataclasses import dataclass

ONCE_PER_LIFETIME = "once_per_lifetime"
SIX_MONTHS_PER_STAY = "six_months_per_stay"
NINETY_DAYS_IN_A_ROW = "ninety_days_in_a_row"
HOURS_336_PER_YEAR = "hours_336_per_year"
USD_7500_PER_LIFETIME = "usd_7500_per_lifetime"
TWO_MEALS_A_DAY_12_WEEKS = "two_meals_a_day_12_weeks"
UNDER_24_HOURS = "under_24_hours"
SIX_MONTHS_PER_LIFETIME = "six_months_per_lifetime"

LIMIT_ORDER = (
    ONCE_PER_LIFETIME,
    SIX_MONTHS_PER_STAY,
    NINETY_DAYS_IN_A_ROW,
    HOURS_336_PER_YEAR,
    USD_7500_PER_LIFETIME,
    TWO_MEALS_A_DAY_12_WEEKS,
    UNDER_24_HOURS,
    SIX_MONTHS_PER_LIFETIME,
)

HOURS, MEALS, MONTHS = "hours", "meals", "months"


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    need: str
    unit: str  # what `units` counts: "hours", "meals", "months" or "" (no unit)
    limits: tuple[str, ...]

    @property
    def needs_units(self) -> bool:
        return bool(self.unit)

    @property
    def needs_amount(self) -> bool:
        return USD_7500_PER_LIFETIME in self.limits


SERVICES: tuple[Service, ...] = (
    Service("housing_navigation", "Housing Transition Navigation Services",
            "homeless or at risk", "", ()),
    Service("housing_deposits", "Housing Deposits", "moving into housing", "",
            (ONCE_PER_LIFETIME,)),
    Service("housing_tenancy", "Housing Tenancy and Sustaining Services", "keeping housing", "",
            (ONCE_PER_LIFETIME,)),
    Service("post_hospital_housing", "Short-Term Post-Hospitalization Housing",
            "leaving hospital/recuperative care homeless", "",
            (ONCE_PER_LIFETIME, SIX_MONTHS_PER_STAY)),
    Service("recuperative_care", "Recuperative Care (Medical Respite)",
            "recovering, no safe place", "", (NINETY_DAYS_IN_A_ROW,)),
    Service("respite", "Respite Services (for caregivers)", "caregiver strain", HOURS,
            (HOURS_336_PER_YEAR,)),
    Service("day_habilitation", "Day Habilitation Programs",
            "skills for living in the community", "", ()),
    Service("nf_transition_alf",
            "Nursing Facility Transition/Diversion to Assisted Living (RCFE, ARF)",
            "leaving or avoiding a nursing facility", "", ()),
    Service("community_transition",
            "Community Transition Services / Nursing Facility Transition to a Home",
            "set-up costs of a new home", "", (USD_7500_PER_LIFETIME,)),
    Service("personal_care", "Personal Care and Homemaker Services",
            "help with ADLs/IADLs at home", HOURS, ()),
    Service("home_modifications", "Environmental Accessibility Adaptations (Home Modifications)",
            "ramps, grab bars", "", (USD_7500_PER_LIFETIME,)),
    Service("medically_tailored_meals", "Medically Supportive Food / Medically Tailored Meals",
            "diet-related chronic condition, food insecurity", MEALS,
            (TWO_MEALS_A_DAY_12_WEEKS,)),
    Service("sobering_center", "Sobering Centers",
            "intoxicated, would otherwise go to ED or jail", HOURS, (UNDER_24_HOURS,)),
    Service("asthma_remediation", "Asthma Remediation",
            "poorly controlled asthma, home triggers", "", (USD_7500_PER_LIFETIME,)),
    Service("transitional_rent", "Transitional Rent", "homeless or at risk", MONTHS,
            (SIX_MONTHS_PER_LIFETIME,)),
)  # fmt: skip

BY_CODE: dict[str, Service] = {s.code: s for s in SERVICES}
CODES: tuple[str, ...] = tuple(BY_CODE)
CHOICES: list[tuple[str, str]] = [(s.code, s.name) for s in SERVICES]
UNIT_CODES = tuple(s.code for s in SERVICES if s.needs_units)
AMOUNT_CODES = tuple(s.code for s in SERVICES if s.needs_amount)


def name_of(code: str) -> str:
    service = BY_CODE.get(code)
    return service.name if service else code
