from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared infrastructure"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import bounds
        from .sessions import mark_fresh_on_login

        bounds.install()
        user_logged_in.connect(mark_fresh_on_login, dispatch_uid="core.sessions.fresh_on_login")
