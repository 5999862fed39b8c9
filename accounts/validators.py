"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

import re

from django.core.exceptions import ValidationError


class NotContainingNamesValidator:
    """Refuse a password that contains the user's first name, last name or username.

    Django's UserAttributeSimilarityValidator compares the whole password with each attribute,
    so "ana.garcia.2026" passes for Ana Garcia (neither "Ana" nor "Garcia" is similar enough to
    the whole string). Names of three letters or more are looked for inside the password,
    ignoring case and punctuation. OWASP ASVS 2.1.
    """

    MIN_PART = 3

    def _parts(self, user) -> set[str]:
        words = set()
        for attribute in ("first_name", "last_name", "username"):
            value = getattr(user, attribute, "") or ""
            words.update(
                w for w in re.split(r"[^a-z0-9]+", value.lower()) if len(w) >= self.MIN_PART
            )
        return words

    def validate(self, password, user=None):
        if user is None:
            return
        squashed = re.sub(r"[^a-z0-9]+", "", password.lower())
        for part in sorted(self._parts(user)):
            if part in squashed:
                raise ValidationError(
                    "The password must not contain your name or username.",
                    code="password_contains_name",
                )

    def get_help_text(self):
        return "Your password must not contain your name or username."
