"""The Charlson comorbidity index, as shared/domain/risk.md (rule set 2026.1) defines it.

Source: Charlson ME et al., "A new method of classifying prognostic comorbidity in longitudinal
studies", J Chronic Dis 1987;40:373-383 (the weights); Quan H et al., "Coding algorithms for
defining comorbidities in ICD-9-CM and ICD-10 administrative data", Med Care 2005;43:1130-1139
(the ICD-10 codes). A condition counts once, from any of its codes dated in the 12 months before
D; the index is the sum of the weights of the conditions present. Hierarchy: when both of a pair
are present only the more severe counts (mild / moderate-or-severe liver disease, diabetes
without / with chronic complication, any malignancy / metastatic solid tumour).

The facts table keeps, for every condition, the member's latest matching code in the window as
'YYYY-MM-DD CODE' (column `cc_<key>`), so the index, the evidence and the member page all read
the same fact.
"""

from dataclasses import dataclass

from .codes import span


@dataclass(frozen=True)
class Condition:
    key: str
    name: str
    weight: int
    prefixes: tuple[str, ...]
    outranked_by: str | None = None  # the more severe condition of its hierarchy pair

    @property
    def column(self) -> str:
        return f"cc_{self.key}"


def _codes(table_cell: str) -> tuple[str, ...]:
    """The prefixes of one cell of risk.md's table, ranges spelled out: "G45, I60-I69"."""
    prefixes: list[str] = []
    for item in table_cell.replace("\n", " ").split(","):
        first, _, last = item.strip().partition("-")
        prefixes.extend(span(first, last) if last else (first,))
    return tuple(prefixes)


CONDITIONS: tuple[Condition, ...] = (
    Condition("mi", "myocardial infarction", 1, _codes("I21, I22, I252")),
    Condition("chf", "congestive heart failure", 1, _codes(
        "I099, I110, I130, I132, I255, I420, I425, I426, I427, I428, I429, I43, I50, P290")),
    Condition("pvd", "peripheral vascular disease", 1, _codes(
        "I70, I71, I731, I738, I739, I771, I790, I792, K551, K558, K559, Z958, Z959")),
    Condition("cvd", "cerebrovascular disease", 1, _codes("G45, G46, H340, I60-I69")),
    Condition("dementia", "dementia", 1, _codes("F00-F03, F051, G30, G311")),
    Condition("copd", "chronic pulmonary disease", 1, _codes(
        "I278, I279, J40-J47, J60-J67, J684, J701, J703")),
    Condition("rheum", "rheumatic disease", 1, _codes(
        "M05, M06, M315, M32, M33, M34, M351, M353, M360")),
    Condition("pud", "peptic ulcer disease", 1, _codes("K25, K26, K27, K28")),
    Condition("mild_liver", "mild liver disease", 1, _codes(
        "B18, K700, K701, K702, K703, K709, K713, K714, K715, K717, K73, K74, K760, K762, "
        "K763, K764, K768, K769, Z944"), outranked_by="severe_liver"),
    Condition("diabetes", "diabetes without chronic complication", 1, _codes(
        "E100, E101, E106, E108, E109, E110, E111, E116, E118, E119, E120, E121, E126, E128, "
        "E129, E130, E131, E136, E138, E139, E140, E141, E146, E148, E149"),
        outranked_by="diabetes_complicated"),
    Condition("diabetes_complicated", "diabetes with chronic complication", 2, _codes(
        "E102, E103, E104, E105, E107, E112, E113, E114, E115, E117, E122, E123, E124, E125, "
        "E127, E132, E133, E134, E135, E137, E142, E143, E144, E145, E147")),
    Condition("plegia", "hemiplegia or paraplegia", 2, _codes(
        "G041, G114, G801, G802, G81, G82, G830, G831, G832, G833, G834, G839")),
    Condition("renal", "renal disease", 2, _codes(
        "I120, I131, N032-N037, N052-N057, N18, N19, N250, Z490, Z491, Z492, Z940, Z992")),
    Condition("malignancy", "any malignancy", 2, _codes(
        "C00-C26, C30-C34, C37-C41, C43, C45-C58, C60-C76, C81-C85, C88, C90-C97"),
        outranked_by="metastatic"),
    Condition("severe_liver", "moderate or severe liver disease", 3, _codes(
        "I850, I859, I864, I982, K704, K711, K721, K729, K765, K766, K767")),
    Condition("metastatic", "metastatic solid tumour", 6, _codes("C77, C78, C79, C80")),
    Condition("hiv", "HIV/AIDS", 6, _codes("B20, B21, B22, B24")),
)  # fmt: skip
BY_KEY = {c.key: c for c in CONDITIONS}
ALL_PREFIXES = tuple(p for c in CONDITIONS for p in c.prefixes)


def counts(condition: Condition, row: str = "f") -> str:
    """SQL true when the condition counts towards the index: present and not outranked."""
    present = f"{row}.{condition.column} IS NOT NULL"
    if condition.outranked_by:
        present += f" AND {row}.{BY_KEY[condition.outranked_by].column} IS NULL"
    return present


def index_expression(row: str = "f") -> str:
    """The Charlson index of the facts row: the weights of the conditions that count, summed."""
    terms = " + ".join(
        f"(CASE WHEN {counts(c, row)} THEN {c.weight} ELSE 0 END)" for c in CONDITIONS
    )
    return f"({terms})"


def conditions_json(row: str = "f") -> str:
    """The conditions that count, as a JSON array of {condition, weight, code, date}, in the
    order of the table above (what the member page lists and the evidence names)."""
    items = ", ".join(
        f"CASE WHEN {counts(c, row)} THEN jsonb_build_object('condition', '{c.name}', "
        f"'weight', {c.weight}, 'code', split_part({row}.{c.column}, ' ', 2), "
        f"'date', split_part({row}.{c.column}, ' ', 1)) END"
        for c in CONDITIONS
    )
    return f"to_jsonb(array_remove(ARRAY[{items}], NULL))"


def names_expression(row: str = "f") -> str:
    """'congestive heart failure, chronic pulmonary disease' for the evidence sentence."""
    parts = ", ".join(f"CASE WHEN {counts(c, row)} THEN '{c.name}' END" for c in CONDITIONS)
    return f"concat_ws(', ', {parts})"
