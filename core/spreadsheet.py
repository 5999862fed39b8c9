"""Cells a spreadsheet would run as a formula, neutralised in every CSV the portal writes.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (OWASP "CSV injection"): a member named
`=HYPERLINK(...)` in a roster would become a live link in a determinations.csv. Such cells get a
leading apostrophe, which spreadsheets show as text and drop from the value. Only text columns
are passed through this: a negative number in a numeric column is a number, not a formula.

One rule, two spellings: `formula_safe` for a value Python writes, `formula_safe_sql` for a
column PostgreSQL writes with COPY. Both use FORMULA_STARTS.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SQL_STARTS = "'=', '+', '-', '@', chr(9), chr(13)"


def formula_safe(value: str | None) -> str | None:
    """The value, with a leading apostrophe when a spreadsheet would read it as a formula."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_safe_sql(expression: str) -> str:
    """The SQL spelling of `formula_safe` for a text expression (NULL stays NULL)."""
    return (
        f"CASE WHEN left({expression}, 1) IN ({_SQL_STARTS}) "
        f"THEN '''' || {expression} ELSE {expression} END"
    )
