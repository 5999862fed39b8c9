from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("eligibility/import/", views.clinical_upload, name="clinical_upload"),
]
