"""The real-article set (tests/extraction/real/): check its annotations, list how to re-fetch it.

The repository keeps only metadata and annotations of published articles that are not ours; each
claim is located by two short anchors (the first and the last words of its quote) in the article's
text, which lives in a git-ignored folder. This script is the one place that knows how an anchor
pair resolves to a span, so the annotations, their test and anyone scoring against them agree.

    python scripts/real_articles.py check [--texts DIR] [--allow-missing] [FILE.json ...]
    python scripts/real_articles.py fetch-list
    python scripts/real_articles.py save STEM [EXCERPT_FILE] [--json] [--texts DIR]
    python scripts/real_articles.py stamp FILE.json ... [--texts DIR]
    python scripts/real_articles.py quotes FILE.json [--texts DIR]
    python scripts/real_articles.py stats

`check` validates every annotation (all of them under tests/extraction/real/ by default) and
exits non-zero on any problem; with `--allow-missing` an article whose text is absent is checked
for structure only, with a message. `fetch-list` prints each article's URL and the search query
that returns it. `save` normalises an excerpt (from a file or stdin; `--json` when it is a JSON
string literal, escapes and all) and writes `<texts>/<stem>.txt`. `stamp` writes the text's
SHA-256 and length into the annotation. `quotes` prints the span every claim's anchors resolve to;
`stats` prints the counts table of the set's README.
The texts folder is `--texts`, else `$FORECASTS_REAL_TEXTS`, else tests/extraction/real/texts/.
"""

import argparse
import datetime as dt
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import confidence  # noqa: E402
from app.text import normalise, sha256  # noqa: E402

REAL = ROOT / "tests" / "extraction" / "real"
SPLITS = ("dev", "test")
STEM = re.compile(
    r"^(?P<lang>en|ru)-(?P<outlet>[a-z0-9-]+)-(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9-]+)$"
)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
SOURCE_KEYS = {
    "title", "publisher", "url", "published_on", "date_uncertain", "language", "text_file",
    "text_sha256", "text_chars", "form", "byline", "search_query", "covers",
}  # fmt: skip
EXPERT_KEYS = {"slug", "name", "kind", "role", "country", "aliases"}
CLAIM_KEYS = {
    "expert", "kind", "statement", "anchor", "hedge", "negated", "horizon", "topics", "required",
}  # fmt: skip
HORIZON_KEYS = {"phrase", "earliest", "latest", "inferred"}
FORMS = {"news", "interview", "op-ed", "analysis", "wire"}
EXPERT_KINDS = {"person", "group", "organization"}
CLAIM_KINDS = {"forecast", "assessment", "prescription"}
TOPICS = {
    "kazakhstan", "elections", "reforms", "demographics", "economy", "foreign-policy",
    "russia", "china", "turkic-world", "central-asia", "energy", "security",
}  # fmt: skip
COVERS = {
    # the self-written corpus's difficulty tags (tests/extraction/corpus/README.md) ...
    "role-as-written", "multi-paragraph-quote", "according-to", "trailing-marker", "coreference",
    "for-his-part", "interview", "unnamed-group", "reported-politician", "journalist-framing",
    "name-variants", "cross-language-person", "hedges", "negation", "horizons",
    # ... and the classes real prose adds (issue 11)
    "op-ed-author", "apposition", "trailing-said", "dash-list", "closing-line",
    "transliteration-variants", "place-not-person", "journalist-background",
    "interviewer-question", "reported-official",
}  # fmt: skip
HEDGES = {phrase for band in confidence.BANDS for phrase in band.phrases}
LEANING_AGAINST = {"probably-not", "unlikely", "very-unlikely", "almost-certainly-not"}
MAX_ANCHOR_WORDS = 15
# What a quote may not start or end with: quote marks, dashes and the final punctuation.
EDGE = " \t,.;:!?\"'«»“”„‘’—–-"


class AnchorError(ValueError):
    """An anchor pair that does not resolve to exactly one span of the text."""


@dataclass(frozen=True, slots=True)
class Article:
    path: Path
    stem: str
    split: str
    doc: dict[str, Any]


def resolve(text: str, anchor: dict[str, str]) -> tuple[int, int]:
    """The span `[i, j + len(end))` the anchors name: `start` occurs once at i, and j is the
    first occurrence of `end` from i on; the span must hold all of `start`."""
    start, end = anchor["start"], anchor["end"]
    count = text.count(start)
    if count != 1:
        raise AnchorError(f"start {start!r} occurs {count} times")
    i = text.index(start)
    j = text.find(end, i)
    if j == -1:
        raise AnchorError(f"end {end!r} does not occur after start {start!r}")
    if j + len(end) < i + len(start):
        raise AnchorError(f"end {end!r} first occurs inside start {start!r}: lengthen it")
    return i, j + len(end)


