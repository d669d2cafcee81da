"""The Markdown renderer: sections and attribution, escaping of untrusted text, `only`, determinism."""

from __future__ import annotations

import re

import pytest

from reconcile.models import Report
from reconcile.render.markdown import MarkdownRenderer, parse_only
from reconcile.render.text import md_cell, md_escape, md_url

from .conftest import HOSTILE_QUOTE

GAZETTE_URL = "https://harbor.example/night%20attack%20%28update%29"
SECTION_ORDER = ["## Summary", "## Contradictions", "## Revisions", "## Agreements", "## Unverified",
                 "## Unsourced", "## Sources"]


@pytest.fixture
def md(report) -> str:
    return MarkdownRenderer().render(report)


def section(text: str, heading: str) -> str:
    """The body of the `## heading ...` section, up to the next `## `."""
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


# -- structure


def test_title_and_scope(md):
    # the title says what the report covers and whether accounts contradict (#22)
    assert md.startswith("# Harbor City, Steppe Town, 2024-05-02 to 2024-05-03: 1 contradiction\n")
    assert "by reconcile from 2 sources: 2 incidents, 7 claims." in md


def test_title_without_contradictions_says_so(report):
    calm = report.model_copy(update={"findings": [f for f in report.findings if f.kind.value != "contradiction"]})
    assert MarkdownRenderer().render(calm).startswith("# Harbor City, Steppe Town, 2024-05-02 to 2024-05-03: "
                                                      "no contradictions\n")
    only = MarkdownRenderer(only={"revision"}).render(report)
    assert only.startswith("# Harbor City, Steppe Town, 2024-05-02 to 2024-05-03\n")


def test_generation_date(report, monkeypatch):
    from datetime import date

    assert "\nGenerated 2025-02-03 by reconcile" in MarkdownRenderer(generated=date(2025, 2, 3)).render(report)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert "\nGenerated 2026-01-01 by reconcile" in MarkdownRenderer().render(report)


def test_title_can_be_replaced(report):
    out = MarkdownRenderer(title="Port strike [draft]").render(report)
    assert out.startswith("# Port strike \\[draft\\]\n")


def test_sections_in_order(md):
    positions = [md.index(heading) for heading in SECTION_ORDER]
    assert positions == sorted(positions)
    assert "## Contradictions (1)" in md and "## Unsourced (1)" in md


def test_summary_table_rows(md):
    summary = section(md, "## Summary")
    assert ("| Incident | ID | Date | Grade | Contradictions | Revisions | Agreements | Unverified "
            "| Unsourced |") in summary
    assert ("| Drone strike on the river port, Harbor City | harbor-city-2024-05-02 | 2024-05-02 | contested "
            "| 1 | 1 | 1 | 0 | 0 |") in summary
    assert ("| Fuel depot fire, Steppe Town | steppe-town-2024-05-03 | 2024-05-03 | weak "
            "| 0 | 0 | 0 | 1 | 0 |") in summary
    assert "| *Not tied to an incident* | — | — | — | 0 | 0 | 0 | 0 | 1 |" in summary
    # Incidents in date order, though the fixture lists them the other way round
    assert summary.index("Drone strike") < summary.index("Fuel depot")


def test_contradiction_attributes_both_sides(md):
    body = section(md, "## Contradictions")
    assert "### killed people — Drone strike on the river port, Harbor City (2024-05-02)" in body
    # parties in words, not their internal names (#22)
    assert ("**Governor Ilya Marsh** (Russian officials) in Steppe Courier, 2024-05-03 09:30: "
            "killed people **5**") in body
    assert ("**Defence Ministry** (Ukrainian officials) in Steppe Courier, 2024-05-03 09:30: "
            "killed people **12**") in body
    quotes = [line for line in body.splitlines() if line.startswith("> ")]
    assert quotes[0] == "> By morning the governor counted five dead."
    assert quotes[1].startswith("> The ministry put the dead at 12")
    assert "**Why:** disjoint intervals 5 and 12; opposing parties" in body  # intervals as figures


def test_outlet_linked_to_its_url(md):
    body = section(md, "## Agreements")
    assert f"in [Harbor Gazette]({GAZETTE_URL}), 2024-05-02" in body


def test_revision_steps(md):
    body = section(md, "## Revisions")
    assert "| Step | Figure | Origin | Outlet | As of | Quote |" in body
    assert f"| 1 | 3 | Governor Ilya Marsh | [Harbor Gazette]({GAZETTE_URL}) | 2024-05-02 |" in body
    assert "| 2 | 5 | Governor Ilya Marsh | Steppe Courier | 2024-05-03 09:30 |" in body


def test_agreement_says_whether_independent(report, md):
    verdict = "**Independent corroboration:** the origins belong to different parties."
    assert verdict in section(md, "## Agreements")
    findings = [f.model_copy(update={"independent": False}) if f.kind.value == "agreement" else f
                for f in report.findings]
    out = MarkdownRenderer().render(report.model_copy(update={"findings": findings}))
    assert "**Not independent:** the origins belong to one party." in out


def test_unverified_and_unsourced_lists(md):
    # a compact list under each incident, not a wide table of repeated labels (#22)
    unverified = section(md, "## Unverified")
    assert "**Fuel depot fire, Steppe Town (2024-05-03)**\n\n- **Depot staff** (other) in Steppe Courier, " \
        "2024-05-03 09:30: hit buildings **2** (reportedly) — “Depot staff reportedly saw two storage tanks hit.” " \
        "— *hedge: reportedly*" in unverified
    assert "| " not in unverified
    unsourced = section(md, "## Unsourced")
    assert "**not tied to an incident**\n\n- *the outlet's own voice* in " in unsourced
    assert "damaged homes **4**" in unsourced


