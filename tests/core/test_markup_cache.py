"""core/markup_cache.py: markup rendered once per key, and a full store emptied, not grown."""

from core.markup_cache import MarkupCache


def test_markup_is_rendered_once_per_key_and_a_full_store_starts_again():
    renders = []

    def render(text):
        def build():
            renders.append(text)
            return text

        return build

    cache = MarkupCache(limit=2)
    assert cache.get("en", render("<nav>en</nav>")) == "<nav>en</nav>"
    assert cache.get("en", render("never")) == "<nav>en</nav>"  # kept: not rendered again
    assert cache.get("es", render("<nav>es</nav>")) == "<nav>es</nav>"
    assert cache.get("tl", render("<nav>tl</nav>")) == "<nav>tl</nav>"  # full: emptied first
    assert cache.get("en", render("<nav>en again</nav>")) == "<nav>en again</nav>"
    assert renders == ["<nav>en</nav>", "<nav>es</nav>", "<nav>tl</nav>", "<nav>en again</nav>"]


def test_an_unbound_forms_fields_are_kept_and_a_bound_forms_rendered_each_time():
    from django import forms

    class NoteForm(forms.Form):
        note = forms.CharField()

    renders = []

    def render(form):
        renders.append(form.is_bound)
        return f"<p>{form['note'].value()}</p>"

    cache = MarkupCache(limit=4)
    assert cache.form_fields(NoteForm(), "en", render) == "<p>None</p>"
    assert cache.form_fields(NoteForm(), "en", render) == "<p>None</p>"  # kept
    assert cache.form_fields(NoteForm({"note": "mine"}), "en", render) == "<p>mine</p>"
    assert renders == [False, True]  # the unbound form once; the bound one not from the store
