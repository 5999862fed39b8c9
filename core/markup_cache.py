"""Markup kept per process for a key that says everything it depends on (core/kept_per_key.py).

The main navigation for a set of capabilities and a language, an unbound form's fields for a
program's choices: rendering them through the template engine on every request was a real share
of short pages' Python time (issue 14). The markup must hold nothing about a member.
"""

from collections.abc import Callable, Hashable

from django.utils.safestring import SafeString

from core.kept_per_key import KeptPerKey


class MarkupCache(KeptPerKey[SafeString]):
    """Rendered fragments kept per key; `get(key, render)` renders the first time."""

    def form_fields(
        self, form, key: Hashable, render: Callable[[object], SafeString]
    ) -> SafeString:
        """A form's fields: kept per `key` while unbound (the same for every member), rendered
        each time once bound (the reader's own values and messages)."""
        if form.is_bound:
            return render(form)
        return self.get(key, lambda: render(form))
