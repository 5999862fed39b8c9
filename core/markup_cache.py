"""Markup kept per process for a key that says everything it depends on.

Some fragments are the same for every reader who shares a few facts: the main navigation for
a set of capabilities and a language, an unbound form's fields for a program's choices. Rendering
them through the template engine on every request was a real share of short pages' Python time
(bench/http_load.py, issue 14). The key must hold everything the markup depends on, and the
markup nothing about a member. The store is cleared when it fills, so an unexpected variety of
keys costs renders, never memory.
"""

from collections.abc import Callable, Hashable

from django.utils.safestring import SafeString


class MarkupCache:
    def __init__(self, limit: int):
        self._kept: dict[Hashable, SafeString] = {}
        self._limit = limit

    def get(self, key: Hashable, render: Callable[[], SafeString]) -> SafeString:
        """The markup kept for `key`, rendered by `render()` the first time."""
        html = self._kept.get(key)
        if html is None:
            if len(self._kept) >= self._limit:
                self._kept.clear()
            html = self._kept[key] = render()
        return html
