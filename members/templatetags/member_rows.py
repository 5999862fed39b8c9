"""The caseload and member list rows, rendered in Python.

A page shows up to 50 members with ten cells each; through the template engine that was about
900 variable lookups, a `{% url %}` and three `|date` per row, most of the page's Python time
(bench/http_load.py). The same markup built with format_html costs a fraction, and every value
is still escaped.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.templatetags.portal import iso, member_url
from members.models import ClockSummary

register = template.Library()

_DUE = '<span class="chip due-{}" title="{}">{}</span> {} {}'
_NO_DUE = mark_safe('<span class="muted">—</span>')


def _unassigned() -> SafeString:
    return format_html('<span class="muted">{}</span>', gettext("Unassigned"))


def _due(member) -> SafeString:
    if not member.clock_state:
        return _NO_DUE
    if member.clock_state == ClockSummary.DUE:  # not soon: the date, no chip saying "Due"
        return format_html("{} {}", member.next_due_label, iso(member.next_due_on))
    label = member.get_clock_state_display()
    return format_html(
        _DUE, member.clock_state, label, label, member.next_due_label, iso(member.next_due_on)
    )


_RISK = '<span class="chip risk-{}">{}</span> <span class="score" title="Risk score">{}</span>'
_RISING = mark_safe(
    ' <span class="chip rising" title="Tier rose in the latest stratification">↑ Rising</span>'
)


def _risk(member) -> SafeString:
    """The tier, the score and whether it rose last night (risk/, copied onto Member)."""
    if not member.risk_tier:
        return format_html('<td data-risk="">{}</td>', _NO_DUE)
    tier = format_html(_RISK, member.risk_tier, member.get_risk_tier_display(), member.risk_score)
    return format_html(
        '<td data-risk="{}">{}{}</td>',
        member.risk_tier,
        tier,
        _RISING if member.risk_rising else "",
    )


def _enrolled(member) -> str:
    start = iso(member.enrollment_start)
    return f"{start} – {iso(member.enrollment_end)}" if member.enrollment_end else start


def _care_manager(member) -> SafeString:
    manager = member.care_manager
    if manager is None:
        return _unassigned()
    return format_html("{}", manager.get_full_name() or manager.username)


def _row(member, *, can_assign: bool, with_care_manager: bool, show_risk: bool) -> SafeString:
    select = (
        format_html(
            '<td><input type="checkbox" name="member_ids" value="{}" aria-label="Select {}, {}">'
            "</td>",
            member.pk,
            member.last_name,
            member.first_name,
        )
        if can_assign
        else ""
    )
    manager = format_html("<td>{}</td>", _care_manager(member)) if with_care_manager else ""
    return format_html(
        '<tr>{}<td><a href="{}">{}, {}</a></td><td class="mono">{}</td><td>{}</td><td>{}</td>'
        '<td><span class="chip {}">{}</span></td><td class="mono">{}</td><td>{}</td><td>{}</td>'
        "{}{}</tr>",
        select,
        member_url(member.pk),
        member.last_name,
        member.first_name,
        member.cin,
        iso(member.date_of_birth),
        member.county,
        member.program.lower(),
        member.program,
        member.plan_product,
        _enrolled(member),
        _due(member),
        _risk(member) if show_risk else "",
        manager,
    )


@register.simple_tag
def member_rows(members, *, can_assign: bool, mode: str, show_risk: bool = True) -> SafeString:
    """`{% member_rows page.object_list can_assign=can_assign mode=mode show_risk=... %}`: the
    <tr>s; without the risk cell for readers who may not see risk (CBO partners)."""
    return format_html_join(
        "\n",
        "{}",
        (
            (
                _row(
                    m,
                    can_assign=bool(can_assign),
                    with_care_manager=mode == "list",
                    show_risk=bool(show_risk),
                ),
            )
            for m in members
        ),
    )
