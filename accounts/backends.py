"""Signing in with a username and password, and loading the signed-in user on each request.

The user is loaded with their organisation and the names of their role groups in one query:
every page asks the access layer what the user may do (roles and organisation kind) and the
navigation shows the organisation's name, which used to cost two more queries per request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.postgres.aggregates import ArrayAgg


class UserWithRolesBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("organization")
            .annotate(role_list=ArrayAgg("groups__name", distinct=True, default=[]))
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(name for name in user.role_list if name)
        return user