def test_sources_appendix(md):
    body = section(md, "## Sources")
    assert f"| Harbor Gazette | 2024-05-02 | [Night attack on the river port]({GAZETTE_URL}) |" in body
    # A javascript: URL is never linked; the title stays plain (and escaped)
    assert "| Steppe Courier | 2024-05-03 09:30 | Port toll rises \\| officials \\*differ\\* |" in body
    assert "javascript" not in md


def test_empty_sections_say_so(report):
    out = MarkdownRenderer().render(report.model_copy(update={"findings": []}))
    assert "## Contradictions (0)\n\nNone found." in out


# -- untrusted text


def test_pipe_in_a_quote_does_not_break_tables(report):
    # Put the hostile quote in a table cell too (the revision steps table)
    claims = [c.model_copy(update={"quote": HOSTILE_QUOTE}) if c.id == "c1" else c for c in report.claims]
    out = MarkdownRenderer().render(report.model_copy(update={"claims": claims}))
    assert "12 \\| 14" in out
    for table in re.findall(r"(?m)(?:^\|.*\n)+", out):
        rows = table.splitlines()
        assert len({unescaped_pipes(row) for row in rows}) == 1, table


def test_html_is_escaped(md):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "<script>" not in md
    assert "<" not in md


def test_rich_markup_and_links_are_not_live(md):
    assert "\\[bold red\\]x\\[/bold red\\]" in md
    assert "\\[link=http&#58;//evil.example\\]click\\[/link\\]" in md
    assert "](http://evil" not in md


def test_no_control_characters(md):
    assert "\x1b" not in md and "\x07" not in md
    assert "not 3␇" in md


def test_rendered_markdown_has_no_html_and_only_source_links(report):
    """Parse the output as CommonMark with GFM tables: no raw HTML, no links but the source's."""
    markdown_it = pytest.importorskip("markdown_it")
    claims = [c.model_copy(update={"quote": HOSTILE_QUOTE, "speaker": "# [Evil](http://evil.example) <b>"})
              for c in report.claims]
    out = MarkdownRenderer().render(report.model_copy(update={"claims": claims}))
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(out)
    links, texts = set(), []

    def walk(tokens):
        for token in tokens:
            assert token.type not in ("html_inline", "html_block")
            if token.type == "link_open":
                links.add(token.attrs["href"])
            if token.type in ("text", "code_inline"):
                texts.append(token.content)
            walk(token.children or [])

    walk(tokens)
    assert links == {GAZETTE_URL}
    shown = "".join(texts)
    assert "12 | 14 <script>alert(1)</script> [bold red]x[/bold red]" in shown
    assert "# [Evil](http://evil.example) <b>" in shown
    # Every heading is one the renderer wrote
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert all(not h.startswith("[Evil]") for h in headings)


@pytest.mark.parametrize(("raw", "escaped"), [
    ("# not a heading", "\\# not a heading"),
    ("> not a quote", "&gt; not a quote"),
    ("- not a list", "\\- not a list"),
    ("* not a list", "\\* not a list"),
    ("1. not a list", "1\\. not a list"),
    ("use `code`", "use \\`code\\`"),
    ("[text](http://x.example)", "\\[text\\](http&#58;//x.example)"),
    ("see www.evil.example", "see www&#46;evil.example"),
    ("a | b", "a \\| b"),
    ("<b>bold</b> & co", "&lt;b&gt;bold&lt;/b&gt; &amp; co"),
    ("_under_ ~strike~ $math$", "\\_under\\_ &#126;strike&#126; &#36;math&#36;"),
    ("= underline", "&#61; underline"),
    ("two\nlines", "two lines"),
    ("\x1b[31mred", "red"),
])
def test_md_escape(raw, escaped):
    assert md_escape(raw) == escaped


def test_md_cell():
    assert md_cell("a | b\nc") == "a \\| b c"
    assert md_cell(None) == "—"
    assert md_cell("word " * 100, 20).endswith("…")


@pytest.mark.parametrize(("url", "linked"), [
    ("https://example.org/a b (c)", "https://example.org/a%20b%20%28c%29"),
    ("http://example.org/x|y", "http://example.org/x%7Cy"),
    ("https://example.org/%41", "https://example.org/%41"),
    ("javascript:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("ftp://example.org/file", None),
    ("https://", None),
    ("", None),
    (None, None),
])
def test_md_url(url, linked):
    assert md_url(url) == linked


# -- options and determinism


def test_only_restricts_sections_and_summary_columns(report):
    out = MarkdownRenderer(only={"contradiction"}).render(report)
    assert "## Contradictions (1)" in out
    for heading in ("## Revisions", "## Agreements", "## Unverified", "## Unsourced"):
        assert heading not in out
    assert "| Incident | ID | Date | Grade | Contradictions |" in out
    assert "## Sources" in out


def test_only_accepts_plurals_and_rejects_unknown_kinds():
    assert {k.value for k in parse_only(["contradictions", "unverified"])} == {"contradiction", "unverified"}
    with pytest.raises(ValueError, match="unknown finding kind 'rumours'"):
        MarkdownRenderer(only={"rumours"})


def test_output_is_deterministic(report, shuffled_report):
    renderer = MarkdownRenderer()
    assert renderer.render(report) == renderer.render(report) == renderer.render(shuffled_report)


def test_empty_report():
    out = MarkdownRenderer().render(Report(sources=[], claims=[], incidents=[], findings=[]))
    assert out.startswith("# No incidents found\n")
    assert "No incidents." in out and "No sources." in out
