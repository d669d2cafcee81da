"""Synthetic news articles for the extraction benchmark, deterministic for a seed.

Each article is 300-800 words built from the templates in `article_templates.toml`: a lede with a
place and a date, attributed figures ("X said", "according to X"), hedges and denials, filler
paragraphs, "Read more:" lines and a photo caption repeated twice.

    python -m benchmarks.generate_articles -n 1000 --seed 7 --write /tmp/articles
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from reconcile.models import Source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TEMPLATES = Path(__file__).with_name("article_templates.toml")
FIRST_DAY = date(2023, 1, 1)
SPAN_DAYS = 900
MAX_WORDS = 800
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIGURE_KINDS = ["downed", "downed", "launched", "killed", "injured", "injured", "damaged", "evacuated"]


@cache
def templates() -> dict:
    """The parsed template file."""
    return tomllib.loads(TEMPLATES.read_text("utf-8"))


@dataclass
class _Scene:
    """What one article is about: its place, day, outlet and the speakers it quotes."""

    town: dict
    published: date
    outlet: str
    party: str
    speakers: list[str]


def _fill(rng: random.Random, template: str, scene: _Scene) -> str:
    """TEMPLATE with its placeholders filled; a capitalised placeholder gets a capitalised value."""
    t = templates()
    town = _spelling(rng, scene.town)
    others = [x for x in t["town"] if x["region"] == scene.town["region"] and x is not scene.town] or \
        [x for x in t["town"] if x["side"] == scene.town["side"] and x is not scene.town]
    values = {
        "town": town,
        "other_town": _spelling(rng, rng.choice(others)),
        "region": scene.town["region"],
        "speaker": rng.choice(scene.speakers),
        "vague": rng.choice(t["speakers"]["vague"]),
        "when": _when(rng, scene.published),
        "weekday": WEEKDAYS[(scene.published - timedelta(days=rng.randint(0, 1))).weekday()],
        "date": _day_month(scene.published - timedelta(days=rng.randint(0, 1))),
        "attack": rng.choice(t["sentences"]["attack"]),
        "figure": _figure(rng),
        "n": str(rng.randint(2, 40)),
        "outlet": scene.outlet,
    }
    values |= {k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in values.items()}
    return template.format(**values)


def _spelling(rng: random.Random, town: dict) -> str:
    """A town's name, in one of its news spellings one time in five."""
    variants = town.get("variants", [])
    return rng.choice(variants) if variants and rng.random() < 0.2 else town["name"]


def _day_month(day: date) -> str:
    return f"{day.day} {day.strftime('%B')}"


def _when(rng: random.Random, published: date) -> str:
    phrase = rng.choice(templates()["sentences"]["when"])
    day = published - timedelta(days=rng.randint(0, 1))
    return phrase.format(weekday=WEEKDAYS[day.weekday()], date=_day_month(day))


def _figure(rng: random.Random) -> str:
    """One countable figure: "at least 12 drones were shot down"."""
    f = templates()["figures"]
    phrase = rng.choice(f[rng.choice(FIGURE_KINDS)])
    if rng.random() < 0.25:
        number = rng.choice(f["number_words"])
    else:
        number = rng.choice(f["qualifiers"]) + str(rng.choice([rng.randint(1, 12), rng.randint(10, 150)]))
    return phrase.format(n=number)


def _scene(rng: random.Random) -> _Scene:
    t = templates()
    town = rng.choice(t["town"])
    outlet, party = rng.choice(t["outlets"])
    officials = [name for name, side in t["speakers"]["officials"] if side == town["side"]]
    other = [name for name, side in t["speakers"]["officials"] if side != town["side"]]
    speakers = rng.sample(officials, 2) + [rng.choice(other)] + rng.sample(t["speakers"]["media"], 2)
    speakers.append(rng.choice(t["speakers"]["unknown"]))
    published = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    return _Scene(town, published, outlet, party, speakers)


def _paragraphs(rng: random.Random, scene: _Scene, target_words: int) -> list[str]:
    """Body paragraphs: lede, figures with hedges among filler, until about TARGET_WORDS words."""
    s = templates()["sentences"]
    caption = _fill(rng, rng.choice(s["caption"]), scene)
    paragraphs = [_fill(rng, rng.choice(s["lede"]), scene), caption]
    words = sum(len(p.split()) for p in paragraphs) + len(caption.split())
    while words < target_words:
        sentences = [_fill(rng, rng.choice(s["figure"]), scene)]
        sentences += [_fill(rng, f, scene) for f in rng.sample(s["filler"], rng.randint(1, 3))]
        if rng.random() < 0.35:
            sentences.append(_fill(rng, rng.choice(s["hedge"]), scene))
        rng.shuffle(sentences)
        if rng.random() < 0.3:
            sentences.append("\n\n" + _fill(rng, rng.choice(s["boilerplate"]), scene))
        paragraph = " ".join(sentences).replace(" \n\n", "\n\n")
        if words + len(paragraph.split()) > MAX_WORDS:
            break
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    paragraphs.insert(rng.randint(min(3, len(paragraphs)), len(paragraphs)), caption)  # the caption again, lower down
    return paragraphs


def generate(n: int, seed: int = 7) -> list[Source]:
    """N synthetic articles as loaded sources, the same for the same SEED."""
    rng = random.Random(seed)
    sources = []
    for i in range(n):
        scene = _scene(rng)
        title = _fill(rng, rng.choice(templates()["sentences"]["title"]), scene)
        text = "\n\n".join(_paragraphs(rng, scene, rng.randint(300, 760))) + "\n"
        sources.append(Source(
            id=f"synthetic-{i:05d}", path=f"synthetic/synthetic-{i:05d}.md", outlet=scene.outlet,
            published=scene.published, title=title, party=scene.party, text=text,
        ))
    return sources


def write(sources: list[Source], folder: Path) -> None:
    """SOURCES as article files with +++ front matter, readable by `reconcile report FOLDER`."""
    folder.mkdir(parents=True, exist_ok=True)
    for s in sources:
        front = (f'outlet = "{s.outlet}"\npublished = {s.published.isoformat()}\n'
                 f'title = "{s.title}"\nparty = "{s.party}"\n')
        (folder / f"{s.id}.md").write_text(f"+++\n{front}+++\n{s.text}", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", type=Path, metavar="DIR", help="write the articles as .md files to DIR")
    args = parser.parse_args(argv)
    sources = generate(args.n, args.seed)
    words = [len(s.text.split()) for s in sources]
    size = sum(len(s.text.encode()) for s in sources)
    print(f"{len(sources)} articles, {min(words)}-{max(words)} words, {size / 1e6:.2f} MB", file=sys.stderr)
    if args.write:
        write(sources, args.write)
        print(f"wrote {args.write}", file=sys.stderr)
    else:
        sys.stdout.write(sources[0].title + "\n\n" + sources[0].text)


if __name__ == "__main__":
    main()
