"""Text helpers shared by the renderers: making untrusted text safe, Markdown escaping, figures.

Every string that comes from an article or from claims.toml (quotes, speakers, outlets, titles,
places, summaries, reasons) is untrusted: it may carry terminal escape sequences, rich markup,
HTML or Markdown meant to restyle or hijack the output. Renderers pass such strings through
`safe_text` (terminal) or `md_escape` / `md_cell` / `md_url` (Markdown) before printing them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Protocol
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


# -- quote windows: a shortened quote keeps its figure and its attribution


class Quoted(Protocol):
    """What a quote window needs of a claim: a report's Claim, or a diff's DiffClaim."""

    quote: str | None
    speaker: str | None
    low: Number | None
    high: Number | None


def quote_window(claim: Claim | Quoted, limit: int | None) -> str:
    """CLAIM's quote made safe and, when longer than LIMIT, shortened around its evidence.

    The window holds the figure and the attribution cue (`focus_spans`), with "…" on each side
    that is cut; when the two stand too far apart for one window, each gets its own, joined by
    " … ". Without either, the quote is cut at its end, as `clip` does.

    Example: a quote "In the attack on the town on Tuesday, officials said, 39 were killed." cut to
    40 characters reads "…officials said, 39 were killed.", not "In the attack on the town on…".
    """
    quote = claim.quote or ""
    if limit is None or len(quote) <= limit:  # the common case: nothing is cut
        return clip(quote, limit)
    flat = clip(quote)
    if len(flat) <= limit:
        return flat
    spans = focus_spans(claim)
    if not spans:
        return clip(quote, limit)
    a, b = min(s for s, _ in spans), max(e for _, e in spans)
    if b - a <= limit - 2:
        return _window(quote, a, b, limit)
    # figure and attribution far apart: a window round each, in the order they stand
    half = (limit - 3) // 2
    first, second = sorted(spans)[:1], sorted(spans)[-1:]
    left = _window(quote, *first[0], half)
    right = _window(quote, *second[0], limit - 3 - len(left))
    return f"{left.removesuffix('…')} … {right.removeprefix('…')}"


def _window(quote: str, a: int, b: int, limit: int) -> str:
    """QUOTE[A:B] with context on both sides up to LIMIT characters, cut at spaces, "…" where cut."""
    room = max(limit - (b - a) - 2, 0)
    start = max(a - room // 3, 0)  # less context before the evidence than after it
    end = min(b + room - (a - start), len(quote))
    start = max(min(start, end - (limit - 2)), 0)  # the end came short: more context before
    if start > 0:
        space = quote.find(" ", start, a)
        start = space + 1 if space != -1 else start
    if end < len(quote):
        space = quote.rfind(" ", b, end + 1)
        end = space if space != -1 else end
    body = clip(quote[start:end]).strip(" ,;:") if start or end < len(quote) else clip(quote)
    if len(body) > limit:  # evidence longer than the window itself
        body = clip(body, limit).removesuffix("…")
    return ("…" if start > 0 else "") + body + ("…" if end < len(quote) else "")


def focus_spans(claim: Claim | Quoted) -> list[tuple[int, int]]:
    """Spans of CLAIM's quote a shortened quote must keep: its figure and its attribution cue.

    The extractor records both (`Claim.figure_span`, `Claim.cue_span`); for a curated claim they
    are looked for in the quote: a figure equal to the claim's, and the speaker as written.
    """
    spans = []
    figure_at = getattr(claim, "figure_span", None) or _find_figure(claim)
    if figure_at:
        spans.append(figure_at)
    cue_at = getattr(claim, "cue_span", None) or _find_cue(claim)
    if cue_at:
        spans.append(cue_at)
    return [(max(a, 0), min(b, len(claim.quote or ""))) for a, b in spans if a < b]


def _find_figure(claim: Claim | Quoted) -> tuple[int, int] | None:
    """The mention of CLAIM's figure in its quote: the same interval, else one of its ends."""
    if claim.low is None:
        return None
    from ..quantities import find_quantities

    mentions = find_quantities(claim.quote or "")
    for exact in (True, False):
        for m in mentions:
            iv = m.interval
            if (iv.low == claim.low and iv.high == claim.high) if exact else \
                    (m.value in (claim.low, claim.high) or iv.low in (claim.low, claim.high)):
                return (m.start, m.end)
    return None


def _find_cue(claim: Claim | Quoted) -> tuple[int, int] | None:
    """Where the speaker, as written or by name, stands in CLAIM's quote."""
    lowered = (claim.quote or "").lower()
    for name in (getattr(claim, "speaker_text", None), claim.speaker, getattr(claim, "via", None)):
        if name and len(name) > 2:
            at = lowered.find(name.lower())
            if at != -1:
                return (at, at + len(name))
    return None


# -- Markdown

# Characters with a meaning anywhere in a line: emphasis, code, links, tables. A backslash
# before them is read the same by every Markdown renderer; "|" is escaped as GFM tables ask.
_MD_INLINE = re.compile(r"([\\`*_\[\]|])")
# Strikethrough (GFM) and maths (GitHub, many editors): "\~" and "\$" show their backslash in
# some renderers, so these are written as character references, which are never markup.
_MD_ENTITIES = {"~": "&#126;", "$": "&#36;"}
_MD_ENTITY = re.compile("[~$]")
# GFM turns bare URLs and www. names into links; a character reference breaks the pattern.
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=www)\.")


def md_escape(s: str | None) -> str:
    """S as literal Markdown text on one line: no markup, HTML, links or blocks of its own.

    Example:
        >>> md_escape("# [click](http://x) <b>| ~5")
        '\\\\# \\\\[click\\\\](http&#58;//x) &lt;b&gt;\\\\| &#126;5'
    """
    s = " ".join(safe_text(s).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_INLINE.sub(r"\\\1", s)
    s = _MD_ENTITY.sub(lambda m: _MD_ENTITIES[m.group()], s)
    s = _MD_AUTOLINK.sub(lambda m: f"&#{ord(m.group())};", s)
    # At the start of a line these begin a heading, list or setext underline ("*", ">" and "`"
    # are already escaped); a leading "12." would start an ordered list, so escape its dot.
    s = re.sub(r"^(\d+)([.)])", r"\1\\\2", s)
    s = re.sub(r"^=", "&#61;", s)  # a setext underline; "\=" is not an escape everywhere
    return re.sub(r"^([#+\-])", r"\\\1", s)


def md_cell(s: str | None, limit: int | None = None) -> str:
    """S escaped for a Markdown table cell (pipes escaped, one line), "—" when empty."""
    text = md_escape(clip(s, limit))
    return text or "—"


def md_quote(claim: Claim | Quoted | None, limit: int | None = None) -> str:
    """CLAIM's quote for a table cell: shortened around its evidence (`quote_window`), escaped."""
    return (md_escape(quote_window(claim, limit)) or "—") if claim else "—"


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
