"""Shared fixtures: articles on disk, a tiny corpus with its claims.toml, and the CLI.

Every article and quote here is invented for the tests (places are real so the gazetteer can
match them; people, outlets and events are not).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reconcile.cli import cli

try:  # hypothesis is a test extra; only tests/test_properties.py needs it
    from hypothesis import HealthCheck, settings
except ImportError:  # pragma: no cover
    pass
else:
    # Registered here, not in the test module: `--hypothesis-profile NAME` is read before tests
    # are collected. Deadlines are off: tests/test_properties.py times what must be quick itself
    # (5 s for 10 KB), where the first example pays for loading the gazetteer.
    # The CI profile draws the same examples on every run (derandomize): a red CI run must be
    # one a developer can reproduce, and the long run is where new inputs are searched for.
    settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True, derandomize=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("long", max_examples=10_000, deadline=None, print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("ci")


@pytest.fixture(autouse=True, scope="session")
def _own_cache_dir(tmp_path_factory):
    """Tables cached between runs (reconcile.cache) go to the session's own directory, never the
    user's; subprocesses inherit it."""
    import os

    from reconcile.cache import ENV

    before = os.environ.get(ENV)
    os.environ[ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = before

RIVER_COURIER = """\
City officials in Odesa counted the damage on Thursday morning after an overnight drone raid.

Mayor Petra Danko said three people were injured when debris fell on a residential block in Odesa.

The regional air command said eleven drones were shot down over the Odesa region.

A fire reportedly broke out at a port warehouse, though this could not be independently verified.
"""

BLACK_SEA_WIRE = """\
The defence ministry in Moscow said its drones struck a military fuel depot in the port of Odesa overnight.

According to the ministry, only military targets were hit and no homes were touched.

Local authorities said three people were hurt in the city.
"""

CORPUS_CLAIMS = """\
# Curated claims over the test corpus (tests/conftest.py).

[settings]
date_window_days = 1

[[speaker]]
name = "Petra Danko"
aliases = ["Mayor Petra Danko", "Danko"]
party = "ukraine-official"

[[speaker]]
name = "Odesa Air Command"
aliases = ["the regional air command", "regional air command"]
party = "ukraine-official"

[[claim]]
id = "danko-injured"
source = "river-courier-2024-05-02"
quote = "Mayor Petra Danko said three people were injured when debris fell on a residential block in Odesa."
speaker = "Mayor Petra Danko"
action = "injured"
object = "people"
value = 3
places = ["Odesa"]
date = 2024-05-02

[[claim]]
id = "danko-target"
source = "river-courier-2024-05-02"
quote = "debris fell on a residential block"
speaker = "Danko"
action = "target"
value = "residential"
places = ["Odesa"]
date = 2024-05-02

[[claim]]
id = "aircommand-downed"
source = "river-courier-2024-05-02"
quote = "eleven drones were shot down over the Odesa region"
speaker = "the regional air command"
action = "downed"
object = "drones"
value = "eleven"
places = ["Odesa"]
date = 2024-05-02

[[claim]]
id = "courier-fire"
source = "river-courier-2024-05-02"
quote = "A fire reportedly broke out at a port warehouse"
action = "outcome"
value = "fire"
hedge = "reportedly"
places = ["Odesa"]
date = 2024-05-02

[[claim]]
id = "mod-target"
source = "black-sea-wire-2024-05-02"
quote = "only military targets were hit"
speaker = "Russian Ministry of Defence"
action = "target"
value = "military"
places = ["Odesa"]
date = 2024-05-02

[[claim]]
id = "local-injured"
source = "black-sea-wire-2024-05-02"
quote = "Local authorities said three people were hurt in the city."
speaker = "Odesa city council"
party = "ukraine-official"
action = "injured"
object = "people"
value = 3
places = ["Odesa"]
date = 2024-05-02
"""
CORPUS_CLAIM_IDS = ["danko-injured", "danko-target", "aircommand-downed", "courier-fire", "mod-target",
                    "local-injured"]


def toml_value(value: object) -> str:
    """VALUE as a TOML literal: strings quoted and escaped, dates bare, lists inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime, int, float)):
        return value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    # A JSON string without ASCII escaping is a valid TOML basic string (controls become \\u00XX)
    return json.dumps(str(value), ensure_ascii=False)


def dedent(text: str) -> str:
    """TEXT dedented, without its leading newline: for TOML and articles written inline in tests."""
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def make_source(tmp_path: Path) -> Callable[..., Path]:
    """A function writing tmp_path/sources/NAME.md: `make_source(name, body, outlet=..., published=...)`.

    Front matter (between +++ lines) is written only when fields are given. `folder=` and
    `suffix=` change where the file goes; `raw_front=` writes that text verbatim as the front
    matter block (for malformed front matter). Returns the path of the file.
    """

    def make(name: str, body: str = "", *, folder: str | Path = "sources", suffix: str = ".md",
             raw_front: str | None = None, encoding: str = "utf-8", **fields: object) -> Path:
        where = tmp_path / folder
        where.mkdir(parents=True, exist_ok=True)
        parts = []
        if raw_front is not None:
            parts.append(f"+++\n{raw_front}+++\n")
        elif fields:
            parts.append("+++\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in fields.items()) + "+++\n")
        parts.append(body)
        path = where / f"{name}{suffix}"
        path.write_bytes("".join(parts).encode(encoding))
        return path

    return make


@pytest.fixture
def corpus_dir(make_source: Callable[..., Path], tmp_path: Path) -> Path:
    """tmp_path/sources with two invented articles about one night in Odesa (see CORPUS_CLAIMS)."""
    make_source("river-courier-2024-05-02", RIVER_COURIER, outlet="River Courier", published=date(2024, 5, 2),
                title="Night drone raid on Odesa", url="https://river-courier.example/odesa-raid",
                party="ukraine-media")
    make_source("black-sea-wire-2024-05-02", BLACK_SEA_WIRE, outlet="Black Sea Wire",
                published=datetime(2024, 5, 2, 9, 30), title="Strike on fuel depot in Odesa port",
                url="https://black-sea-wire.example/odesa-depot", party="russia-media")
    return tmp_path / "sources"


@pytest.fixture
def claims_file(corpus_dir: Path, tmp_path: Path) -> Path:
    """tmp_path/claims.toml: speakers and curated claims over `corpus_dir`."""
    path = tmp_path / "claims.toml"
    path.write_text(CORPUS_CLAIMS, encoding="utf-8")
    return path


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """`run_cli("report", "--format", "json")`: the CLI run in tmp_path, stdout and stderr apart.

    The working directory is tmp_path, so `sources/` and `./claims.toml` are the test's own and
    the repository's claims.toml is never read by accident. Exceptions other than SystemExit
    propagate (catch_exceptions=False), so a traceback fails the test where it happens.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str | Path, color: bool = False, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, color=color, env=env)

    return run