def default_texts() -> Path:
    return Path(os.environ.get("FORECASTS_REAL_TEXTS") or REAL / "texts")


def read_text(texts: Path, stem: str) -> str | None:
    path = texts / f"{stem}.txt"
    return normalise(path.read_text("utf-8")) if path.is_file() else None


def articles(paths: list[Path] | None = None) -> list[Article]:
    found = paths or sorted(p for split in SPLITS for p in (REAL / split).glob("*.json"))
    return [
        Article(path, path.stem, path.parent.name, json.loads(path.read_text("utf-8")))
        for path in found
    ]


def _keys(where: str, value: Any, keys: set[str]) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: not an object"]
    problems = []
    if missing := keys - value.keys():
        problems.append(f"{where}: missing keys {sorted(missing)}")
    if extra := value.keys() - keys:
        problems.append(f"{where}: unknown keys {sorted(extra)}")
    return problems


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def check_structure(article: Article) -> list[str]:
    """Everything that can be checked without the article's text."""
    doc, stem = article.doc, article.stem
    problems = _keys("top level", doc, {"source", "experts", "claims"})
    if problems:
        return problems
    source = doc["source"]
    problems += _keys("source", source, SOURCE_KEYS)
    if problems:
        return problems
    match = STEM.match(stem)
    if article.split not in SPLITS:
        problems.append(f"the file is not under {'/'.join(SPLITS)}/")
    if not match:
        return [*problems, "the file name is not <lang>-<outlet>-<yyyy-mm-dd>-<slug>.json"]
    if source["language"] != match["lang"]:
        problems.append("source.language differs from the file name")
    if source["published_on"] != match["date"] or _date(source["published_on"]) is None:
        problems.append("source.published_on is not the file name's date")
    if source["text_file"] != f"{stem}.txt":
        problems.append("source.text_file is not <stem>.txt")
    if not str(source["url"]).startswith(("https://", "http://")):
        problems.append("source.url is not a web address")
    if source["form"] not in FORMS:
        problems.append(f"source.form {source['form']!r} is not one of {sorted(FORMS)}")
    if not isinstance(source["date_uncertain"], bool):
        problems.append("source.date_uncertain is not a boolean")
    if not re.fullmatch(r"[0-9a-f]{64}", str(source["text_sha256"])):
        problems.append("source.text_sha256 is not a hex SHA-256")
    if not isinstance(source["text_chars"], int) or source["text_chars"] <= 0:
        problems.append("source.text_chars is not a positive integer")
    if not (source["search_query"] and isinstance(source["search_query"], str)):
        problems.append("source.search_query is empty")
    if source["byline"] is not None and not isinstance(source["byline"], str):
        problems.append("source.byline is neither a name nor null")
    for field in ("title", "publisher"):
        if not (source[field] and isinstance(source[field], str)):
            problems.append(f"source.{field} is empty")
    if unknown := set(source["covers"]) - COVERS:
        problems.append(f"source.covers has unknown tags {sorted(unknown)}")
    if source["form"] == "op-ed" and not source["byline"]:
        problems.append("an op-ed names its author in source.byline")

    slugs: list[str] = []
    for n, expert in enumerate(doc["experts"]):
        where = f"experts[{n}]"
        if bad := _keys(where, expert, EXPERT_KEYS):
            problems += bad
            continue
        slugs.append(expert["slug"])
        if not SLUG.match(str(expert["slug"])):
            problems.append(f"{where}: slug {expert['slug']!r} is not lower-case-hyphenated")
        if expert["kind"] not in EXPERT_KINDS:
            problems.append(f"{where}: kind {expert['kind']!r} unknown")
        if not isinstance(expert["aliases"], list) or expert["name"] in expert["aliases"]:
            problems.append(f"{where}: aliases is a list of the *other* spellings")
        if expert["kind"] == "group":
            if (expert["role"], expert["country"]) != (None, None):
                problems.append(f"{where}: a group has role and country null")
        else:
            if not expert["role"]:
                problems.append(f"{where}: role missing")
            if expert["country"] is not None and not COUNTRY.match(str(expert["country"])):
                problems.append(f"{where}: country is not ISO 3166 alpha-2")
    if len(slugs) != len(set(slugs)):
        problems.append("experts: a slug is listed twice")
    speaking = {c.get("expert") for c in doc["claims"] if isinstance(c, dict)}
    if silent := set(slugs) - speaking:
        problems.append(f"experts {sorted(silent)} have no claim")

    published = _date(source["published_on"])
    for n, claim in enumerate(doc["claims"]):
        problems += _check_claim(f"claims[{n}]", claim, set(slugs), published)
    return problems


