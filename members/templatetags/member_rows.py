"""The caseload and member list rows (members.selectors.MemberRow), rendered in Python.

A page shows up to 50 members with ten cells each; through the template engine that was about
900 variable lookups, a `{% url %}` and three `|date` per row, most of the page's Python time
(bench/http_load.py). format_html then still cost about a quarter of the request: it escapes
each argument through Django's lazy-aware wrappers, a dozen per row and again for each nested
cell. So each row is one f-string whose every value goes through `_e` (core/html_rows.escaped:
what Django's conditional_escape does, without the lazy wrappers), and the cells that are
markup are built here from escaped values; the tag marks the whole safe once.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.html_rows import escaped as _e
from core.templatetags.portal import iso, member_url
from members.models import ClockSummary, RiskTier

register = template.Library()

_NO_DUE = '<span class="muted">—</span>'
_RISING = (
    ' <span class="chip rising" title="Tier rose in the latest stratification">↑ Rising</span>'
)


def _labels(choices) -> dict[str, str]:
    """Escaped labels by value, translated once per page: `get_FOO_display()` per row hashed
    (so translated) every lazy label of the field each time."""
    return {value: _e(label) for value, label in choices}


def _due(member, labels: dict[str, str]) -> str:
    if not member.clock_state:
        return _NO_DUE
    if member.clock_state == ClockSummary.DUE:  # not soon: the date, no chip saying "Due"
        return f"{_e(member.next_due_label)} {_e(iso(member.next_due_on))}"
    state = _e(member.clock_state)
    label = labels.get(member.clock_state, state)
    return (
        f'<span class="chip due-{state}" title="{label}">{label}</span> '
        f"{_e(member.next_due_label)} {_e(iso(member.next_due_on))}"
    )


def _risk(member, labels: dict[str, str]) -> str:
    """The tier, the score and whether it rose last night (risk/, copied onto Member)."""
    if not member.risk_tier:
        return f'<td data-risk="">{_NO_DUE}</td>'
    tier = _e(member.risk_tier)
    return (
        f'<td data-risk="{tier}"><span class="chip risk-{tier}">'
        f"{labels.get(member.risk_tier, tier)}</span> "
        f'<span class="score" title="Risk score">{_e(member.risk_score)}</span>'
        f"{_RISING if member.risk_rising else ''}</td>"
    )


def _enrolled(member) -> str:
    start = iso(member.enrollment_start)
    return f"{start} – {iso(member.enrollment_end)}" if member.enrollment_end else start


def _care_manager(member, unassigned: str) -> str:
    name = member.care_manager_name
    return unassigned if name is None else _e(name)


def _row(member, *, can_assign: bool, unassigned: str | None, show_risk: bool, labels) -> str:
    """One <tr>; `unassigned` is the care-manager cell's markup for nobody, None for no cell;
    `labels` the clock and risk labels (`_labels`)."""
    last, first = _e(member.last_name), _e(member.first_name)
    select = (
        f'<td><input type="checkbox" name="member_ids" value="{_e(member.pk)}" '
        f'aria-label="Select {last}, {first}"></td>'
        if can_assign
        else ""
    )
    program = _e(member.program)
    manager = f"<td>{_care_manager(member, unassigned)}</td>" if unassigned is not None else ""
    return (
        f'<tr>{select}<td><a href="{_e(member_url(member.pk))}">{last}, {first}</a></td>'
        f'<td class="mono">{_e(member.cin)}</td><td>{_e(iso(member.date_of_birth))}</td>'
        f"<td>{_e(member.county)}</td>"
        f'<td><span class="chip {_e(member.program.lower())}">{program}</span></td>'
        f'<td class="mono">{_e(member.plan_product)}</td><td>{_e(_enrolled(member))}</td>'
        f"<td>{_due(member, labels[0])}</td>{_risk(member, labels[1]) if show_risk else ''}"
        f"{manager}</tr>"
    )


@register.simple_tag
def member_rows(members, *, can_assign: bool, mode: str, show_risk: bool = True) -> SafeString:
    """`{% member_rows page.object_list can_assign=can_assign mode=mode show_risk=... %}`: the
    <tr>s; without the risk cell for readers who may not see risk (CBO partners)."""
    unassigned = (
        f'<span class="muted">{_e(gettext("Unassigned"))}</span>' if mode == "list" else None
    )
    labels = (_labels(ClockSummary.choices), _labels(RiskTier.choices) if show_risk else {})
    return mark_safe(  # noqa: S308 - every value above went through _e
        "\n".join(
            _row(
                m,
                can_assign=bool(can_assign),
                unassigned=unassigned,
                show_risk=bool(show_risk),
                labels=labels,
            )
            for m in members
        )
    )
