"""Extraction speed: articles of about 5,000 characters per second on one core.

Articles are built from the seed and corpus texts (each cut or repeated to ~5,000 characters at a
paragraph boundary), extracted once to warm caches, then timed over several rounds.

    .venv/bin/python bench/extraction.py [--rounds N]
"""

import argparse
import datetime as dt
import time
from pathlib import Path

from app.extraction import extract
from app.extraction.types import Article
from app.text import normalise

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "app" / "sample", ROOT / "tests" / "extraction" / "corpus")
SIZE = 5_000


def articles() -> list[Article]:
    """One ~5,000-character article per source text."""
    built = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            text = normalise(path.read_text(encoding="utf-8"))
            paragraphs = text.split("\n")
            body: list[str] = []
            while sum(len(p) + 1 for p in body) < SIZE:
                body.extend(paragraphs)
            while sum(len(p) + 1 for p in body) > SIZE * 1.1 and len(body) > 1:
                body.pop()
            built.append(Article(text="\n".join(body), published_on=dt.date(2024, 1, 1)))
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    batch = articles()
    for article in batch:
        extract(article)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for article in batch:
            extract(article)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    count = rounds * len(batch)
    chars = sum(len(a.text) for a in batch) / len(batch)
    print(f"{count} articles of {chars:,.0f} characters on average in {elapsed:.2f} s")
    # CPU time is what one core spent; on a shared machine, wall time also counts the moments
    # another process had the core.
    print(
        f"{count / cpu:,.0f} articles/s on one core (CPU time);"
        f" {count / elapsed:,.0f}/s by the clock"
    )


if __name__ == "__main__":
    main()