def _check_claim(where: str, claim: Any, slugs: set[str], published: dt.date | None) -> list[str]:
    if bad := _keys(where, claim, CLAIM_KEYS):
        return bad
    problems = []
    if claim["expert"] not in slugs:
        problems.append(f"{where}: expert {claim['expert']!r} is not in experts")
    if claim["kind"] not in CLAIM_KINDS:
        problems.append(f"{where}: kind {claim['kind']!r} unknown")
    statement = claim["statement"]
    if not (isinstance(statement, str) and statement[:1].isupper() and statement.endswith(".")):
        problems.append(f"{where}: statement is not one sentence with a capital and a full stop")
    anchor = claim["anchor"]
    if bad := _keys(f"{where}.anchor", anchor, {"start", "end"}):
        problems += bad
    else:
        for side in ("start", "end"):
            words = str(anchor[side]).split()
            if not words:
                problems.append(f"{where}: anchor.{side} is empty")
            elif len(words) > MAX_ANCHOR_WORDS:
                problems.append(f"{where}: anchor.{side} has {len(words)} words (at most 15)")
    if not isinstance(claim["required"], bool) or not isinstance(claim["negated"], bool):
        problems.append(f"{where}: required and negated are booleans")
    topics = claim["topics"]
    if not topics or not set(topics) <= TOPICS or len(set(topics)) != len(topics):
        problems.append(f"{where}: topics {topics!r} are not distinct ones of the lexicon")
    hedge, horizon = claim["hedge"], claim["horizon"]
    if claim["kind"] != "forecast":
        if (hedge, horizon, claim["negated"]) != (None, None, False):
            problems.append(f"{where}: only forecasts carry hedge, horizon and negated")
        return problems
    if hedge is not None:
        if hedge not in HEDGES:
            problems.append(f"{where}: hedge {hedge!r} is not a phrase of BANDS (lower case)")
        elif claim["negated"] != (confidence.for_phrase(hedge).name in LEANING_AGAINST):
            problems.append(f"{where}: negated is set exactly when the hedge leans against")
    elif claim["negated"]:
        problems.append(f"{where}: negated without a hedge")
    if horizon is not None:
        if bad := _keys(f"{where}.horizon", horizon, HORIZON_KEYS):
            return problems + bad
        earliest, latest = _date(horizon["earliest"]), _date(horizon["latest"])
        if not (published and earliest and latest and published <= earliest <= latest):
            problems.append(f"{where}: horizon is not published_on <= earliest <= latest")
        if not isinstance(horizon["inferred"], bool) or not horizon["phrase"]:
            problems.append(f"{where}: horizon needs a phrase and a boolean inferred")
    return problems


def check_text(article: Article, text: str) -> list[str]:
    """What needs the text: its hash, and that every anchor pair names a sound span."""
    doc, source = article.doc, article.doc["source"]
    problems = []
    if sha256(text) != source["text_sha256"]:
        problems.append("the text's SHA-256 differs from source.text_sha256 (run `stamp`?)")
    if len(text) != source["text_chars"]:
        problems.append(f"the text has {len(text)} characters, not {source['text_chars']}")
    lowered = text.lower()
    for expert in doc["experts"]:
        if not any(name.lower() in lowered for name in [expert["name"], *expert["aliases"]]):
            problems.append(f"expert {expert['slug']}: neither name nor an alias is in the text")
    previous_end = 0
    for n, claim in enumerate(doc["claims"]):
        where = f"claims[{n}]"
        try:
            i, j = resolve(text, claim["anchor"])
        except AnchorError as error:
            problems.append(f"{where}: {error}")
            continue
        quote = text[i:j]
        if "\n" in quote:
            problems.append(f"{where}: the span crosses a paragraph")
        if quote != quote.strip(EDGE):
            problems.append(f"{where}: the span starts or ends with punctuation or a quote mark")
        if i < previous_end:
            problems.append(f"{where}: claims are not in text order or overlap the one before")
        previous_end = j
        hedge, horizon = claim["hedge"], claim["horizon"]
        if hedge and hedge not in quote.lower():
            problems.append(f"{where}: hedge {hedge!r} is not inside the quote")
        if horizon and str(horizon["phrase"]).lower() not in lowered:
            problems.append(f"{where}: horizon phrase {horizon['phrase']!r} is not in the text")
    return problems


