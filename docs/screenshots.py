"""Remake the screenshots of docs/sample.md: the terminal report at 80 and 120 columns, and the
Markdown report as a browser shows it. Not run by the tests.

    python docs/screenshots.py            # needs chromium (Debian: apt-get install chromium)

The report is the bundled sample's curated claims (`--no-extract`), so the pictures stay stable
while the extractor changes. The terminal is drawn by rich (Console.export_html) from the
report's own ANSI colours; the Markdown is turned into HTML by markdown-it-py (installed with
rich) with GFM tables and strikethrough on, as GitHub renders them; chromium photographs both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt
from rich.console import Console
from rich.text import Text

from reconcile.pipeline import Config, run
from reconcile.render.markdown import MarkdownRenderer
from reconcile.render.terminal import TerminalRenderer

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "img"
LINES = 58
"""Terminal lines shown: the top of the report (overview, legend and the first incident)."""
CELL = 9  # pixels per column at the font size of the page below, and 18 per line
PAGE = """<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; padding: 12px 16px; background: {background}; {font} }}
{style}</style>{body}"""
MONO = "font: 15px/18px 'DejaVu Sans Mono', monospace;"
PROSE = "font: 15px/1.5 'DejaVu Sans', sans-serif; color: #1f2328; max-width: 1150px;"
GFM = """table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d0d7de;
padding: 4px 8px; } blockquote { color: #59636e; border-left: 4px solid #d0d7de; margin: 0;
padding: 0 12px; } h1 { font-size: 24px; border-bottom: 1px solid #d8dee4; } h2 { font-size: 20px;
border-bottom: 1px solid #d8dee4; } h3 { font-size: 16px; } a { color: #0969da; }"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not found:
        sys.exit("chromium is needed: apt-get install -y chromium")
    return found


def _shoot(page: str, out: Path, width: int, height: int) -> None:
    """PAGE (HTML) photographed by headless chromium into OUT, WIDTH by HEIGHT pixels."""
    with tempfile.TemporaryDirectory() as profile:
        source = Path(profile) / "page.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", f"--user-data-dir={profile}/data", "--hide-scrollbars",
                        f"--window-size={width},{height}", f"--screenshot={out}", source.as_uri()],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")


def terminal(report, columns: int) -> None:
    """The top of the terminal report at COLUMNS, in colour."""
    ansi = TerminalRenderer(color=True, width=columns).render(report)
    top = "\n".join(ansi.splitlines()[:LINES])
    console = Console(record=True, width=columns, file=open(os.devnull, "w"), force_terminal=True,
                      color_system="truecolor")
    console.print(Text.from_ansi(top), soft_wrap=True)
    body = console.export_html(inline_styles=True, code_format="<pre style='margin:0'>{code}</pre>")
    page = PAGE.format(background="#fdfdfd", font=MONO, style="", body=body)
    _shoot(page, IMAGES / f"report-{columns}.png", columns * CELL + 40, LINES * 18 + 30)


def markdown(report) -> None:
    """The Markdown report as a browser shows it, its first screenful and a half."""
    text = MarkdownRenderer().render(report)
    # every renderer sees the same text: markdown-it with GFM's tables and strikethrough
    body = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).render(text)
    page = PAGE.format(background="#ffffff", font=PROSE, style=GFM, body=body)
    _shoot(page, IMAGES / "markdown.png", 1200, 1400)


def datasette() -> None:
    """The export as Datasette shows it: a join table with labels, and a canned query. Skipped
    when the datasette command is not installed (it is no dependency of reconcile)."""
    command = shutil.which("datasette")
    if not command:
        print("datasette is not installed: its pictures are left as they are")
        return
    from reconcile.export import export_sqlite, write_metadata

    with tempfile.TemporaryDirectory() as tmp:
        db, metadata = Path(tmp) / "sample.db", Path(tmp) / "metadata.json"
        report = run(Config(paths=[ROOT / "sources"], claims_path=ROOT / "claims.toml", jobs=1))
        export_sqlite(report, db)
        write_metadata(metadata, db)
        server = subprocess.Popen([command, "serve", str(db), "-m", str(metadata), "-p", "8765"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(4)
            for path, name, height in (("sample/incident_claims?_size=14", "datasette-incident-claims", 1000),
                                       ("sample/contradictions_by_outlet", "datasette-query", 800)):
                _shoot_url(f"http://localhost:8765/{path}", IMAGES / f"{name}.png", 1400, height)
        finally:
            server.terminate()


def _shoot_url(url: str, out: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", f"--user-data-dir={profile}/data", "--hide-scrollbars",
                        f"--window-size={width},{height}", f"--screenshot={out}", url],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")


def main() -> None:
    os.chdir(ROOT)
    report = run(Config(paths=[ROOT / "sources"], claims_path=ROOT / "claims.toml", extract=False, jobs=1))
    IMAGES.mkdir(parents=True, exist_ok=True)
    for columns in (80, 120):
        terminal(report, columns)
    markdown(report)
    datasette()


if __name__ == "__main__":
    main()
