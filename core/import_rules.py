"""Rule builders every contract import shares, as SQL over the normalised row `n`.

A rule is (column, condition that is true when the row is bad, reason as an SQL expression). They
avoid regular expressions: `translate` maps every digit to 9, so a shape check is one C call and a
string comparison, which keeps files of millions of rows to fast passes.
"""

from .sql import DIGITS, sql_array, sql_text

Rule = tuple[str, str, str]

# How a Y/N/empty flag is stored ({} is the column name in `n`).
FLAG_STORED = "CASE n.{} WHEN 'Y' THEN true WHEN 'N' THEN false END"
DATE_REASON = "'must be a date as YYYY-MM-DD'"


def valid_date(value: str) -> str:
    """ISO YYYY-MM-DD and a real calendar day; the exact check runs only for days 29 to 31."""
    return (
        f"(translate({value}, '{DIGITS}', '{'9' * 10}') = '9999-99-99' "
        f"AND left({value}, 4) <> '0000' AND substr({value}, 6, 2) BETWEEN '01' AND '12' "
        f"AND (substr({value}, 9, 2) BETWEEN '01' AND '28' OR calaim_is_date({value})))"
    )


def required_rule(column: str) -> Rule:
    return (column, f"n.{column} = ''", "'is required'")


def date_rule(column: str) -> Rule:
    v = f"n.{column}"
    return (column, f"{v} <> '' AND NOT {valid_date(v)}", DATE_REASON)


def date_rules(column: str, *, required: bool) -> list[Rule]:
    return [date_rule(column), *([required_rule(column)] if required else [])]


def code_rule(column: str, codes, reason: str) -> Rule:
    """An optional value that must be one of `codes` (hashed `<> ALL`)."""
    return (column, f"n.{column} <> '' AND n.{column} <> ALL({sql_array(codes)})", sql_text(reason))


def flag_rule(column: str) -> Rule:
    return (column, f"n.{column} NOT IN ('', 'Y', 'N')", "'must be Y, N or empty'")


def max_length_rule(column: str, limit: int, *, required: bool = False) -> Rule:
    if required:
        return (column, f"n.{column} = '' OR length(n.{column}) > {limit}",
                f"'must be 1 to {limit} characters'")  # fmt: skip
    return (column, f"length(n.{column}) > {limit}", f"'must be at most {limit} characters'")


def date_order_rule(column: str, earliest: str) -> Rule:
    """`column` is not before `earliest` (both optional dates; checked only when both are)."""
    late, early = f"n.{column}", f"n.{earliest}"
    return (
        column,
        f"{late} <> '' AND {late} < {early} AND {valid_date(late)} AND {valid_date(early)}",
        f"'is before {earliest}'",
    )
