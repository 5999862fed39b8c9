"""Cheap filters for the rows of long lists (caseload, task list), where the generic ones cost.

Profiling the caseload page (bench/http_load.py) showed a `{% url %}` and three `|date` per row
taking a third of its Python time: `reverse()` walks the resolver for every row and `date`
formats through the locale machinery. These do the same for the one format the lists use.
"""

import datetime
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()
_PLACEHOLDER = 987654321


@register.filter
def iso(value: datetime.date | None) -> str:
    """A date as YYYY-MM-DD (what `|date:"Y-m-d"` gives), '' for none."""
    return value.isoformat() if value else ""


@lru_cache(maxsize=8)
def _member_url_pattern(script_prefix: str) -> str:
    url = reverse("members:detail", kwargs={"member_id": _PLACEHOLDER})
    return url.replace(str(_PLACEHOLDER), "{}")


@register.filter
def member_url(member_id: int) -> str:
    """The member page's URL, as `{% url 'members:detail' member_id %}`, reversed once."""
    return _member_url_pattern(get_script_prefix()).format(int(member_id))


@register.filter
def person(user, nobody: str = "—") -> str:
    """Who did something: the user's full name, else their username, else `nobody` (a command
    line or the schedule did it). `{{ job.requested_by|person:"command line" }}`.

    Spelled `a.b.get_full_name|default:a.b.username` instead, a template answers 500 when `a.b`
    is empty: Django resolves a filter's argument strictly (issue 13, bug 1).
    """
    if user is None:
        return nobody
    return user.get_full_name() or user.username
