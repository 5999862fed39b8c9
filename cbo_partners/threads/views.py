"""Pages of the plan<->CBO thread: the member page's "Messages with the CBO" section, the
thread itself (read and post), attachment downloads, the Messages inbox and its badge.

Thin: the access module scopes and logs, selectors read, services write. There is no edit or
delete route: messages are never changed (corrections are new messages).
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access as access_layer
from accounts.access import Capability

from . import access, selectors, services
from .forms import MessageForm


@login_required
@require_GET
def member_section(request, member_id: int):
    """The member page's section: each CBO assignment the user may open, with unread counts."""
    member = access.member_for_thread(request, member_id)
    rows = [
        (assignment, place, getattr(assignment, "thread", None))
        for assignment, place in access.assignments_in_view(request.user, member)
    ]
    thread_ids = [thread.pk for _, _, thread in rows if thread is not None]
    unread = selectors.unread_by_thread(request.user, thread_ids) if thread_ids else {}
    context = {
        "member": member,
        "rows": [
            (assignment, place, unread.get(thread.pk, 0) if thread else 0)
            for assignment, place, thread in rows
        ],
    }
    template = (
        "cbo_partners/threads/_section.html"
        if request.htmx
        else "cbo_partners/threads/section_page.html"
    )
    return render(request, template, context)


def _form(request, member, place, data=None, files=None) -> MessageForm | None:
    if not place.may_post:
        return None
    return MessageForm(data, files, tasks=selectors.member_tasks(member), offer_sud=place.sees_sud)


def _render_thread(request, member, assignment, place, *, form=None, status=200):
    thread = services.open_thread(assignment=assignment)
    shown = list(selectors.thread_messages(thread, place))
    if shown:
        services.read_thread(thread=thread, user=request.user, up_to=shown[-1].sent_at)
    context = {
        "member": member,
        "assignment": assignment,
        "place": place,
        "thread": thread,
        "thread_messages": shown,
        "form": form or _form(request, member, place),
        "part2_notice": place.needs_redisclosure_notice and any(m.sud for m in shown),
    }
    return render(request, "cbo_partners/threads/thread.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, member_id: int, assignment_id: int):
    """The thread: read (which marks it read) and, for its participants, post."""
    capability = Capability.MESSAGE_CBO if request.method == "POST" else Capability.VIEW_MEMBER
    member, assignment, place = access.assignment_in_thread(
        request, member_id, assignment_id, capability=capability
    )
    if request.method == "GET":
        return _render_thread(request, member, assignment, place)
    form = _form(request, member, place, request.POST, request.FILES)
    if form is None:
        raise Http404  # a reader (a plan admin) has no form to post
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.post_message(
                assignment=assignment,
                member=member,
                author=request.user,
                place=place,
                body=data["body"],
                task_id=data.get("task") or None,
                sud=data.get("sud", False),
                files=data["attachments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            flash.success(request, "Message sent.")
            return redirect("cbo_threads:thread", member.pk, assignment.pk)
    return _render_thread(request, member, assignment, place, form=form, status=422)


@login_required
@require_GET
def attachment(request, member_id: int, assignment_id: int, attachment_id: int):
    """An attachment, always as a download (never shown inline in the portal's origin)."""
    _member, assignment, place = access.assignment_in_thread(request, member_id, assignment_id)
    found = selectors.attachment_for(assignment, place, attachment_id)
    if found is None:
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def inbox(request):
    """The user's threads with their unread counts; the page logs the members it names."""
    access_layer.require(request.user, Capability.VIEW_MEMBER)
    page = selectors.inbox_page(request.user, page_number=request.GET.get("page"))
    access.record_inbox_shown(request, [t.member_id for t in page.object_list])
    return render(request, "cbo_partners/threads/inbox.html", {"page": page})


@login_required
@require_GET
def badge(request):
    """The navigation's "Messages" link with the unread count, loaded by htmx after the page."""
    may_read = access_layer.may(request.user, Capability.VIEW_MEMBER)
    count = selectors.unread_count(request.user) if may_read else 0
    return render(request, "cbo_partners/threads/_badge.html", {"count": count})
