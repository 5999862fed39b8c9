from .selectors import unread_count


def unread_notifications(request) -> dict:
    """The unread count in the top bar: one COUNT over a partial index, lazily evaluated."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
