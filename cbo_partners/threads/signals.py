"""What the thread announces to the apps above it (notifications), sent after commit.

cbo_partners may not import notifications (it is the higher layer), so a posted message is
announced here with who should hear about it; notifications turns it into in-app notifications.
"""

from django.dispatch import Signal

# kwargs: member_id, recipient_ids (list[int]), key (str), title (str, names no member), link
message_posted = Signal()

# kwargs: user_id (int), key (str): the user has read the thread this key names
thread_read = Signal()
