"""A realistic data set for the benchmarks: skewed like a real registry, worded like real news.

    .venv/bin/python bench/realistic.py [--claims 100000] [--url sqlite:////tmp/fl-100k.db]

About 2,000 experts, 50,000 sources and 50 topics in a tree at the default 100k claims (sources
and experts scale with the claims). Experts and topics are Zipf-skewed; every claim has 1-3
topics; quotes and statements are drawn from English and Russian vocabularies of 20,000 words
each with Zipfian word frequencies, so a rare word matches a handful of claims and a common one
a large share, as in real text. Hedges come from the confidence table, and kinds, review
states, horizons and resolutions come in the proportions a reviewed registry has. Every quote
is the exact span of its source's text. The data go in through the app's migrations, into
SQLite or PostgreSQL, after the sample article, so the README's examples work on them too.
"""

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, insert, select

from app import confidence, migrate
from app.db import make_engine, make_sessionmaker, transaction
from app.models import Claim, Expert, Resolution, Source, Topic, claim_topics
from app.services import sample, topics


def _words(text: str) -> list[str]:
    return text.split()


TODAY = dt.date(2026, 12, 1)
FIRST_DAY = dt.date(2015, 1, 1)
BATCH = 5_000

# Sub-topics under the seed tree (whose slugs the sample loads): 40 more, so 50 in all.
SUBTOPICS: dict[str, tuple[str, ...]] = {
    "economy": ("oil", "gas", "tenge", "inflation", "banking", "budget", "trade", "mining"),
    "reforms": ("parliament", "judiciary", "local-government", "media", "civil-society"),
    "elections": ("presidential", "parliamentary", "referendums", "turnout"),
    "foreign-policy": ("united-states", "european-union", "turkey", "iran", "sco", "csto"),
    "russia": ("sanctions", "ukraine-war", "eaeu", "migration"),
    "china": ("belt-and-road", "xinjiang", "investment"),
    "central-asia": ("uzbekistan", "kyrgyzstan", "tajikistan", "turkmenistan", "water"),
    "turkic-world": ("azerbaijan", "ots", "middle-corridor"),
    "demographics": ("urbanisation", "language"),
}

EN_COMMON = _words(
    "the of and to in will a is that for be on with as by it this not are from at or have"
    " an more its has would but their can which than been after over could should must new"
    " next year years government country president reforms economy growth prices oil gas"
    " russia china moscow beijing astana tashkent baku ankara region regional election vote"
    " parliament party policy sanctions trade transit corridor pipeline tenge inflation budget"
    " investment banks court security border water energy power nuclear grain exports imports"
    " market rates reform turnout opposition elite succession migration labour war peace"
    " integration union summit agreement treaty partners neighbours influence pressure crisis"
    " stability risk costs deficit debt fund taxes wages pensions youth cities rural students"
)
RU_COMMON = _words(
    "и в не на что с по к будет для это как из от за его о а но они быть может более году"
    " годы правительство страна президент реформы экономика рост цены нефть газ россия китай"
    " москва пекин астана ташкент баку анкара регион выборы парламент партия политика санкции"
    " торговля транзит коридор тенге инфляция бюджет инвестиции банки суд безопасность граница"
    " вода энергетика атомная зерно экспорт импорт рынок ставки явка оппозиция элита миграция"
    " война мир интеграция союз саммит соглашение партнеры влияние давление кризис стабильность"
)
EN_SYLLABLES = _words("ka ra to mi sen dor val ben tur gal ner pol vis tan mar lek sor fin dal kor")
RU_SYLLABLES = _words("ка ра то ми сен дор вал бен тур гал нер пол вис тан мар лек сор фин дал кор")
FIRST_NAMES = _words(
    "Aidos Aliya Arman Asel Askar Aigerim Bakhyt Dana Daniyar Dina Erlan Gaukhar Gulnara Ilyas"
    " Kairat Madina Marat Nurlan Saule Timur Yerlan Zarina Elnur Leyla Rashad Nigar Farid Aysel"
    " Mehmet Ayse Emre Zeynep Dilnoza Sherzod Bakhodir Nilufar Ivan Olga Sergei Anna Dmitry Elena"
)
SURNAME_ENDINGS = ("ov", "ova", "bayev", "bayeva", "uly", "kyzy", "li", "oglu", "zade", "ev")
ROLES = (
    "political analyst",
    "economist",
    "political scientist",
    "director of a think tank",
    "professor of international relations",
    "senior fellow",
    "energy analyst",
    "journalist",
    "former diplomat",
    "sociologist",
    "chief economist at a bank",
    "historian",
)
OUTLETS = (
    "Steppe Courier",
    "Caspian Monitor",
    "Eurasia Brief",
    "Nomad Wire",
    "Altyn Observer",
    "Ortalyq Review",
    "Esil Review",
    "Tien Shan Dispatch",
    "Qalam",
    "Kerben",
    "Dala Info",
    "Shanyraq",
    "Silk Road Times",
    "Turan Policy Notes",
    "Aral Post",
    "Zhetysu Daily",
)
LEADING = ("russia", "economy", "elections", "reforms", "china", "turkic-world", "central-asia")
KINDS = (("forecast", 0.55), ("assessment", 0.33), ("prescription", 0.12))
REVIEWS = (("verified", 0.78), ("draft", 0.12), ("disputed", 0.04), ("retracted", 0.06))
HORIZONS = (
    ("in the coming months", 180, True),
    ("by the end of the year", 0, False),
    ("next year", 365, False),
    ("within a year or two", 730, False),
    ("in the coming years", 1825, True),
    ("by 2030", -2030, False),
)


