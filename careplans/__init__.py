"""Assessments, care plans, outreach and due-date clocks (issue 4)."""
