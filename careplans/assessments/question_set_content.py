"""Seed content: the needs catalog, HRA v1 and SDOH screening v1 (shared/domain/screening.md).

Loaded by `manage.py load_question_sets`
(careplans.assessments.question_sets.load_seed_content). After the first load the plan admin
owns the wording: changes are made as new versions in the portal, not here, so this module only
describes the first published version of each kind.

Sources: the SDOH set follows the CMS Accountable Health Communities Health-Related Social Needs
screening tool (core domains, HITS-style interpersonal safety scored 1-5 per item and positive
above 10, supplemental financial strain and living alone). The HRA covers the D-SNP model of
care domains; PHQ-2 is positive at 3 or more; dependence in 2+ ADLs suggests long-term-care
risk. Z codes are ICD-10-CM as of FY2026; Community Supports codes come from
community_supports.md.
"""

HOUSING_SUPPORTS = [
    "housing_navigation",
    "housing_deposits",
    "housing_tenancy",
    "transitional_rent",
]


def _need(code: str, label: str, icd10_codes: str, supports: list[str], guidance: str) -> dict:
    return {
        "code": code,
        "label": label,
        "icd10_codes": icd10_codes,
        "community_supports": supports,
        "guidance": guidance,
    }


# fmt: off
NEEDS = [
    _need("housing_instability", "Housing instability or homelessness", "Z59.00–Z59.02, Z59.811",
          HOUSING_SUPPORTS,
          "Refer to housing navigation; check eligibility for deposits and transitional rent."),
    _need("inadequate_housing", "Inadequate housing", "Z59.10–Z59.19",
          ["asthma_remediation", "home_modifications"],
          "Ask about asthma and mobility; home repairs may be covered as Community Supports."),
    _need("asthma_home_triggers", "Asthma triggers at home", "",
          ["asthma_remediation", "home_modifications"],
          "Arrange an in-home asthma trigger assessment (needed for remediation from 2026)."),
    _need("food_insecurity", "Food insecurity", "Z59.41", ["medically_tailored_meals"],
          "Offer medically tailored meals when a diet-related condition is present; CalFresh."),
    _need("transportation_insecurity", "Transportation insecurity", "Z59.82", [],
          "Set up the plan's non-medical and non-emergency medical transportation benefit."),
    _need("utility_insecurity", "Utility insecurity", "Z59.12", [],
          "Refer to LIHEAP and the utility's medical baseline program."),
    _need("interpersonal_safety", "Interpersonal safety concern", "", [],
          "Follow the plan's safety protocol today: ask if the member is safe now, "
          "offer the domestic violence hotline (1-800-799-7233), tell your supervisor."),
    _need("financial_strain", "Financial strain", "Z59.86x", [],
          "Benefits check (SSI/SSP, CalFresh, Medicare Savings Programs)."),
    _need("living_alone", "Lives alone", "Z60.2", [],
          "Confirm an emergency contact and who checks on the member."),
    _need("adl_dependence", "Needs help with 2 or more activities of daily living", "Z74.1",
          ["personal_care"], "Personal care and homemaker services; check IHSS."),
    _need("ltc_risk", "Long-term-care risk", "",
          ["personal_care", "nf_transition_alf", "home_modifications"],
          "Review for nursing facility diversion and long-term services and supports."),
    _need("iadl_support", "Needs help with 2 or more instrumental activities", "",
          ["personal_care"], "Homemaker services, meal and medication support."),
    _need("behavioral_health_referral", "Positive depression screen (PHQ-2)", "", [],
          "Complete a PHQ-9 and refer to behavioral health."),
    _need("substance_use", "Possible substance use disorder", "", [],
          "Assess further (AUDIT-C, DAST) and offer a substance use disorder referral."),
    _need("fall_risk", "Fall risk", "Z91.81", ["home_modifications"],
          "Falls assessment with the PCP; grab bars and ramps may be covered."),
    _need("cognitive_concern", "Memory or thinking concern", "", [],
          "Arrange a cognitive screening (e.g. Mini-Cog) and review with the PCP."),
    _need("caregiver_strain", "Caregiver strain", "", ["respite"],
          "Offer respite for the caregiver (up to 336 hours a year)."),
    _need("medication_support", "Trouble taking medicines", "", [],
          "Pharmacist medication review; pill organiser or blister packs."),
    _need("advance_care_planning", "No advance care plan", "", [],
          "Offer an advance care planning conversation."),
]
# fmt: on


def _choice(value: str, en: str, es: str, points: int = 0) -> dict:
    return {"value": value, "en": en, "es": es, "points": points}


