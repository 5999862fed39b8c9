"""Values kept per process for a key that says everything they depend on.

Some things a request makes are the same for every request that shares a few facts: the main
navigation's markup for a set of capabilities and a language, the task list's compiled SQL for a
reader, an owner and a day. Making them again on every request was a real share of short pages'
Python time (bench/http_load.py, issue 14). The key must hold everything the value depends on,
and the value nothing about a member. The store is cleared when it fills, so an unexpected
variety of keys costs remaking, never memory.
"""

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class KeptPerKey(Generic[Value]):
    def __init__(self, limit: int):
        self._kept: dict[Hashable, Value] = {}
        self._limit = limit

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value kept for `key`, made by `make()` the first time."""
        value = self._kept.get(key)
        if value is None:
            if len(self._kept) >= self._limit:
                self._kept.clear()
            value = self._kept[key] = make()
        return value

    def clear(self) -> None:
        """Forget every value (what they were made from changed)."""
        self._kept.clear()
