"""Finding the places a text names: words are looked up as token n-grams in the index, the
longest name first; then the small towns and named sites the text shows to be places."""

from __future__ import annotations

from functools import lru_cache

from .choose import MIN_BY_COUNTRY, MIN_TOWN, NamedAreas, choose
from .fuzzy import core_countries, fuzzy_place, fuzzy_region, skeleton_index
from .geonames import minor_index
from .index import BIG_CITY, CURATED, VARIANT, Gazetteer, gazetteer
from .lookup import place_by_key
from .minted import after_town, minor_towns, named_after, outer_after, particles, site_at, site_words, town_place
from .model import PlaceMention
from .names import TRANSLITERATED, skeleton
from .relations import contains
from .tokens import LIST_GAP, SENTENCE_BREAK, SPACE_GAP, Hit, Tok, joined, tokens


def find_places(text: str, known: frozenset[str] = frozenset(),
                context: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """All place mentions in TEXT, in order; the longest name wins and mentions never overlap.

    KNOWN: names (as ``normalize`` makes them) of small towns the text around TEXT has shown to be
    places ("Surfside, Florida" earlier in the article): a bare "Surfside" is then the town too.
    CONTEXT: keys of the countries and regions the article named before TEXT ("country:LB"): of
    the towns of one name, one inside an area TEXT names comes first, then one inside these.
    """
    g = gazetteer()
    toks = tokens(text)
    keys = [t.key for t in toks]  # (n-grams are joined from slices of it, not from the tokens each time)
    areas = NamedAreas(g, text, toks, context)
    # whether each word is joined to the next into one name, read only where a capital starts a run
    links: list[bool | None] = [None] * len(toks)
    heads = _designator_heads(g)
    hits: list[Hit] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not tok.cap or tok.word.isdigit():
            i += 1
            continue
        run = 1
        while i + run < len(toks) and run < 8:
            link = links[i + run - 1]
            if link is None:
                link = links[i + run - 1] = joined(text, toks[i + run - 1], toks[i + run])
            if not link:
                break
            run += 1
        skip = _phrase_at(g, keys, i, run)
        if skip:
            i += skip
            continue
        hit = _exact_at(g, text, toks, keys, i, run)
        # a region word must follow within the run's next two words ("Kurst oblast")
        fuzzy = _designated_typo_at(g, text, toks, i, run) \
            if not heads.isdisjoint(keys[i + 1:min(i + 3, i + run)]) else None
        if fuzzy and (hit is None or hit.last < fuzzy.last):
            hit = fuzzy
        if hit is None:
            hit = _variant_at(g, text, toks, keys, i, run)
        # beyond the main index: a small town the text shows to be one ("Surfside, Florida"), a
        # named site ("Champlain Towers South")
        listed = bool(hits) and g.places[hits[-1].cands[0][1]].kind == "city" and \
            bool(LIST_GAP.fullmatch(text[hits[-1].end:tok.start]))
        hit = _minor_at(g, text, toks, keys, i, run, hit, listed, known, areas) or hit
        site = site_at(g, text, toks, i)
        if site and (hit is None or (site.last > hit.last and g.places[hit.cands[0][1]].kind != "facility")):
            hit = site
        if hit is None:
            i += 1
            continue
        if _is_street(g, text, toks, hit):
            i = hit.last + 1
            continue
        hits.append(hit)
        abbreviated = named_after(g, text, hit.end)
        if abbreviated and abbreviated[3]:
            # "SURFSIDE, Fla.": the state, not whatever "Fla" might name elsewhere
            state, start, end, _ = abbreviated
            last = max(n for n, t in enumerate(toks) if t.start < end)
            hits.append(Hit(hit.last + 1, last, [(CURATED, state.key, "curated")], start, end))
            hit = hits[-1]
        i = hit.last + 1
    _regions_in_lists(g, text, toks, hits)
    _regions_of_officials(g, text, toks, hits)
    chosen = choose(g, text, hits, context)
    return [PlaceMention(h.start, h.end, text[h.start:h.end], g.places[key])
            for h, key in zip(hits, chosen, strict=True)]


_HEADS: list = [None, frozenset()]


def _designator_heads(g: Gazetteer) -> frozenset[str]:
    """The first words of the region words ("oblast", "autonomous"), for a cheap test before
    `_designated_typo_at` (kept for the one gazetteer in use)."""
    if _HEADS[0] is not g:
        _HEADS[:] = [g, frozenset(d.split(" ")[0] for d in g.designators)]
    return _HEADS[1]


def _is_street(g: Gazetteer, text: str, toks: list[Tok], hit: Hit) -> bool:
    """Whether the name is a street's ("Lenina Street", or "Lenina and 40 Let Pobedy streets") or
    opens another thing's name ("Coromandel Express")."""
    nxt = hit.last + 1
    if nxt >= len(toks):
        return False
    word = toks[nxt].key
    if word in g.street_words and not word.endswith("s") and SPACE_GAP.fullmatch(text[hit.end:toks[nxt].start]):
        return True
    # "the Coromandel Express", "Kenya Airways": a capitalised name word makes it a train's, an
    # airline's or a paper's name
    if word in g.name_words and text[toks[nxt].start].isupper() and SPACE_GAP.fullmatch(text[hit.end:toks[nxt].start]):
        return True
    top = g.places[hit.cands[0][1]]
    if top.kind != "city" or g.population.get(top.key, 0) >= BIG_CITY:
        return False
    if not (toks[nxt].key in ("and", "or") or text[hit.end:toks[nxt].start].strip() == ","):
        return False
    for j in range(nxt, min(nxt + 7, len(toks))):
        if j > nxt and SENTENCE_BREAK.search(text[toks[j - 1].end:toks[j].start]):
            return False
        if toks[j].key in g.street_words and toks[j].key.endswith("s"):
            return True
    return False


def _phrase_at(g: Gazetteer, keys: list[str], i: int, run: int) -> int:
    """The number of words of the not-a-place phrase ("Moscow Times") starting at token I."""
    for n in range(min(run, g.phrase_len.get(keys[i], 0)), 1, -1):
        if " ".join(keys[i:i + n]) in g.phrases:
            return n
    return 0


def _acceptable(g: Gazetteer, text: str, toks: list[Tok], i: int, n: int,
                cands: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """The candidates a match of tokens I..I+N-1 can stand for, given how the words are written."""
    words = toks[i:i + n]
    if n == 1:
        key = words[0].key
        if key in g.stopwords or (words[0].word.isupper() and len(words[0].word) <= 3
                                  and not any(src == "curated" for _, _, src in cands)):
            return []
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if prev is not None and prev.cap and (prev.key in g.titles or prev.key in g.given_names) \
                and SPACE_GAP.fullmatch(text[prev.end:words[0].start]):
            return []  # "President Putin", "Vladimir Putin": a surname
        if key in g.given_names and nxt is not None and nxt.cap \
                and SPACE_GAP.fullmatch(text[words[0].end:nxt.start]):
            return []  # "Anna Petrova": a person
        if key in g.context_only and outer_after(g, text, words[0].end) is None \
                and not site_words()[3].search(text[:words[0].start]):
            return []  # "Victoria" alone is a person; "in Victoria", "Victoria, British Columbia" a place
    all_caps = all(w.cap or len(w.word) <= 3 for w in words)
    return [c for c in cands if c[2] not in ("geo", "alt") or all_caps]


def _exact_at(g: Gazetteer, text: str, toks: list[Tok], keys: list[str], i: int, run: int) -> Hit | None:
    for n in range(min(run, g.first_len.get(keys[i], 0)), 0, -1):
        cands = g.exact.get(" ".join(keys[i:i + n]))
        if cands:
            ok = _acceptable(g, text, toks, i, n, cands)
            if ok:
                return Hit(i, i + n - 1, ok, toks[i].start, toks[i + n - 1].end)
    return None


def _designated_typo_at(g: Gazetteer, text: str, toks: list[Tok], i: int, run: int) -> Hit | None:
    """A misspelt region name before a region word: "Kurst oblast"."""
    for n in (2, 1):
        if not all(t.cap for t in toks[i:i + n]):
            continue
        stem = " ".join(t.key for t in toks[i:i + n])
        if len(stem) < 4 or (n == 1 and stem in g.stopwords):
            continue
        for d, dn in g.designators.items():
            j = i + n
            if n + dn > run or " ".join(t.key for t in toks[j:j + dn]) != d or f"{stem} {d}" in g.exact:
                continue
            region = fuzzy_region(stem)
            if region is not None:
                last = j + dn - 1
                return Hit(i, last, [(VARIANT, region.key, "variant")], toks[i].start, toks[last].end)
    return None


# (three substitutions a word, asked again for every sentence that names it)
_skeleton = lru_cache(maxsize=1 << 14)(skeleton)


def _variant_at(g: Gazetteer, text: str, toks: list[Tok], keys: list[str], i: int, run: int) -> Hit | None:
    """A spelling the index lacks: a transliteration variant, or a typo of a prominent name."""
    # Only words that look transliterated from Ukrainian or Russian, and long enough not to fold
    # onto an English word ("being" is the skeleton of "Beijing"), and only onto core-country places.
    skeletons = skeleton_index()
    core = core_countries()
    caps = 1  # the capitalised words at I (all the words of a variant are)
    while caps < min(run, 4) and toks[i + caps].cap:
        caps += 1
    for n in range(caps, 0, -1):
        words = toks[i:i + n]
        key = " ".join(keys[i:i + n])
        if len(key) < 7 or (n == 1 and key in g.stopwords) or not TRANSLITERATED.search(key):
            continue
        cands = [c for c in skeletons.get(_skeleton(key), ()) if g.places[c[1]].country in core]
        if cands:
            ok = _acceptable(g, text, toks, i, n, cands)
            if ok:
                return Hit(i, i + n - 1, ok, words[0].start, words[-1].end)
    tok = toks[i]
    if len(tok.key) >= 7 and not tok.word.isupper():
        place = fuzzy_place(tok.key, strict=True)
        if place is not None:
            cands = _acceptable(g, text, toks, i, 1, [(0.0, place.key, "fuzzy")])
            if cands:
                return Hit(i, i, cands, tok.start, tok.end)
    return None



def _minor_at(g: Gazetteer, text: str, toks: list[Tok], keys: list[str], i: int, run: int, current: Hit | None,
              listed: bool = False, known: frozenset[str] = frozenset(), areas: NamedAreas | None = None
              ) -> Hit | None:
    """A small town the main index lacks, where the text shows it is a place: followed by its
    state or country ("Surfside, Florida", also when another place of that name is indexed),
    after a locative word ("in Surfside", "the town of Surfside"), before a word such as "camp",
    LISTED after a town ("in Antakya and Kahramanmaras"), or inside a region or country the text
    or the article names (AREAS: "Goma, the main city of eastern Congo")."""
    inner = particles()
    index = minor_index()  # a name no town bears is looked up no further
    for n in range(min(run, 4), 0, -1):
        # capitalised at both ends (token I always is), lower-case particles only inside: "Deir
        # ez-Zor", "Dar es Salaam"
        if not toks[i + n - 1].cap or (current is not None and current.last > i + n - 1) or \
                not all(w.cap or w.key in inner for w in toks[i + 1:i + n - 1]):
            continue
        words = toks[i:i + n]
        end = words[-1].end
        outer = outer_after(g, text, end) if current is not None else None
        if current is not None and (outer is None or any(
                contains(outer, g.places[c[1]]) for c in current.cands)):
            return None
        key = " ".join(keys[i:i + n])
        towns = minor_towns(g, key) if len(key) >= 3 and key in index else []
        if not towns:
            continue  # no small town of this name: nothing below can make one
        if current is None:
            outer = outer_after(g, text, end)
        # a county holds its towns through its state (GeoNames gives towns no county)
        area = place_by_key(outer.parents[0]) if outer is not None and outer.kind == "county" else outer
        inside = [t for t in towns if area is not None and contains(area, g.places[town_place(g, t)])]
        if inside:
            towns = inside
        elif outer is not None:
            continue  # the text says where the town lies, and none of these lies there
        elif not (listed or key in known or site_words()[3].search(text[:words[0].start])
                  or after_town().match(text, end)):
            # by the area alone only a whole name: not "Majdal" of "Majdal Shams"
            whole = i + n >= len(toks) or not toks[i + n].cap or not SPACE_GAP.fullmatch(text[end:toks[i + n].start])
            regions, countries = areas.get() if towns and areas is not None and whole else (set(), set())
            towns = [t for t in towns if g.admin1.get((t.country, t.admin1)) in regions
                     and t.population >= MIN_TOWN] or [
                t for t in towns if t.country in countries and t.population >= MIN_BY_COUNTRY]
            if not towns:
                continue
        if towns:
            cands = [(0.5, town_place(g, t), "minor") for t in towns]
            return Hit(i, i + n - 1, cands, words[0].start, end)
    return None


def _regions_in_lists(g: Gazetteer, text: str, toks: list[Tok], hits: list[Hit]) -> None:
    """"the Bryansk, Kaluga and Kursk regions": every name in the list is a region."""
    for j, hit in enumerate(hits):
        nxt = hit.last + 1
        if nxt >= len(toks) or toks[nxt].key not in g.plural_designators \
                or not SPACE_GAP.fullmatch(text[hit.end:toks[nxt].start]):
            continue
        k = j
        while k > 0 and LIST_GAP.fullmatch(text[hits[k - 1].end:hits[k].start]):
            k -= 1
        for h in hits[k:j + 1]:
            regions = [c for c in h.cands if c[2] in ("stem", "variant")
                       or g.places[c[1]].kind == "region"]
            if regions:
                h.cands = sorted(regions, key=lambda c: -c[0])
        if g.places[hit.cands[0][1]].kind == "region":
            hit.last = nxt
            hit.end = toks[nxt].end


def _regions_of_officials(g: Gazetteer, text: str, toks: list[Tok], hits: list[Hit]) -> None:
    """"Belgorod Governor Vyacheslav Gladkov": a name before a regional office is the region."""
    for hit in hits:
        nxt = hit.last + 1
        if nxt < len(toks) and toks[nxt].key in g.region_offices \
                and SPACE_GAP.fullmatch(text[hit.end:toks[nxt].start]):
            regions = [c for c in hit.cands if c[2] == "stem"]
            if regions:
                hit.cands = regions