YES_1 = [_choice("yes", "Yes", "Sí", 1), _choice("no", "No", "No", 0)]
NO_1 = [_choice("yes", "Yes", "Sí", 0), _choice("no", "No", "No", 1)]
ADL_HELP = [
    _choice("independent", "Without help", "Sin ayuda", 0),
    _choice("some_help", "With some help", "Con algo de ayuda", 1),
    _choice("dependent", "Cannot do it without help", "No puede hacerlo sin ayuda", 1),
]
PHQ = [
    _choice("0", "Not at all", "Para nada", 0),
    _choice("1", "Several days", "Varios días", 1),
    _choice("2", "More than half the days", "Más de la mitad de los días", 2),
    _choice("3", "Nearly every day", "Casi todos los días", 3),
]
HITS = [
    _choice("never", "Never", "Nunca", 1),
    _choice("rarely", "Rarely", "Rara vez", 2),
    _choice("sometimes", "Sometimes", "A veces", 3),
    _choice("fairly_often", "Fairly often", "Con bastante frecuencia", 4),
    _choice("frequently", "Frequently", "Frecuentemente", 5),
]
FOOD = [
    _choice("often", "Often true", "Con frecuencia es verdad", 1),
    _choice("sometimes", "Sometimes true", "A veces es verdad", 1),
    _choice("never", "Never true", "Nunca es verdad", 0),
]
PAST_YEAR = [
    _choice("never", "Never", "Nunca", 0),
    _choice("once_or_more", "Once or more", "Una vez o más", 1),
]


def _q(key, domain, en, es, answer_type="single", choices=(), required=True) -> dict:
    return {
        "key": key,
        "domain": domain,
        "text_en": en,
        "text_es": es,
        "answer_type": answer_type,
        "choices": list(choices),
        "required": required,
    }


# fmt: off
_ADLS = [
    ("bathing", "bathing or showering", "bañarse o ducharse"),
    ("dressing", "getting dressed", "vestirse"),
    ("eating", "eating", "comer"),
    ("toileting", "using the toilet", "usar el baño"),
    ("transferring", "getting in and out of a bed or chair",
     "levantarse o acostarse en una cama o silla"),
    ("continence", "controlling your bladder or bowels", "controlar la vejiga o los intestinos"),
]
_IADLS = [
    ("meals", "preparing meals", "preparar comidas"),
    ("money", "managing money and paying bills", "manejar el dinero y pagar cuentas"),
    ("medications", "taking medicines the right way", "tomar sus medicinas correctamente"),
    ("transport", "getting to places beyond walking distance", "ir a lugares lejanos"),
    ("housework", "doing housework", "hacer el quehacer de la casa"),
    ("phone", "using the telephone", "usar el teléfono"),
]
# fmt: on

