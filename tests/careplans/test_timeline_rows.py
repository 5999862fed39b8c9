"""careplans/templatetags/timeline_rows.py builds the timeline's entries in Python: the markup
must be what the template loop it replaced made, escaped alike, in the reader's language and
the plan's time zone."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

from members.timeline import TimelineEntry

# The loop templates/careplans/_timeline.html had before the tag (kept here as the reference).
TEMPLATE_LOOP = engines["django"].from_string(
    """{% load i18n %}    {% for entry in entries %}
    <li class="timeline-entry kind-{{ entry.kind }}">
      <time datetime="{{ entry.at|date:'c' }}">{% if entry.date_only %}{{ entry.at|date:"Y-m-d" }}{% else %}{{ entry.at|date:"Y-m-d H:i" }}{% endif %}</time>
      <strong>{{ entry.title }}</strong>
      {% if entry.detail %}<span class="detail">{{ entry.detail }}</span>{% endif %}
      {% if entry.actor %}<span class="muted">{% blocktranslate with who=entry.actor %}by {{ who }}{% endblocktranslate %}</span>{% endif %}
    </li>
    {% endfor %}
"""
)
TAG = engines["django"].from_string("{% load timeline_rows %}{% timeline_rows entries %}")

UTC = datetime.UTC
ENTRIES = [
    TimelineEntry(
        kind="contact",
        at=datetime.datetime(2026, 11, 30, 2, 15, tzinfo=UTC),  # the day before, in California
        date_only=False,
        title="Outreach: phone",
        detail='No answer <script>alert("x")</script> & left a message',
        actor="Ana O'Neil",
    ),
    TimelineEntry(
        kind="assessment_completed",
        at=timezone.make_aware(datetime.datetime(2026, 11, 2)),
        date_only=True,
        title="HRA completed",
        detail="",
        actor=None,
    ),
    TimelineEntry(
        "cbo_message",
        datetime.datetime(2026, 7, 4, 18, 0, tzinfo=UTC),
        False,
        "Message <b>",
        "",
        "Lee & Sons",
    ),
]


def _squeezed(html: str) -> list[str]:
    return [line.strip() for line in html.splitlines() if line.strip()]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_entries_are_the_markup_the_template_made(language):
    with translation.override(language):
        expected = TEMPLATE_LOOP.render({"entries": ENTRIES})
        built = TAG.render({"entries": ENTRIES})
    assert _squeezed(built) == _squeezed(expected)
    assert "&lt;script&gt;" in built and "<script>" not in built
    assert 'datetime="2026-11-29T18:15:00-08:00">2026-11-29 18:15<' in built  # the plan's zone


def test_no_entries_make_no_markup():
    assert TAG.render({"entries": []}) == ""
