"""`make run`'s demo threads: the plan care manager has unread CBO replies, once."""

from django.core.management import call_command

from accounts.models import User
from cbo_partners.models import Message
from cbo_partners.threads import selectors
from notifications.models import Notification


def test_seed_demo_threads_leaves_unread_replies_for_the_plan_once(
    db, capsys, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--members", "60")
    call_command("seed_demo_cbo")  # the demo's assignments and consents, as `make demo` runs
    capsys.readouterr()

    with django_capture_on_commit_callbacks(execute=True):  # the command runs in autocommit
        call_command("seed_demo_threads")
    first = Message.objects.count()
    call_command("seed_demo_threads")

    assert "Demo threads: 0 messages posted." in capsys.readouterr().out.splitlines()[-1]
    assert first == Message.objects.count() == 12  # 3 messages x 2 members x 2 CBOs
    garcia = User.objects.get(username="cm.garcia")
    assert selectors.unread_count(garcia) == 8  # the CBOs' replies
    eastside = User.objects.get(username="cbo.eastside")
    assert selectors.unread_count(eastside) == 0  # replying read the plan's message
    assert Notification.objects.filter(user=garcia, kind="message").count() == 4
