from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("account/two-step/", views.mfa_verify, name="mfa_verify"),
    path("account/two-step/set-up/", views.mfa_enroll, name="mfa_enroll"),
    path("account/security/", views.security, name="security"),
    path("account/language/", views.language, name="language"),
    path("account/security/backup-codes/", views.backup_codes, name="backup_codes"),
    path("account/tokens/new/", views.token_create, name="token_create"),
    path("account/tokens/<str:token_key>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/users/", views.users, name="users"),
    path(
        "account/users/<int:user_id>/reset-two-step/", views.user_mfa_reset, name="user_mfa_reset"
    ),
]
