from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("imports/<int:job_id>/", views.import_job, name="import_job"),
    path(
        "imports/<int:job_id>/problems.txt",
        views.import_problems_report,
        name="import_problems_report",
    ),
    path("imports/<int:job_id>/retry/", views.import_job_retry, name="import_job_retry"),
]
