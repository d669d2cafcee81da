"""Text helpers shared by the renderers: making untrusted text safe, Markdown escaping, figures.

Every string that comes from an article or from claims.toml (quotes, speakers, outlets, titles,
places, summaries, reasons) is untrusted: it may carry terminal escape sequences, rich markup,
HTML or Markdown meant to restyle or hijack the output. Renderers pass such strings through
`safe_text` (terminal) or `md_escape` / `md_cell` / `md_url` (Markdown) before printing them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import quote, urlsplit

from ..models import Claim, Number, Source
from ..scopes import scope_label

# Escape sequences as a terminal would parse them; removed whole, so no stray parameters remain.
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]                # CSI: colours, cursor moves, screen clearing
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC: window titles, hyperlinks
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?  # DCS, SOS, PM and APC strings
    | \x1b[ -/]*[0-~]                        # other escapes (charset switches, resets)
    | \x9b[0-?]*[ -/]*[@-~]                  # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # 8-bit string commands
    """,
    re.VERBOSE,
)
# Line breaks and tabs become spaces: one claim is one line in a table cell or a blockquote.
_BREAKS = re.compile(r"\r\n|[\n\r\t\v\f\x85\u2028\u2029]")
# What is left of C0, DEL and C1 after that; shown as a visible placeholder, never sent raw.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates can reorder what a terminal shows
# ("Trojan Source"); they are replaced like controls.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    """The Unicode control picture for a C0 control or DEL (␇ for BEL), else U+FFFD."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def safe_text(s: str | None) -> str:
    """S with escape sequences removed, line breaks as spaces and other controls made visible.

    Safe to print to a terminal; it does not escape rich markup (use `rich.text.Text` for that).

    Example:
        >>> safe_text("red \\x1b[31malert\\x07\\nnext")
        'red alert␇ next'
    """
    if not s:
        return ""
    if s.isascii() and s.isprintable():  # nothing below can match: the common case, returned as it is
        return s
    s = _ESCAPES.sub("", s)
    s = _BREAKS.sub(" ", s)
    s = _CONTROLS.sub(_visible, s)
    return _BIDI.sub("\ufffd", s)


def clip(s: str | None, limit: int | None = None) -> str:
    """S made safe, with runs of whitespace collapsed, shortened to LIMIT characters at a word."""
    s = " ".join(safe_text(s).split())
    if limit is None or len(s) <= limit:
        return s
    cut = s[: limit - 1]
    # Cut at the last space when one is near, so no word is broken in half
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


# -- Markdown

# Characters with a meaning anywhere in a line: emphasis, code, links, tables, HTML, maths.
_MD_INLINE = re.compile(r"([\\`*_~\[\]|$])")
# GFM turns bare URLs and www. names into links; breaking the pattern keeps them as text.
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=www)(\.)")


def md_escape(s: str | None) -> str:
    """S as literal Markdown text on one line: no markup, HTML, links or blocks of its own.

    Example:
        >>> md_escape("# [click](http://x) <b>|")
        '\\\\# \\\\[click\\\\](http\\\\://x) &lt;b&gt;\\\\|'
    """
    s = " ".join(safe_text(s).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_INLINE.sub(r"\\\1", s)
    s = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(), s)
    # At the start of a line these begin a heading, list or setext underline ("*", ">" and "`"
    # are already escaped); a leading "12." would start an ordered list, so escape its dot.
    s = re.sub(r"^(\d+)([.)])", r"\1\\\2", s)
    return re.sub(r"^([#+\-=])", r"\\\1", s)


def md_cell(s: str | None, limit: int | None = None) -> str:
    """S escaped for a Markdown table cell (pipes escaped, one line), "—" when empty."""
    text = md_escape(clip(s, limit))
    return text or "—"


# Kept as they are in a link destination; everything else (spaces, parentheses, pipes, brackets,
# quotes, angle brackets, non-ASCII) is percent-encoded. "%" is kept so encoded URLs stay as they are.
_URL_SAFE = "%:/?#@!$&'*+,;=~-._"


def md_url(url: str | None) -> str | None:
    """URL fit for a Markdown link destination, or None unless it is an http(s) URL with a host.

    Example:
        >>> md_url("https://example.org/a (b)")
        'https://example.org/a%20%28b%29'
        >>> md_url("javascript:alert(1)") is None
        True
    """
    if not url:
        return None
    url = url.strip()
    if not re.match(r"(?i)https?://", url):
        return None
    try:
        if not urlsplit(url).netloc:
            return None
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    return quote(url, safe=_URL_SAFE)


def md_link(text: str | None, url: str | None) -> str:
    """[TEXT](URL) with TEXT escaped, or just the escaped TEXT when URL is not linkable."""
    label = md_escape(text) or "link"
    target = md_url(url)
    return f"[{label}]({target})" if target else label


# -- figures and dates, worded the same way in every format


def num(n: Number) -> str:
    """14.0 as "14", 12.5 as "12.5"."""
    return str(int(n)) if float(n).is_integer() else str(n)


def what(action: str | None, obj: str | None) -> str:
    """An action and object as words: "seriously injured people"."""
    words = " ".join(w for w in (action, obj) if w).replace("_", " ")
    return words or "—"


def figure(low: Number | None, high: Number | None, approx: bool = False) -> str:
    """An interval as a reader would say it: "14", "~25", "4+", "up to 158", "20–30"."""
    if low is None:
        return "—"
    if high is None:
        return f"{num(low)}+"
    if low == high:
        return f"{'~' if approx else ''}{num(low)}"
    if low == 0:
        return f"up to {num(high)}"
    return f"{'~' if approx else ''}{num(low)}–{num(high)}"


def claim_figure(claim: Claim) -> str:
    """What a claim asserts: its figure or categorical value, "denies" first for a denial."""
    return asserted(claim.low, claim.high, claim.approx, claim.value, claim.polarity)


def asserted(low: Number | None, high: Number | None, approx: bool, value: str | None, polarity: str) -> str:
    """`claim_figure` from a claim's fields, as the JSON report gives them.

    Example:
        >>> asserted(4, None, False, None, "affirm"), asserted(None, None, False, "civilian", "deny")
        ('4+', 'denies civilian')
    """
    said = figure(low, high, approx) if low is not None else safe_text(value) or "—"
    return f"denies {said}" if polarity == "deny" else said


def scope_note(claim: Claim) -> str:
    """ " [total over A, B]", " [part]", " [nationwide (C)]"; nothing for a local figure."""
    label = scope_label(claim) if claim.numeric else "local"
    return "" if label == "local" else f" [{label}]"


def parts_text(claims: list[Claim]) -> str:
    """A total's parts with their places: "23 (Bryansk Oblast) + 17 (Kursk Oblast) = 40"."""
    if not claims:
        return ""
    listed = " + ".join(f"{claim_figure(c)} ({', '.join(c.places) or 'unplaced'})" for c in claims)
    return f"{listed} = {num(sum(c.low for c in claims if c.low is not None))}"


def day(when: date | datetime | None) -> str:
    """A date as YYYY-MM-DD, a datetime with its time of day, "—" when unknown."""
    if when is None:
        return "—"
    if isinstance(when, datetime):
        return when.strftime("%Y-%m-%d %H:%M")
    return when.isoformat()


def source_order(source: Source) -> tuple:
    """Sort key for sources: by publication date and time, undated last, then by id."""
    at = source.published_at
    when = at.date() if at else source.published
    # Times are compared as text: an aware and a naive datetime cannot be compared directly
    return (when is None, when or date.max, at.isoformat() if at else "", source.id)
