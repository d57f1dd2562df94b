"""How a PDF link states its size (core/pdf_files.py), and the cache that serves the bytes the page measured."""

from __future__ import annotations

import pytest
from flask import Flask

from core.extensions import babel
from core.pdf_files import RenderCache, pdf_size
from tests.crawl import size_label


@pytest.fixture(scope="module")
def babel_app():
    app = Flask(__name__)
    babel.init_app(app, locale_selector=lambda: "en")
    return app


@pytest.mark.parametrize("size, label", [(1, "1 KB"), (1024, "1 KB"), (1025, "2 KB"), (122_880, "120 KB"),
                                         (1_048_575, "1,024 KB"), (1_048_576, "1 MB"), (1_258_291, "1.2 MB")])
def test_sizes_are_rounded_up_to_whole_kilobytes_then_megabytes(babel_app, size, label):
    with babel_app.test_request_context():
        assert pdf_size(size) == f"PDF, {label}"
    assert size_label(size) == label  # the crawl test reads sizes the same way


def test_the_cache_renders_once_per_key_and_forgets_the_oldest():
    cache, calls = RenderCache(2), []

    def render(name):
        return lambda: calls.append(name) or name.encode()

    assert cache.get_or_render("a", render("a")) == b"a"
    assert cache.get_or_render("a", render("a")) == b"a"
    cache.get_or_render("b", render("b"))
    cache.get_or_render("c", render("c"))  # "a" is the oldest: dropped
    cache.get_or_render("a", render("a"))
    assert calls == ["a", "b", "c", "a"]

