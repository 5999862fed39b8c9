"""The "Populations of focus" page: every rule in words, with its source and dates."""

from django.urls import reverse

from eligibility.rules import RULE_SET_VERSION, RULES


def test_care_manager_reads_every_population_with_source_dates_and_version(
    client_for, care_manager
):
    response = client_for(care_manager).get(reverse("eligibility:rule_set"))

    assert response.status_code == 200
    text = response.content.decode()
    assert f"Rule set <strong>{RULE_SET_VERSION}</strong>" in text
    for rule in RULES:
        assert rule.title in text.replace("&#x27;", "'")
        assert rule.source in text
    assert "CICM from 2026-01-01" in text
    assert "5 ED visits with" in text or "&gt;= 5 ED visits" in text  # high_utilizer in words
    assert "F431" in text and "F17" not in text.split("SUD</th>")[1].split("</tr>")[0]


def test_cbo_staff_cannot_open_the_rule_set(client_for, cbo_user):
    assert client_for(cbo_user).get(reverse("eligibility:rule_set")).status_code == 404
