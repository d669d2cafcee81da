"""The terminal report's own table layout: every line fits, nothing is lost, ids stay whole."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from reconcile.render.terminal import TerminalRenderer, _wrap

from .conftest import PORT

QUOTES = ["Ten drones hit the plant", "日本語の引用文がここにあります、とても長い文章です", "a" * 300,
          "“Quoted” — with dashes · and dots…", "Ünïcödé wörds ánd ąccents on every word here"]


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
@pytest.mark.parametrize("color", [False, True])
def test_every_line_fits_and_every_word_is_shown(report, width, color):
    claims = [c.model_copy(update={"quote": QUOTES[n % len(QUOTES)]}) for n, c in enumerate(report.claims)]
    report = report.model_copy(update={"claims": claims})
    renderer = TerminalRenderer(color=color, width=width)
    for out in (renderer.render(report), renderer.render_incidents(report),
                renderer.render_incident(report, PORT)):
        plain = out if not color else __import__("re").sub(r"\x1b\[[0-9;]*m", "", out)
        assert max(cell_len(line) for line in plain.splitlines()) <= width
    if width >= 80 and not color:
        words = set(renderer.render(report).replace("“", " ").replace("”", " ").split())
        for quote in (QUOTES[0], QUOTES[4]):
            assert set(quote.split()) <= words  # wrapped, never dropped


def test_incident_ids_are_not_broken_at_the_usual_width(report):
    out = TerminalRenderer(color=False, width=120).render_incidents(report)
    assert any(line.startswith(f"  {PORT} ") for line in out.splitlines())


def test_wrapping_keeps_styles_and_folds_long_words():
    line = [("two ", ""), ("contradictions", "red"), (", ", ""), ("x" * 12, "bold")]
    wrapped = _wrap(line, 10)
    assert ["".join(t for t, _ in piece) for piece in wrapped] == ["two", "contradict", "ions,", "xxxxxxxxxx", "xx"]
    assert wrapped[1] == [("contradict", "red")] and wrapped[2] == [("ions", "red"), (",", "")]


def test_colour_codes_are_not_repeated_for_each_word(report):
    out = TerminalRenderer(color=True, width=200).render(report)
    assert "\x1b[3m“Governor Ilya Marsh said three people died when the warehouse burned.”\x1b[0m" in out
