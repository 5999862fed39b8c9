"""The Community Supports catalog names (shared/domain/community_supports.md), by code.

Needs store Community Supports codes; screens show care managers the service's name. The full
catalog with county offerings, providers and limits belongs to the referrals work; this is the
list of names it will start from.
"""

COMMUNITY_SUPPORTS = {
    "housing_navigation": "Housing Transition Navigation Services",
    "housing_deposits": "Housing Deposits",
    "housing_tenancy": "Housing Tenancy and Sustaining Services",
    "post_hospital_housing": "Short-Term Post-Hospitalization Housing",
    "recuperative_care": "Recuperative Care (Medical Respite)",
    "respite": "Respite Services",
    "day_habilitation": "Day Habilitation Programs",
    "nf_transition_alf": "Nursing Facility Transition/Diversion to Assisted Living",
    "community_transition": "Community Transition Services / Nursing Facility Transition to a Home",
    "personal_care": "Personal Care and Homemaker Services",
    "home_modifications": "Environmental Accessibility Adaptations (Home Modifications)",
    "medically_tailored_meals": "Medically Supportive Food / Medically Tailored Meals",
    "sobering_center": "Sobering Centers",
    "asthma_remediation": "Asthma Remediation",
    "transitional_rent": "Transitional Rent",
}


def community_support_name(code: str) -> str:
    return COMMUNITY_SUPPORTS.get(code, code)
