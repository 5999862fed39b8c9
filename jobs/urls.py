from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.nightly_jobs, name="nightly"),
    path("jobs/<slug:job_name>/run/", views.run_job_now, name="run_now"),
]
