"""Eligibility engine: populations of focus, determinations and program enrollment (issue 3)."""