@dataclass
class Words:
    """A vocabulary with Zipfian frequencies; `draw(k)` gives k words as real text would."""

    words: list[str]
    cumulative: list[float] = field(init=False)

    def __post_init__(self) -> None:
        self.cumulative = list(itertools.accumulate(1 / (r + 2.7) for r in range(len(self.words))))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def vocabulary(rng: random.Random, common: Sequence[str], syllables: Sequence[str]) -> Words:
    made: dict[str, None] = dict.fromkeys(common)
    while len(made) < 20_000:
        made.setdefault("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    rest = list(made)[len(common) :]
    rng.shuffle(rest)
    return Words([*common, *rest])


def zipf_picker(
    rng: random.Random, items: Sequence[int], s: float = 1.05, *, first: Sequence[int] = ()
) -> Any:
    """A function that draws from `items` with weight 1/rank^s: `first` in that order at the top,
    the rest in a shuffled order."""
    ranked = [i for i in items if i not in first]
    rng.shuffle(ranked)
    ranked = [*first, *ranked]
    cumulative = list(itertools.accumulate(1 / (r + 1) ** s for r in range(len(ranked))))
    total = cumulative[-1]

    def pick() -> int:
        return ranked[bisect.bisect_left(cumulative, rng.random() * total)]

    return pick


def weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    # sqrt skews towards the recent end: registries grow.
    return first + dt.timedelta(days=int((last - first).days * rng.random() ** 0.5))


def build(engine: Engine, n: int, *, seed: int = 7) -> dict[str, int]:
    """Migrate, load the sample, then add n claims with their experts, sources and topics."""
    migrate.upgrade(engine)
    rng = random.Random(seed)
    words = {
        "en": vocabulary(rng, EN_COMMON, EN_SYLLABLES),
        "ru": vocabulary(rng, RU_COMMON, RU_SYLLABLES),
    }
    hedges = {
        "en": [p for b in confidence.BANDS for p in b.phrases if p.isascii()],
        "ru": [p for b in confidence.BANDS for p in b.phrases if not p.isascii()],
    }
    factory = make_sessionmaker(engine)
    with transaction(factory) as session:
        if (session.scalar(select(func.count(Claim.id))) or 0) > 1000:
            raise SystemExit("the database already holds a data set; give a new one")
        sample.load(session)
        topic_ids = _topics(session)
        expert_ids = _experts(session, rng, max(200, n // 50))
    pick_expert = zipf_picker(rng, expert_ids)
    # The registry's own subjects lead, as in its first article: Russia, the economy, elections.
    pick_topic = zipf_picker(
        rng, list(topic_ids.values()), s=0.9, first=[topic_ids[t] for t in LEADING]
    )
    now = dt.datetime.now(dt.UTC)
    counts = {"claims": 0, "sources": 0, "resolutions": 0}
    source_index = 0
    while counts["claims"] < n:
        with transaction(factory) as session:
            next_id = (session.scalar(select(func.max(Claim.id))) or 0) + 1
            sources: list[dict[str, Any]] = []
            rows: list[dict[str, Any]] = []
            links: list[dict[str, int]] = []
            resolved: list[dict[str, Any]] = []
            while len(rows) < BATCH and counts["claims"] + len(rows) < n:
                # Two claims per source on average (1 + a geometric tail): some articles have many.
                k = min(1 + int(rng.expovariate(math.log(2))), n - counts["claims"] - len(rows))
                lang = "ru" if rng.random() < 0.3 else "en"
                published = day_between(rng, FIRST_DAY, TODAY)
                text, spans = _article(rng, words[lang], k)
                sources.append(
                    {
                        "url": f"https://news.example/{lang}/{published:%Y/%m/%d}/{source_index}",
                        "title": " ".join(words[lang].draw(rng, 8)).capitalize(),
                        "publisher": rng.choice(OUTLETS),
                        "published_on": published,
                        "language": lang,
                        "text": text,
                        "content_sha256": hashlib.sha256(text.encode()).hexdigest(),
                        "retrieved_at": now,
                    }
                )
                source_index += 1
                for start, end in spans:
                    claim = _claim(rng, words["en"], hedges[lang], text, start, end, published)
                    claim |= {"id": next_id, "expert_id": pick_expert(), "source": len(sources)}
                    claim |= {"created_at": now, "updated_at": now, "version": 1}
                    chosen = {pick_topic() for _ in range(rng.randint(1, 3))}
                    links += [{"claim_id": next_id, "topic_id": t} for t in chosen]
                    if claim["outcome"] is not None:
                        resolved.append(_resolution(rng, claim, now))
                    rows.append(claim)
                    next_id += 1
            source_ids = _insert_sources(session, sources)
            for row in rows:
                row["source_id"] = source_ids[row.pop("source") - 1]
            session.execute(insert(Claim.metadata.tables["claims"]), rows)
            session.execute(insert(claim_topics), links)
            if resolved:
                session.execute(insert(Resolution.metadata.tables["resolutions"]), resolved)
            counts["claims"] += len(rows)
            counts["sources"] += len(sources)
            counts["resolutions"] += len(resolved)
    with transaction(factory) as session:
        topics.recount(session)
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
        if engine.dialect.name == "sqlite":
            # Fold the WAL into the file, so readers that open it immutable see everything.
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts | {"experts": len(expert_ids), "topics": len(topic_ids)}


def _topics(session: Any) -> dict[str, int]:
    by_slug = {t.slug: t for t in session.scalars(select(Topic))}
    for parent_slug, children in SUBTOPICS.items():
        parent = by_slug[parent_slug]
        for slug in children:
            if slug not in by_slug:
                topic = Topic(
                    slug=slug,
                    name=slug.replace("-", " ").capitalize(),
                    parent_id=parent.id,
                    path=f"{parent.path}{slug}/",
                )
                session.add(topic)
                by_slug[slug] = topic
    session.flush()
    return {slug: t.id for slug, t in by_slug.items()}


def _experts(session: Any, rng: random.Random, n: int) -> list[int]:
    syllables = [s.capitalize() for s in EN_SYLLABLES]
    names: dict[str, None] = {}
    while len(names) < n:
        surname = "".join(rng.choices(syllables, k=2)).capitalize() + rng.choice(SURNAME_ENDINGS)
        names.setdefault(f"{rng.choice(FIRST_NAMES)} {surname.capitalize()}")
    rows: list[dict[str, Any]] = [
        {
            "slug": f"{name.lower().replace(' ', '-')}",
            "name": name,
            "kind": "group" if i % 97 == 0 else "organization" if i % 41 == 0 else "person",
            "role": rng.choice(ROLES),
            "country": rng.choice(("KZ", "KZ", "KZ", "UZ", "AZ", "TR", "RU", "KG")),
            "aliases": [name.split()[-1]],
            "links": {},
        }
        for i, name in enumerate(names)
    ]
    session.execute(insert(Expert), rows)
    return list(session.scalars(select(Expert.id)))


def _article(rng: random.Random, words: Words, k: int) -> tuple[str, list[tuple[int, int]]]:
    """An article of filler paragraphs around k quotes; the quotes' [start, end) spans."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for _ in range(k):
        filler = " ".join(words.draw(rng, rng.randint(15, 40))).capitalize() + ". "
        quote = " ".join(words.draw(rng, rng.randint(10, 28))).capitalize()
        paragraph = filler + "«" + quote + "», the expert said.\n"
        start = offset + len(filler) + 1
        spans.append((start, start + len(quote)))
        parts.append(paragraph)
        offset += len(paragraph)
    return "".join(parts), spans


def _claim(
    rng: random.Random,
    english: Words,
    hedges: list[str],
    text: str,
    start: int,
    end: int,
    stated_on: dt.date,
) -> dict[str, Any]:
    kind = weighted(rng, KINDS)
    row: dict[str, Any] = {
        "kind": kind,
        "statement": " ".join(english.draw(rng, rng.randint(8, 18))).capitalize() + ".",
        "quote": text[start:end],
        "span_start": start,
        "span_end": end,
        "quote_prefix": text[max(0, start - 32) : start],
        "quote_suffix": text[end : end + 32],
        "stated_on": stated_on,
        "review": weighted(rng, REVIEWS),
        "extractor": "human" if rng.random() < 0.3 else "forecast-ledger-rules",
        "extractor_version": None,
        "extraction_score": None,
        "outcome": None,
        "proposition_id": None,
        "stance": None,
        **dict.fromkeys(("horizon_phrase", "horizon_earliest", "horizon_latest"), None),
        "horizon_inferred": False,
        **dict.fromkeys(("hedge_phrase", "probability_low", "probability", "probability_high"))
        | {"confidence_band": None, "confidence_scale": None},
    }
    if row["extractor"] != "human":
        row["extractor_version"] = "1"
        row["extraction_score"] = round(rng.betavariate(5, 2), 3)
    if kind != "forecast":
        return row
    phrase = rng.choice(hedges)
    band = confidence.for_statement(phrase, negated=rng.random() < 0.1)
    row |= {
        "hedge_phrase": phrase,
        "probability_low": band.low,
        "probability": band.point,
        "probability_high": band.high,
        "confidence_band": band.name,
        "confidence_scale": confidence.SCALE,
    }
    if rng.random() < 0.75:
        words, days, inferred = rng.choice(HORIZONS)
        latest = (
            dt.date(-days, 12, 31)
            if days < 0
            else dt.date(stated_on.year, 12, 31)
            if days == 0
            else stated_on + dt.timedelta(days=days)
        )
        row |= {
            "horizon_phrase": words,
            "horizon_earliest": stated_on,
            "horizon_latest": max(latest, stated_on),
            "horizon_inferred": inferred,
        }
        if latest < TODAY and row["review"] == "verified" and rng.random() < 0.45:
            came_true = rng.random() < (band.point if rng.random() < 0.8 else 0.5)
            row["outcome"] = rng.choices(
                ["true" if came_true else "false", "partly", "ambiguous"], weights=(92, 5, 3)
            )[0]
    return row


def _resolution(rng: random.Random, claim: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    latest: dt.date = claim["horizon_latest"]
    return {
        "claim_id": claim["id"],
        "outcome": claim["outcome"],
        "resolved_on": min(TODAY, latest + dt.timedelta(days=rng.randint(1, 90))),
        "rationale": "Resolved against the public record.",
        "evidence_url": f"https://record.example/{claim['id']}",
        "resolver": "bench",
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _insert_sources(session: Any, sources: list[dict[str, Any]]) -> list[int]:
    table = Source.metadata.tables["sources"]
    session.execute(insert(table), sources)
    urls = [s["url"] for s in sources]
    query = select(table.c.url, table.c.id).where(table.c.url.in_(urls))
    found = dict(session.execute(query).all())
    return [found[url] for url in urls]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--url", default="sqlite:////tmp/forecasts-realistic-100k.db")
    args = parser.parse_args()
    started = time.perf_counter()
    counts = build(make_engine(args.url), args.claims)
    took = time.perf_counter() - started
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" in {took:.0f} s: {args.url}")


if __name__ == "__main__":
    main()
