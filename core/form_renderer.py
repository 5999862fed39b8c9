"""The form renderer: Django's own widget templates, with the common widgets built in Python.

Every `{{ field }}` renders its widget through a template, and a <select> includes one template
per option and another per option's attributes: a contact form of nine fields cost about 2 ms
of the contacts section's Python (bench/http_load.py, issue 14). The input, textarea, select
and option templates below produce the same markup as Django's (tests/core/test_form_renderer.py
renders every case both ways), escaped alike; any other template, and a select whose options
use another template, still goes through Django's templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
_OPTION = _WIDGETS + "select_option.html"


def _as_s(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it was safe."""
    return str(value) if isinstance(value, SafeData) else conditional_escape(str(value))


def _shown(value) -> str:
    """`{{ value }}`: localized, then escaped."""
    return conditional_escape(localize(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: True is a bare attribute, False none at all."""
    return "".join(
        f" {_shown(name)}" + ("" if value is True else f'="{_as_s(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_as_s(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _option(option: dict) -> str:
    """select_option.html, with the line end its file has (kept inside a <select>)."""
    value, label = _as_s(option["value"]), _shown(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None  # an option template of its own: Django renders the select
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime",
    "time", "checkbox", "search", "tel", "color",
)  # fmt: skip
_IN_PYTHON = {
    **{f"{_WIDGETS}{name}.html": _input for name in _INPUTS},
    _WIDGETS + "textarea.html": _textarea,
    _WIDGETS + "select.html": _select,
    _OPTION: _option,
}


class PortalFormRenderer(DjangoTemplates):
    """FORM_RENDERER: the widgets above in Python, everything else through Django's templates."""

    def render(self, template_name, context, request=None):
        build = _IN_PYTHON.get(template_name)
        html = build(context["widget"]) if build else None
        if html is None:
            return super().render(template_name, context, request)
        return mark_safe(html.strip())  # noqa: S308 (every value above is escaped)
