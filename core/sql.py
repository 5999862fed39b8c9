"""SQL literals the set-based checks and rules build their statements from.

Values here are the code's own constants (code lists, shapes, dates), never user input: user
data always reaches PostgreSQL through COPY or query parameters.
"""

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def sql_text(value: str) -> str:
    """A string literal: 'it''s'."""
    return "'" + value.replace("'", "''") + "'"


def sql_array(values) -> str:
    """An array literal of strings: ARRAY['a', 'b']."""
    return "ARRAY[" + ", ".join(sql_text(v) for v in values) + "]"


def text_shape(expression: str) -> str:
    """The shape of an upper-case text, every digit as 9 and every letter as A (F209 -> A999)."""
    return f"translate({expression}, '{DIGITS}{LETTERS}', '{'9' * 10}{'A' * 26}')"
