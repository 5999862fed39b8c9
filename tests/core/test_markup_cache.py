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