def check(articles_: list[Article], texts: Path, *, allow_missing: bool) -> tuple[int, int]:
    """Print each article's problems; returns (articles with problems, articles without text)."""
    bad = missing = 0
    for article in articles_:
        problems = check_structure(article)
        text = read_text(texts, article.stem)
        if text is None:
            missing += 1
            if not allow_missing:
                problems.append(f"no text at {texts / (article.stem + '.txt')}")
        elif not problems:
            problems = check_text(article, text)
        label = f"{article.split}/{article.stem}"
        if problems:
            bad += 1
            print(f"FAIL {label}")
            for problem in problems:
                print(f"  - {problem}")
        else:
            state = "ok" if text is not None else "ok (structure only: no text)"
            claims = article.doc["claims"]
            required = sum(1 for c in claims if c["required"])
            print(f"{state:<5} {label}: {len(claims)} claims, {required} required")
    return bad, missing


def stats(articles_: list[Article]) -> str:
    """Articles per form, claims, required claims and distinct experts, per language and split."""
    header = ["language", "split", "articles", *sorted(FORMS), "claims", "required", "experts"]
    rows = []
    for language in sorted({a.doc["source"]["language"] for a in articles_}):
        for split in SPLITS:
            part = [
                a for a in articles_ if (a.doc["source"]["language"], a.split) == (language, split)
            ]
            claims = [c for a in part for c in a.doc["claims"]]
            forms = [a.doc["source"]["form"] for a in part]
            experts = {e["slug"] for a in part for e in a.doc["experts"]}
            required = sum(1 for c in claims if c["required"])
            counts = [len(part), *(forms.count(f) for f in sorted(FORMS))]
            rows.append([language, split, *counts, len(claims), required, len(experts)])
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def _texts_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--texts", type=Path, default=None, help="the folder of <stem>.txt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p_check = commands.add_parser("check", help="validate annotations (and texts present)")
    p_check.add_argument("files", nargs="*", type=Path)
    p_check.add_argument("--allow-missing", action="store_true")
    _texts_arg(p_check)
    commands.add_parser("fetch-list", help="each article's URL and search query")
    p_save = commands.add_parser("save", help="normalise an excerpt into <texts>/<stem>.txt")
    p_save.add_argument("stem")
    p_save.add_argument("excerpt", nargs="?", type=Path, help="a file; stdin when left out")
    p_save.add_argument("--json", action="store_true", help="the excerpt is a JSON string")
    _texts_arg(p_save)
    p_stamp = commands.add_parser("stamp", help="write text_sha256 and text_chars")
    p_stamp.add_argument("files", nargs="+", type=Path)
    _texts_arg(p_stamp)
    p_quotes = commands.add_parser("quotes", help="print the span of every claim")
    p_quotes.add_argument("file", type=Path)
    _texts_arg(p_quotes)
    commands.add_parser("stats", help="counts per language and split, as a Markdown table")
    args = parser.parse_args(argv)
    texts: Path = getattr(args, "texts", None) or default_texts()

    if args.command == "check":
        found = articles(args.files or None)
        bad, missing = check(found, texts, allow_missing=args.allow_missing)
        print(f"{len(found)} articles, {bad} with problems, {missing} without text in {texts}")
        return 1 if bad or not found else 0
    if args.command == "stats":
        print(stats(articles()))
        return 0
    if args.command == "fetch-list":
        for article in articles():
            source = article.doc["source"]
            print(f"{article.split}/{article.stem}\n  url:   {source['url']}")
            print(f"  query: {source['search_query']}")
        return 0
    if args.command == "save":
        if not STEM.match(args.stem):
            parser.error("the stem is <lang>-<outlet>-<yyyy-mm-dd>-<slug>")
        raw = args.excerpt.read_text("utf-8") if args.excerpt else sys.stdin.read()
        saved = normalise(json.loads(raw) if args.json else raw)
        texts.mkdir(parents=True, exist_ok=True)
        (texts / f"{args.stem}.txt").write_text(saved, "utf-8")
        print(f"{texts / (args.stem + '.txt')}: {len(saved)} chars, sha256 {sha256(saved)}")
        return 0
    if args.command == "stamp":
        for path in args.files:
            doc = json.loads(path.read_text("utf-8"))
            stamped = read_text(texts, path.stem)
            if stamped is None:
                print(f"no text for {path.stem} in {texts}", file=sys.stderr)
                return 1
            doc["source"].update(text_sha256=sha256(stamped), text_chars=len(stamped))
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return 0
    article = articles([args.file])[0]
    quoted = read_text(texts, article.stem)
    if quoted is None:
        print(f"no text for {article.stem} in {texts}", file=sys.stderr)
        return 1
    for n, claim in enumerate(article.doc["claims"]):
        try:
            i, j = resolve(quoted, claim["anchor"])
            print(f"[{n}] {claim['expert']} {claim['kind']}: {quoted[i:j]}")
        except AnchorError as error:
            print(f"[{n}] {claim['expert']}: ERROR {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
