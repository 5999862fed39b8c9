"""Login, second-factor and token forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError

from . import lockout


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's growing delays (accounts.lockout), and bounds
    on both fields like every form (core/bounds.py): a username is at most the model's 150
    characters, a password at most 4,096 (longer ones only cost hashing time)."""

    username = UsernameField(max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        try:
            lockout.check_not_delayed(username)
        except lockout.LoginDelayed as delayed:
            raise ValidationError(str(delayed), code="delayed") from None
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if any(e.code == "invalid_login" for e in error.error_list):
                lockout.record_failure(username)
            raise
        lockout.record_success(username)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=10,
        help_text="After adding the account, type the 6-digit code the app shows.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
