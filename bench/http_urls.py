"""The portal's URLs plus `/bench/floor/`, used only by bench/http_settings.py.

The floor is the least a logged-in page can cost through the same middleware: session, user,
the user's roles, one query and a tiny template. The journey mix is measured against it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from accounts.roles import role_names
from calaim.urls import urlpatterns as portal_urlpatterns
from members.models import Member

FLOOR_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>floor</title><p>{{ user.username }} ({{ roles|join:', ' }}): "
    "{{ caseload }} members</p>"
)


@login_required
def floor(request):
    roles = sorted(role_names(request.user))
    caseload = Member.objects.filter(care_manager=request.user).count()
    return HttpResponse(FLOOR_TEMPLATE.render({"roles": roles, "caseload": caseload}, request))


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *portal_urlpatterns]
