"""The route checks' fixtures (fixtures.py), for every module of this package."""

from .fixtures import outside_kwargs, url_kwargs, users  # noqa: F401
