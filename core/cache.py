"""A Redis cache that fails open: when Redis cannot be reached, reads miss and writes are dropped.

The cache holds nothing the portal cannot do without (API throttle counters, the clock refresh's
progress note), so an unreachable Redis must not turn every API call and the clock settings page
into a 500. Timeouts are short so a hung Redis costs a request at most about half a second.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _fail_open(method_name: str, fallback):
    parent = getattr(RedisCache, method_name)

    def method(self, *args, **kwargs):
        try:
            return parent(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            logger.warning("cache unavailable (%s): %s", method_name, type(error).__name__)
            return fallback(args, kwargs)

    method.__name__ = method_name
    method.__doc__ = parent.__doc__
    return method


def _default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class FailOpenRedisCache(RedisCache):
    get = _fail_open("get", _default)
    get_many = _fail_open("get_many", lambda args, kwargs: {})
    has_key = _fail_open("has_key", lambda args, kwargs: False)
    set = _fail_open("set", lambda args, kwargs: None)
    add = _fail_open("add", lambda args, kwargs: False)
    touch = _fail_open("touch", lambda args, kwargs: False)
    set_many = _fail_open("set_many", lambda args, kwargs: list(args[0]) if args else [])
    delete = _fail_open("delete", lambda args, kwargs: False)
    delete_many = _fail_open("delete_many", lambda args, kwargs: None)
    incr = _fail_open("incr", lambda args, kwargs: (args[1] if len(args) > 1 else 1))
    clear = _fail_open("clear", lambda args, kwargs: None)
