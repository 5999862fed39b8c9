from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications and reminders"

    def ready(self) -> None:
        from cbo_partners.grants import access_ended
        from jobs.registry import Job, on_failure, register

        from . import thread_messages  # noqa: F401 - notifies a new plan<->CBO message
        from .cbo_access import notify_plan_care_managers
        from .job_failures import notify_plan_admins

        register(Job("reminders", "Outreach reminders", "notifications.tasks.send_reminders_task",
                     "daily 06:30", order=40))  # fmt: skip
        on_failure(notify_plan_admins)
        access_ended.connect(notify_plan_care_managers, dispatch_uid="notifications.cbo_access")
