from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_centre, name="centre"),
    path("notifications/badge/", views.badge, name="badge"),
    path("notifications/<int:notification_id>/open/", views.open_notification, name="open"),
    path("notifications/read-all/", views.mark_all_read, name="read_all"),
    path("notifications/digest/", views.digest_preference, name="digest"),
]
