"""The portal's URLs plus `/bench/floor/`, used only by bench/http_settings.py.

The floor is the least a logged-in page can cost through the same middleware: session, user,
the user's roles, one query and a tiny template. The journey mix is measured against it.

`/bench/floor/member/<id>/` is the floor plus what every door onto a member's record must do
(the access layer's scope, capability and access-log row, a committed write): the least any
member page or section can cost, printed beside the floor so the mix's gap can be split into
what the audit trail costs and what the pages themselves cost.

`/bench/replay/<n>/` replays journey step n's SQL with no Python work (bench/http_replay.py): the
ceiling the journey's statements set, whatever the views' Python costs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from accounts import access
from accounts.roles import role_names
from audit.models import AccessLog
from bench.http_replay import replay
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


@login_required
def floor_member(request, member_id):
    member = access.access_member(request, member_id, log_as=AccessLog.View.MEMBER_PAGE)
    return HttpResponse(FLOOR_TEMPLATE.render({"roles": [member.cin[:2]], "caseload": 1}, request))


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/floor/member/<int:member_id>/", floor_member, name="bench_floor_member"),
    path("bench/replay/<int:index>/", login_required(replay), name="bench_replay"),
    *portal_urlpatterns,
]