# fmt: off
HRA_V1 = {
    "kind": "hra",
    "title": "Health Risk Assessment",
    "notes": "First version: D-SNP model of care domains, PHQ-2, ADLs and IADLs.",
    "questions": [
        _q("general_health", "general_health",
           "In general, how would you rate your health?",
           "En general, ¿cómo calificaría su salud?",
           choices=[_choice("excellent", "Excellent", "Excelente"),
                    _choice("good", "Good", "Buena"),
                    _choice("fair", "Fair", "Regular"),
                    _choice("poor", "Poor", "Mala")]),
        _q("chronic_conditions", "chronic_conditions",
           "Has a doctor ever told you that you have any of these conditions?",
           "¿Alguna vez un médico le ha dicho que tiene alguna de estas condiciones?",
           answer_type="multiple",
           choices=[_choice("diabetes", "Diabetes", "Diabetes"),
                    _choice("heart_failure", "Heart failure", "Insuficiencia cardíaca"),
                    _choice("copd", "COPD or emphysema", "EPOC o enfisema"),
                    _choice("asthma", "Asthma", "Asma"),
                    _choice("hypertension", "High blood pressure", "Presión arterial alta"),
                    _choice("kidney", "Kidney disease", "Enfermedad de los riñones"),
                    _choice("none", "None of these", "Ninguna de estas")]),
        _q("asthma_triggers", "asthma_triggers",
           "Do things in your home (mold, pests, smoke, dust) make your breathing worse?",
           "¿Hay cosas en su casa (moho, plagas, humo, polvo) que empeoran su respiración?",
           answer_type="yes_no", choices=YES_1),
        _q("hospital_visits", "utilization",
           "How many times were you in the hospital or emergency room in the past 12 months?",
           "¿Cuántas veces estuvo en el hospital o en la sala de emergencias en los últimos "
           "12 meses?",
           answer_type="number"),
        _q("medication_count", "medications",
           "How many prescription medicines do you take?",
           "¿Cuántas medicinas recetadas toma?",
           answer_type="number"),
        _q("medication_trouble", "medications",
           "Do you have trouble taking your medicines the way you were told?",
           "¿Tiene dificultad para tomar sus medicinas como se le indicó?",
           answer_type="yes_no", choices=YES_1),
        *[_q(f"adl_{key}", "adl", f"Do you need help with {en}?", f"¿Necesita ayuda para {es}?",
             choices=ADL_HELP) for key, en, es in _ADLS],
        *[_q(f"iadl_{key}", "iadl", f"Do you need help with {en}?", f"¿Necesita ayuda para {es}?",
             choices=ADL_HELP) for key, en, es in _IADLS],
        _q("memory", "cognition",
           "Have you or others noticed problems with your memory or thinking that get in the "
           "way of daily life?",
           "¿Usted u otras personas han notado problemas con su memoria o su forma de pensar que "
           "afectan su vida diaria?",
           answer_type="yes_no", choices=YES_1),
        _q("phq2_interest", "phq2",
           "Over the last 2 weeks, how often have you been bothered by little interest or "
           "pleasure in doing things?",
           "Durante las últimas 2 semanas, ¿con qué frecuencia le ha molestado tener poco interés "
           "o placer en hacer cosas?",
           choices=PHQ),
        _q("phq2_down", "phq2",
           "Over the last 2 weeks, how often have you been bothered by feeling down, depressed "
           "or hopeless?",
           "Durante las últimas 2 semanas, ¿con qué frecuencia le ha molestado sentirse "
           "desanimado/a, deprimido/a o sin esperanza?",
           choices=PHQ),
        _q("heavy_drinking", "substance_use",
           "How many times in the past year have you had 4 or more drinks (women) or 5 or more "
           "drinks (men) in a day?",
           "¿Cuántas veces en el último año ha tomado 4 o más bebidas alcohólicas (mujeres) o 5 o "
           "más (hombres) en un día?",
           choices=PAST_YEAR),
        _q("drug_use", "substance_use",
           "How many times in the past year have you used an illegal drug or a prescription "
           "medicine for non-medical reasons?",
           "¿Cuántas veces en el último año ha usado una droga ilegal o una medicina recetada por "
           "razones no médicas?",
           choices=PAST_YEAR),
        _q("fell_past_year", "falls",
           "Have you fallen in the past 12 months?",
           "¿Se ha caído en los últimos 12 meses?",
           answer_type="yes_no", choices=YES_1),
        _q("fear_of_falling", "falls",
           "Are you afraid of falling?",
           "¿Tiene miedo de caerse?",
           answer_type="yes_no", choices=YES_1),
        _q("caregiver_strain", "caregiver",
           "Does the person who helps you feel overwhelmed or need a break?",
           "¿La persona que le ayuda se siente agobiada o necesita un descanso?",
           choices=[_choice("yes", "Yes", "Sí", 1),
                    _choice("no", "No", "No", 0),
                    _choice("no_caregiver", "No one helps me", "Nadie me ayuda", 0)]),
        _q("advance_directive", "advance_care",
           "Do you have an advance directive, or have you named someone to make health care "
           "decisions for you?",
           "¿Tiene una directiva anticipada o ha nombrado a alguien para tomar decisiones de "
           "salud por usted?",
           answer_type="yes_no", choices=NO_1),
        _q("notes", "notes",
           "Anything else the member wants the care team to know?",
           "¿Algo más que el miembro quiera que sepa el equipo de cuidado?",
           answer_type="text", required=False),
    ],
    "rules": [
        ("asthma_triggers", "asthma_home_triggers", 1, "Home triggers reported"),
        ("medications", "medication_support", 1, "Trouble taking medicines"),
        ("adl", "adl_dependence", 2, "Help needed with 2+ ADLs"),
        ("adl", "ltc_risk", 2, "2+ ADLs dependent suggests long-term-care risk"),
        ("iadl", "iadl_support", 2, "Help needed with 2+ IADLs"),
        ("cognition", "cognitive_concern", 1, "Memory concern reported"),
        ("phq2", "behavioral_health_referral", 3, "PHQ-2 score 3 or more"),
        ("substance_use", "substance_use", 1, "Any positive single-question screen"),
        ("falls", "fall_risk", 1, "Fell or afraid of falling"),
        ("caregiver", "caregiver_strain", 1, "Caregiver overwhelmed"),
        ("advance_care", "advance_care_planning", 1, "No advance directive"),
    ],
}

_SAFETY = [
    ("hurt", "physically hurt you", "le lastima físicamente"),
    ("insult", "insult or talk down to you", "le insulta o le habla con desprecio"),
    ("threaten", "threaten you with harm", "le amenaza con hacerle daño"),
    ("scream", "scream or curse at you", "le grita o le maldice"),
]

