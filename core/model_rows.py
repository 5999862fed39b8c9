"""Model instances from rows of hand-written or kept SQL, as the ORM would build them.

A few of the busiest reads run SQL compiled once (accounts/access/door_select.py) or written by
hand for one statement where the ORM needed several (eligibility's section), and still hand the
views and templates model instances. `Model.from_db` is Django's documented hook for that; this
adds a field's own `from_db_value`, the conversion the ORM would apply (no field of today's
models has one, but a JSON or custom field would).
"""

from django.db import connection


def columns_of(model, alias: str) -> str:
    """`alias.column, ...` for the model's concrete fields, in the order `from_row` reads."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def width_of(model) -> int:
    return len(model._meta.concrete_fields)


def from_row(model, values):
    """An instance (saved, on the default database) from its concrete fields' values in order."""
    fields = model._meta.concrete_fields
    converted = [
        field.from_db_value(value, None, connection) if hasattr(field, "from_db_value") else value
        for field, value in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [field.attname for field in fields], converted)
