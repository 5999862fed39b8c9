"""The project's URLs plus one that fails, to see the 500 page (its handlers come along)."""

from django.urls import path

from calaim.urls import *  # noqa: F403 - the whole URLconf, handler404 and handler500 too
from calaim.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fail/", fail), path("api/fail/", fail), *project_urlpatterns]
