"""The real-article set's annotations are sound: always their structure, and, for every article
whose text is present (git-ignored, see tests/extraction/real/README.md), its hash and anchors.

CI has no texts, so there only the structure is checked; a machine with the texts checks it all.
"""

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "real_articles.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("real_articles", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


real = _script()
ARTICLES = {f"{a.split}/{a.stem}": a for a in real.articles()}


def test_the_set_is_large_enough_and_split_two_to_one() -> None:
    splits = Counter(a.split for a in ARTICLES.values())
    assert sum(splits.values()) >= 22
    assert splits["test"] >= 6
    assert 1.5 <= splits["dev"] / splits["test"] <= 2.5


def test_every_form_is_in_both_splits() -> None:
    forms = {(a.split, a.doc["source"]["form"]) for a in ARTICLES.values()}
    assert {(split, form) for split in real.SPLITS for form in real.FORMS} <= forms


def test_an_article_is_in_one_split_only() -> None:
    stems = Counter(a.stem for a in ARTICLES.values())
    assert [stem for stem, n in stems.items() if n > 1] == []


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_the_annotation_is_well_formed(key: str) -> None:
    assert real.check_structure(ARTICLES[key]) == []


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_the_anchors_resolve_in_the_text(key: str) -> None:
    article = ARTICLES[key]
    text = real.read_text(real.default_texts(), article.stem)
    if text is None:
        pytest.skip("the article's text is not on this machine")
    assert real.check_text(article, text) == []


def test_one_person_has_one_slug_and_one_name_across_articles() -> None:
    countries: dict[str, set[str | None]] = {}
    for article in ARTICLES.values():
        for expert in article.doc["experts"]:
            countries.setdefault(expert["slug"], set()).add(expert["country"])
    assert {slug: c for slug, c in countries.items() if len(c) > 1} == {}


def test_anchors_resolve_to_the_first_end_after_the_start() -> None:
    text = "He said: prices will rise. Later, prices will rise again, he said."
    span = real.resolve(text, {"start": "He said", "end": "will rise"})
    assert text[slice(*span)] == "He said: prices will rise"
    with pytest.raises(real.AnchorError):
        real.resolve(text, {"start": "prices will rise.", "end": "rise"})
    with pytest.raises(real.AnchorError):
        real.resolve(text, {"start": "prices will", "end": "rise"})
    with pytest.raises(real.AnchorError):
        real.resolve(text, {"start": "Later", "end": "nowhere"})


def test_a_span_across_paragraphs_and_a_wrong_hash_are_reported(tmp_path: Path) -> None:
    text = "Title\nThe tenge will weaken\nnext year, the analyst said."
    doc = {
        "source": {"text_sha256": "0" * 64, "text_chars": len(text)},
        "experts": [],
        "claims": [
            {
                "anchor": {"start": "The tenge", "end": "next year"},
                "hedge": "will",
                "horizon": None,
            }
        ],
    }
    article = real.Article(tmp_path / "x.json", "x", "dev", doc)
    problems = real.check_text(article, text)
    assert any("SHA-256" in p for p in problems)
    assert any("crosses a paragraph" in p for p in problems)


def _run(*args: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_the_checker_passes_the_set_without_texts_only_when_allowed(tmp_path: Path) -> None:
    allowed = _run("check", "--allow-missing", "--texts", str(tmp_path))
    assert allowed.returncode == 0, allowed.stdout
    assert "structure only" in allowed.stdout
    assert _run("check", "--texts", str(tmp_path)).returncode == 1


def test_the_checker_fails_a_broken_annotation(tmp_path: Path) -> None:
    source = next(iter(ARTICLES.values())).path
    doc = json.loads(source.read_text("utf-8"))
    doc["claims"][0]["hedge"] = "perhaps"
    doc["claims"][0]["kind"] = "forecast"
    (tmp_path / "dev").mkdir()
    broken = tmp_path / "dev" / source.name
    broken.write_text(json.dumps(doc), "utf-8")
    result = _run("check", "--allow-missing", "--texts", str(tmp_path), str(broken))
    assert result.returncode == 1
    assert "is not a phrase of BANDS" in result.stdout


def test_fetch_list_names_every_article_with_its_url_and_query() -> None:
    listed = _run("fetch-list").stdout
    for article in ARTICLES.values():
        assert article.doc["source"]["url"] in listed
        assert article.doc["source"]["search_query"] in listed
