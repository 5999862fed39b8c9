"""Bounds every typed-in value gets, in every form and serializer, without a copy per field.

Fields say what their domain needs (a reason of 300 characters, a duration of at most a day);
this module is the floor under all of them, installed once from CoreConfig.ready() as the
default validators of the framework's field classes, so a field nobody thought about cannot
500 at the database or store a novel:

- whole numbers within PostgreSQL's integer range (2**31 and beyond used to answer 500);
- text at most INPUT_MAX_TEXT_LENGTH characters, lists at most INPUT_MAX_LIST_ITEMS items;
- dates and times on or after 1900-01-01 (no date a care manager records is earlier).

Whole request bodies are capped too: core.middleware.RequestBodyLimitMiddleware answers 413 to a
JSON or form body over DATA_UPLOAD_MAX_MEMORY_SIZE before a parser reads it.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from rest_framework import serializers

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
EARLIEST_DATE = datetime.date(1900, 1, 1)


@deconstructible
class NotBefore1900(MinValueValidator):
    """Refuses a date, or a datetime's date, before 1900-01-01."""

    message = "Enter a date on or after 1900-01-01."

    def __init__(self):
        super().__init__(EARLIEST_DATE, message=self.message)

    def clean(self, x):
        return x.date() if isinstance(x, datetime.datetime) else x


not_before_1900 = NotBefore1900()


def _text_limit() -> MaxLengthValidator:
    return MaxLengthValidator(settings.INPUT_MAX_TEXT_LENGTH)


def _list_limit() -> MaxLengthValidator:
    return MaxLengthValidator(
        settings.INPUT_MAX_LIST_ITEMS,
        message="Send at most %(limit_value)d items (this list has %(show_value)d).",
    )


def default_validators() -> dict[type, list]:
    """Field class -> the validators every instance of it starts with."""
    number = [MinValueValidator(INT_MIN), MaxValueValidator(INT_MAX)]
    return {
        forms.IntegerField: number,
        forms.CharField: [_text_limit()],
        forms.DateField: [not_before_1900],
        forms.DateTimeField: [not_before_1900],
        serializers.IntegerField: number,
        serializers.CharField: [_text_limit()],
        serializers.DateField: [not_before_1900],
        serializers.DateTimeField: [not_before_1900],
        serializers.ListField: [_list_limit()],
    }


_installed = False


def install() -> None:
    """Give the framework's field classes the defaults above (called once at start-up)."""
    global _installed
    if _installed:
        return
    for field_class, validators in default_validators().items():
        field_class.default_validators = [*field_class.default_validators, *validators]
    _installed = True
