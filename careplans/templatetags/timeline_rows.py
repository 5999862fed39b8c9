"""The entries of a member's timeline, rendered in Python.

The contacts section (and every contact saved, which answers with it) lists a page of 20
entries, each with three date filters, a translation and a `blocktranslate`; through the template
engine that was the largest share of the section's Python time (bench/http_load.py, issue 14).
The same markup built in Python (core/html_rows.py) costs a fraction; every value is still
escaped, and dates are shown in the current time zone as the `date` filter shows them.
"""

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.html_rows import escaped, html_format, html_rows

register = template.Library()

_ENTRY = (
    '    <li class="timeline-entry kind-{}">\n'
    '      <time datetime="{}">{}</time>\n'
    "      <strong>{}</strong>\n"
    "      {}\n"
    "      {}\n"
    "    </li>\n"
)


def _by(actor: str) -> SafeString:
    """`{% blocktranslate with who=entry.actor %}by {{ who }}{% endblocktranslate %}`: the
    actor escaped, the translation as written."""
    said = gettext("by %(who)s") % {"who": escaped(actor)}
    return html_format('<span class="muted">{}</span>', mark_safe(said))  # noqa: S308


def _cells(entry) -> tuple:
    at = timezone.localtime(entry.at) if timezone.is_aware(entry.at) else entry.at
    # What `|date:"c"` and `|date:"Y-m-d"` / `"Y-m-d H:i"` give (years from 1900 on), without
    # Django's format parser: it was half of this tag's time.
    shown = at.strftime("%Y-%m-%d" if entry.date_only else "%Y-%m-%d %H:%M")
    return (
        entry.kind,
        at.isoformat(),
        shown,
        entry.title,
        html_format('<span class="detail">{}</span>', entry.detail) if entry.detail else "",
        _by(entry.actor) if entry.actor else "",
    )


@register.simple_tag
def timeline_rows(entries) -> SafeString:
    """`{% timeline_rows timeline.object_list %}`: one <li> per entry."""
    return html_rows(_ENTRY, (_cells(entry) for entry in entries))