SDOH_V1 = {
    "kind": "sdoh",
    "title": "SDOH screening (AHC HRSN)",
    "notes": "First version: AHC HRSN core domains plus financial strain and living alone.",
    "questions": [
        _q("living_situation", "living_situation",
           "What is your living situation today?",
           "¿Cuál es su situación de vivienda hoy?",
           choices=[
               _choice("steady", "I have a steady place to live",
                       "Tengo un lugar estable para vivir"),
               _choice("worried",
                       "I have a place to live today, but I am worried about losing it in the "
                       "future",
                       "Tengo un lugar para vivir hoy, pero me preocupa perderlo en el futuro", 1),
               _choice("not_steady",
                       "I do not have a steady place to live (staying with others, in a hotel, "
                       "in a shelter, outside, in a car or in a park)",
                       "No tengo un lugar estable para vivir (me quedo con otras personas, en un "
                       "hotel, en un refugio, en la calle, en un auto o en un parque)", 1),
           ]),
        _q("housing_problems", "housing_quality",
           "Think about the place you live. Do you have problems with any of the following?",
           "Piense en el lugar donde vive. ¿Tiene problemas con alguno de los siguientes?",
           answer_type="multiple",
           choices=[
               _choice("pests", "Pests such as bugs, ants or mice",
                       "Plagas como insectos, hormigas o ratones", 1),
               _choice("mold", "Mold", "Moho", 1),
               _choice("lead", "Lead paint or pipes", "Pintura o tuberías con plomo", 1),
               _choice("heat", "Lack of heat", "Falta de calefacción", 1),
               _choice("stove", "Oven or stove not working", "El horno o la estufa no funcionan",
                       1),
               _choice("smoke_detectors", "Smoke detectors missing or not working",
                       "Detectores de humo que faltan o no funcionan", 1),
               _choice("water_leaks", "Water leaks", "Goteras o fugas de agua", 1),
               _choice("none", "None of the above", "Ninguno de los anteriores", 0),
           ]),
        _q("food_worried", "food",
           "Within the past 12 months, you worried that your food would run out before you got "
           "money to buy more.",
           "En los últimos 12 meses, le preocupó que la comida se acabara antes de tener dinero "
           "para comprar más.",
           choices=FOOD),
        _q("food_ran_out", "food",
           "Within the past 12 months, the food you bought just didn't last and you didn't have "
           "money to get more.",
           "En los últimos 12 meses, la comida que compró no le alcanzó y no tenía dinero para "
           "comprar más.",
           choices=FOOD),
        _q("transportation", "transportation",
           "In the past 12 months, has lack of reliable transportation kept you from medical "
           "appointments, meetings, work or from getting things needed for daily living?",
           "En los últimos 12 meses, ¿la falta de transporte confiable le impidió ir a citas "
           "médicas, reuniones, al trabajo u obtener cosas necesarias para la vida diaria?",
           answer_type="yes_no", choices=YES_1),
        _q("utilities", "utilities",
           "In the past 12 months, has the electric, gas, oil or water company threatened to "
           "shut off services in your home?",
           "En los últimos 12 meses, ¿la compañía de electricidad, gas, combustible o agua ha "
           "amenazado con cortar los servicios en su casa?",
           choices=[_choice("yes", "Yes", "Sí", 1),
                    _choice("no", "No", "No", 0),
                    _choice("already_off", "Already shut off", "Ya los cortaron", 1)]),
        *[_q(f"safety_{key}", "safety",
             f"How often does anyone, including family and friends, {en}?",
             f"¿Con qué frecuencia alguien, incluidos familiares y amigos, {es}?",
             choices=HITS) for key, en, es in _SAFETY],
        _q("financial_strain", "financial_strain",
           "How hard is it for you to pay for the very basics like food, housing, medical care "
           "and heating?",
           "¿Qué tan difícil le resulta pagar lo más básico, como comida, vivienda, atención "
           "médica y calefacción?",
           choices=[_choice("very_hard", "Very hard", "Muy difícil", 1),
                    _choice("somewhat_hard", "Somewhat hard", "Algo difícil", 1),
                    _choice("not_hard", "Not hard at all", "Nada difícil", 0)]),
        _q("lives_alone", "living_alone",
           "Do you live alone?",
           "¿Vive solo/a?",
           answer_type="yes_no", choices=YES_1),
    ],
    "rules": [
        ("living_situation", "housing_instability", 1, "Not steady or worried about losing it"),
        ("housing_quality", "inadequate_housing", 1, "Any housing quality problem"),
        ("food", "food_insecurity", 1, "Either food item often or sometimes true"),
        ("transportation", "transportation_insecurity", 1, "Transport kept member from care"),
        ("utilities", "utility_insecurity", 1, "Shut-off threatened or done"),
        ("safety", "interpersonal_safety", 11, "Safety score above 10 (4 items, 1-5 each)"),
        ("financial_strain", "financial_strain", 1, "Very or somewhat hard"),
        ("living_alone", "living_alone", 1, "Lives alone"),
    ],
}
# fmt: on

QUESTION_SETS = [HRA_V1, SDOH_V1]
