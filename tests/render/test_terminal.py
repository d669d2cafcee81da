"""The rich terminal renderer: tables present, contradictions first, untrusted text inert."""

from __future__ import annotations

import io

import pytest

from reconcile.errors import ReconcileError
from reconcile.render.terminal import TerminalRenderer, use_color
from reconcile.render.text import clip, safe_text

from .conftest import DEPOT, PORT

WIDE = 400  # wide enough that no quote or markup is wrapped across lines


def plain(width: int = WIDE) -> TerminalRenderer:
    return TerminalRenderer(color=False, width=width)


def section(text: str, start: str, end: str | None = None) -> str:
    """The part of TEXT from the line containing START up to END (or the end)."""
    begin = text.index(start)
    stop = text.index(end, begin) if end else len(text)
    return text[begin:stop]


# -- the full report


def test_report_has_overview_incident_sections_and_untied_findings(report):
    out = plain().render(report)
    assert "2 sources · 2 incidents · 7 claims · 5 findings" in out
    assert "Incidents" in out
    port = out.index("Drone strike on the river port, Harbor City")
    depot = out.index("Fuel depot fire, Steppe Town")
    untied = out.index("Not tied to an incident")
    # Incidents in date order (the fixture lists them the other way round), untied findings last
    assert port < depot < untied
    assert "grade: contested" in out and "grade: weak" in out


def test_report_heading_shows_figure_summary(report):
    out = plain().render(report)
    assert "killed people: low 5 · best 8.5 · high 12  (2 origins)" in out
    assert "downed drones: low 6 · best 6 · high 6" in out


def test_report_contradictions_come_first_within_an_incident(report):
    port = section(plain().render(report), "Drone strike on the river port", "Fuel depot fire")
    kinds = [port.index(kind) for kind in ("contradiction", "revision", "agreement")]
    assert kinds == sorted(kinds)


def test_report_rows_name_speaker_party_outlet_date_and_reason(report):
    port = section(plain().render(report), "Drone strike on the river port", "Fuel depot fire")
    for text in ("Governor Ilya Marsh", "russia-official", "Defence Ministry", "ukraine-official",
                 "Steppe Courier", "2024-05-03 09:30", "Harbor Gazette", "killed people 12",
                 "disjoint intervals", "opposing",
                 "independent", "“By morning the governor counted five dead.”"):
        assert text in port, text


def test_report_outlets_own_voice_when_no_speaker(report):
    untied = section(plain().render(report), "Not tied to an incident")
    assert "unsourced" in untied
    assert "(outlet's own voice)" in untied
    assert "Four homes nearby were left without windows." in untied


def test_report_shortens_long_quotes(report):
    long_quote = "The spokesman went on at length " + "and on " * 60 + "about it."
    claims = [c.model_copy(update={"quote": long_quote}) if c.id == "c1" else c for c in report.claims]
    out = plain().render(report.model_copy(update={"claims": claims}))
    assert "about it." not in out
    assert "…”" in out


# -- untrusted text


def test_rich_markup_in_quotes_is_shown_literally(report):
    for out in (plain().render(report), plain().render_incident(report, PORT)):
        assert "[bold red]x[/bold red]" in out
        assert "[link=http://evil.example]click[/link]" in out
        assert "<script>alert(1)</script>" in out


def test_markup_is_not_interpreted_even_in_colour(report):
    out = TerminalRenderer(color=True, width=WIDE).render(report)
    assert "[bold red]x[/bold red]" in out
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink was created from [link=...]


@pytest.mark.parametrize("color", [False, True])
def test_escape_sequences_from_articles_never_reach_the_terminal(report, color):
    renderer = TerminalRenderer(color=color, width=WIDE)
    outputs = [renderer.render(report), renderer.render_incident(report, PORT, why=True)]
    for out in outputs:
        assert "\x1b[31mnot 3" not in out
        assert "\x07" not in out
        assert "not 3␇" in out  # the bell is made visible, not rung


def test_untrusted_speaker_outlet_and_label_are_sanitised(report):
    claims = [c.model_copy(update={"speaker": "Evil [red]Speaker[/red]\x1b[2J"}) if c.id == "c2" else c
              for c in report.claims]
    sources = [s.model_copy(update={"outlet": "Bad\rOutlet\x1b]0;pwned\x07"}) for s in report.sources]
    incidents = [i.model_copy(update={"label": "Label [blink]x[/blink]\x9b5m"}) for i in report.incidents]
    hostile = report.model_copy(update={"claims": claims, "sources": sources, "incidents": incidents})
    renderer = TerminalRenderer(color=True, width=WIDE)
    for out in (renderer.render(hostile), renderer.render_incident(hostile, PORT),
                renderer.render_sources(hostile), renderer.render_incidents(hostile)):
        assert "\x1b[2J" not in out and "\x1b]0;" not in out and "\x9b" not in out and "\r" not in out
    assert "Evil [red]Speaker[/red]" in renderer.render(hostile)
    assert "Label [blink]x[/blink]" in renderer.render(hostile)
    assert "Bad Outlet" in renderer.render_sources(hostile)


