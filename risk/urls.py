from django.urls import path

from . import member_views, views

app_name = "risk"
urlpatterns = [
    path("risk/runs/", views.runs, name="runs"),
    path("risk/runs/<int:stratification_id>/", views.run_detail, name="run"),
    path("risk/rising/", views.rising, name="rising"),
    path("members/<int:member_id>/risk/", member_views.member_risk, name="member_section"),
]
