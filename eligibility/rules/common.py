"""Conditions several populations share, each written once (shared/domain/populations.md)."""

from .base import iso


def pregnant_or_postpartum_evidence() -> str:
    """'currently pregnant' or 'pregnancy ended 2026-05-01' for a member who is either."""
    return (
        "CASE WHEN f.currently_pregnant THEN 'currently pregnant' "
        f"ELSE 'pregnancy ended ' || {iso('f.pregnancy_end_date')} END"
    )
