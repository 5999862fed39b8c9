"""Reference code lists used by the data contracts (shared/contracts/README.md).

Sources: California's 58 counties as the State of California writes them; ISO 639-1 two-letter
language codes (Library of Congress registration authority); the contract's own code lists.
"""

CALIFORNIA_COUNTIES: tuple[str, ...] = (
    "Alameda",
    "Alpine",
    "Amador",
    "Butte",
    "Calaveras",
    "Colusa",
    "Contra Costa",
    "Del Norte",
    "El Dorado",
    "Fresno",
    "Glenn",
    "Humboldt",
    "Imperial",
    "Inyo",
    "Kern",
    "Kings",
    "Lake",
    "Lassen",
    "Los Angeles",
    "Madera",
    "Marin",
    "Mariposa",
    "Mendocino",
    "Merced",
    "Modoc",
    "Mono",
    "Monterey",
    "Napa",
    "Nevada",
    "Orange",
    "Placer",
    "Plumas",
    "Riverside",
    "Sacramento",
    "San Benito",
    "San Bernardino",
    "San Diego",
    "San Francisco",
    "San Joaquin",
    "San Luis Obispo",
    "San Mateo",
    "Santa Barbara",
    "Santa Clara",
    "Santa Cruz",
    "Shasta",
    "Sierra",
    "Siskiyou",
    "Solano",
    "Sonoma",
    "Stanislaus",
    "Sutter",
    "Tehama",
    "Trinity",
    "Tulare",
    "Tuolumne",
    "Ventura",
    "Yolo",
    "Yuba",
)

ISO_639_1_CODES: frozenset[str] = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
    """.split()  # noqa: SIM905 - a wrapped word list reads better than 184 quoted strings
)

SEX_CODES: tuple[str, ...] = ("F", "M", "X", "U")

RACE_ETHNICITY_LABELS: dict[str, str] = {
    "american_indian_alaska_native": "American Indian or Alaska Native",
    "asian": "Asian",
    "black": "Black or African American",
    "hispanic_latino": "Hispanic or Latino",
    "native_hawaiian_pacific_islander": "Native Hawaiian or Pacific Islander",
    "white": "White",
    "multiracial": "Multiracial",
    "other": "Other",
    "declined": "Declined to state",
}
RACE_ETHNICITY_CODES: tuple[str, ...] = tuple(RACE_ETHNICITY_LABELS)

HOUSING_STATUS_CODES: tuple[str, ...] = ("housed", "homeless", "at_risk", "unknown")

UTILIZATION_EVENT_TYPES: tuple[str, ...] = (
    "ed_visit",
    "inpatient_admission",
    "snf_stay",
    "observation_stay",
)

assert len(CALIFORNIA_COUNTIES) == 58

# Names of the languages California plans meet most (Medi-Cal threshold languages and others);
# any other ISO 639-1 code is shown as the code.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "zh": "Chinese",
    "vi": "Vietnamese",
    "ko": "Korean",
    "tl": "Tagalog",
    "hy": "Armenian",
    "ru": "Russian",
    "fa": "Farsi",
    "ar": "Arabic",
    "km": "Khmer",
    "ja": "Japanese",
    "pa": "Punjabi",
    "hi": "Hindi",
    "lo": "Lao",
    "th": "Thai",
    "uk": "Ukrainian",
    "pt": "Portuguese",
    "fr": "French",
}
