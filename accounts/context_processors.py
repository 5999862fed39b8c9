"""What the navigation shows, read from the access layer's capability table (the same answers
the pages give: a link is shown exactly when its page would not answer 404)."""

from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.markup_cache import MarkupCache

from . import mfa
from .access import Capability, may

# The main navigation's markup by (capabilities, language, URLs): it shows nothing else (no
# name, no member), and there are a few role combinations and two languages. Rendering it was
# a third of a short page's template time (bench/http_load.py).
_NAV_HTML = MarkupCache(limit=256)


class _NavigationHtml:
    """templates/_nav.html for these capabilities, rendered on first use (pages that show no
    navigation, like htmx fragments, never render it) and then taken from _NAV_HTML."""

    def __init__(self, nav: dict[str, bool]):
        self.nav = nav

    def __html__(self) -> SafeString:
        key = (
            frozenset(name for name, allowed in self.nav.items() if allowed),
            get_language(),
            get_script_prefix(),
            get_urlconf(),
        )
        return _NAV_HTML.get(key, self._render)

    def _render(self) -> SafeString:
        html = render_to_string("_nav.html", {"nav": self.nav}).strip()
        return mark_safe(html)  # noqa: S308 - a template's output, trimmed

    __str__ = __html__


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav = {capability.value: may(user, capability) for capability in Capability}
    return {
        "nav": nav,
        "nav_html": _NavigationHtml(nav),
        "otp_verified": mfa.is_verified(request),
    }