# -- colour


def test_plain_output_has_no_ansi_codes(report):
    renderer = plain(120)
    for out in (renderer.render(report), renderer.render_incidents(report),
                renderer.render_incident(report, PORT, why=True), renderer.render_sources(report)):
        assert "\x1b" not in out


def test_colour_output_styles_finding_kinds(report, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = TerminalRenderer(color=True, width=120).render(report)
    assert "\x1b[" in out
    assert "\x1b[1;31mcontradiction" in out  # bold red


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_follows_the_terminal_and_no_color(report, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout", _Tty())
    assert use_color() is True
    assert "\x1b[" in TerminalRenderer(width=120).render(report)

    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color() is False
    assert "\x1b" not in TerminalRenderer(width=120).render(report)

    # An empty NO_COLOR does not count (https://no-color.org)
    monkeypatch.setenv("NO_COLOR", "")
    assert use_color() is True


def test_no_colour_when_stdout_is_not_a_terminal(report, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout", io.StringIO())
    renderer = TerminalRenderer()
    assert renderer.color is False and renderer.width == 120
    assert "\x1b" not in renderer.render(report)


def test_lines_fit_the_width(report):
    for width in (80, 120):
        out = plain(width).render(report)
        assert max(len(line) for line in out.splitlines()) <= width


# -- the other views


def test_incidents_lists_one_row_per_incident(report):
    out = plain().render_incidents(report)
    rows = [line for line in out.splitlines() if PORT in line or DEPOT in line]
    assert len(rows) == 2
    assert "contested" in rows[0] and "1 contradiction, 1 revision, 1 agreement" in rows[0]
    assert "Harbor City" in rows[0] and "2024-05-02" in rows[0]
    assert "weak" in rows[1] and "1 unverified" in rows[1]
    assert "1 finding not tied to an incident" in out


def test_incident_shows_figures_claims_and_findings(report):
    out = plain().render_incident(report, PORT)
    assert "Drone strike on the river port, Harbor City" in out
    assert "places: Harbor City" in out
    figures = section(out, "Figures", "Claims")
    assert "conservative" in figures and "8.5" in figures
    claims = section(out, "Claims", "kind")
    for claim_id in ("c1", "c2", "c3", "c4", "c5"):
        assert f"  {claim_id}  " in claims
    assert "c6" not in claims  # another incident's claim
    assert out.index("contradiction") < out.index("revision") < out.index("agreement")
    assert "Why these claims joined" not in out


def test_incident_why_shows_the_evidence(report):
    out = plain().render_incident(report, PORT, why=True)
    assert "Why these claims joined" in out
    assert "c2: place Harbor City matches the port, 1 day apart" in out


def test_incident_unknown_id_is_an_error(report):
    with pytest.raises(ReconcileError, match="no incident 'nope'"):
        plain().render_incident(report, "nope")


def test_sources_table(report):
    out = plain().render_sources(report)
    rows = [line for line in out.splitlines() if "sources/" in line]
    assert len(rows) == 2
    assert "harbor-gazette-2024-05-02" in rows[0] and "independent-media" in rows[0] and " 3 " in rows[0]
    assert "Steppe Courier" in rows[1] and "2024-05-03 09:30" in rows[1] and " 4 " in rows[1]


def test_output_is_deterministic(report, shuffled_report):
    renderer = plain(120)
    assert renderer.render(report) == renderer.render(report) == renderer.render(shuffled_report)
    assert renderer.render_incident(report, PORT, why=True) == renderer.render_incident(shuffled_report, PORT,
                                                                                        why=True)
    assert renderer.render_sources(report) == renderer.render_sources(shuffled_report)


def test_empty_report():
    from reconcile.models import Report

    out = plain().render(Report(sources=[], claims=[], incidents=[], findings=[]))
    assert "No incidents." in out


# -- safe_text


@pytest.mark.parametrize(("raw", "shown"), [
    ("plain text", "plain text"),
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "click"),  # OSC 8 hyperlink
    ("\x1b]0;window title\x1b\\after", "after"),
    ("\x9b2Jclear", "clear"),  # 8-bit CSI
    ("ring\x07", "ring␇"),
    ("nul\x00", "nul␀"),
    ("line\nbreak\r\nand\rreturn\ttab", "line break and return tab"),
    ("del\x7f", "del␡"),
    ("next\x85line", "next line"),
    ("c1\x90x", "c1"),  # a DCS string runs to its terminator, and is dropped with it
    ("\u202eevil", "\ufffdevil"),
    ("Київ — Kyiv “quoted”", "Київ — Kyiv “quoted”"),
    (None, ""),
])
def test_safe_text(raw, shown):
    assert safe_text(raw) == shown


def test_clip_cuts_at_a_word():
    assert clip("one two three four", 12) == "one two…"
    assert clip("  spaced\n\nout  ", None) == "spaced out"
    assert clip("short", 10) == "short"
