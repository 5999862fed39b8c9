from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications and reminders"

    def ready(self) -> None:
        from jobs.registry import Job, on_failure, register

        from . import thread_messages  # noqa: F401 - notifies a new plan<->CBO message
        from .job_failures import notify_plan_admins

        register(Job("reminders", "Outreach reminders", "notifications.tasks.send_reminders_task",
                     "daily 06:30", order=40))  # fmt: skip
        on_failure(notify_plan_admins)