# Sentences for `write_articles`: varied attributions, figures, places and dates, all invented.
_TOWNS = ["Odesa", "Kharkiv", "Belgorod", "Kursk", "Sumy", "Dnipro", "Bryansk", "Zaporizhzhia", "Kherson", "Poltava"]
_SPEAKERS = ["Governor Oleh Kiper", "the regional military administration", "the Russian defence ministry",
             "Mayor Ihor Terekhov", "the Ukrainian Air Force", "local officials", "the emergency service"]
_SENTENCES = [
    "{speaker} said {n} drones were shot down over the {town} region overnight.",
    "According to {speaker}, {n} people were injured when debris fell on a residential block in {town}.",
    "At least {n} homes were damaged in {town}, {speaker} said on {weekday}.",
    "{speaker} reported that {n} missiles had been launched at {town}.",
    "The claim that {n} soldiers were killed could not be independently verified.",
    "Residents of {town} described a loud night; power was restored by the morning.",
    "{speaker} denied that civilian targets in {town} were hit.",
    "Some media reports said up to {n} buildings were destroyed in {town}.",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def write_articles(folder: Path, n: int, seed: int = 7, paragraphs: int = 6) -> list[Path]:
    """N invented articles with front matter in FOLDER, the same for the same SEED."""
    import random

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        day = date(2024, 1 + rng.randrange(12), 1 + rng.randrange(28))
        town = rng.choice(_TOWNS)
        body = []
        for _ in range(paragraphs):
            sentences = [rng.choice(_SENTENCES).format(
                speaker=rng.choice(_SPEAKERS), n=rng.randint(1, 60), town=rng.choice([town, town, *_TOWNS]),
                weekday=rng.choice(_WEEKDAYS)) for _ in range(rng.randint(1, 4))]
            body.append(" ".join(s[0].upper() + s[1:] for s in sentences))
        path = folder / f"outlet-{i % 9}-{day.isoformat()}-{i:04d}.md"
        party = rng.choice(["ukraine-media", "russia-media", "independent-media"])
        path.write_text(f'+++\noutlet = "Outlet {i % 9}"\npublished = {day.isoformat()}\nparty = "{party}"\n'
                        f'title = "Night attack on {town}"\n+++\n' + "\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def one_line_error(result: Result, *words: str) -> str:
    """Exit 2, no traceback, and one `Error: ...` line on stderr holding every one of WORDS; the line."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]
