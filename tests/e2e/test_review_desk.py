"""The review desk in Debian's Chromium against a real `forecasts serve` on SQLite."""

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from app.db import make_engine
from app.services import keys
from tests.e2e.conftest import serving

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SAMPLE = Path(__file__).resolve().parents[2] / "app" / "sample"
SEED = (SAMPLE / "caliber-az-2022-11-19-kazakhstan-path.txt").read_text()
ANNOTATED = json.loads((SAMPLE / "kazakhstan-path.json").read_text())["claims"]
TIMEOUT_MS = 10_000
_copies = itertools.count(1)

pytestmark = pytest.mark.browser

# Select `quote` inside the source text as a mouse drag would: a DOM range over its text nodes.
SELECT = """([quote, nth]) => {
  const root = document.getElementById("source-text");
  let at = -1;
  for (let i = 0; i <= nth; i += 1) at = root.textContent.indexOf(quote, at + 1);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const next = seen + node.length;
    if (seen <= at && at < next) range.setStart(node, at - seen);
    const end = at + quote.length;
    if (seen < end && end <= next) range.setEnd(node, end - seen);
    seen = next;
  }
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


@dataclass(frozen=True)
class Desk:
    base_url: str
    database_url: str
    write_key: str
    read_key: str
    revoked_key: str

    def api(self) -> httpx.Client:
        auth = {"Authorization": f"Bearer {self.write_key}"}
        return httpx.Client(base_url=self.base_url, headers=auth, timeout=30)


def _keys(database_url: str) -> tuple[str, str, str]:
    """A write key, a key without `write` and a revoked one, made in the server's database."""
    engine = make_engine(database_url, writer=True)
    try:
        with Session(engine) as session, session.begin():
            _, editor = keys.create(session, name="editor", scopes=["write", "ingest"])
            _, reader = keys.create(session, name="reader", scopes=["resolve"])
            gone, revoked = keys.create(session, name="gone", scopes=["write"])
            keys.revoke(session, prefix=gone.prefix)
    finally:
        engine.dispose()
    return editor, reader, revoked


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    directory = tmp_path_factory.mktemp("review")
    url = f"sqlite:///{directory / 'review.db'}"
    with serving(url, directory) as base_url:
        yield Desk(base_url, url, *_keys(url))


def ingest_seed(desk: Desk) -> tuple[int, int]:
    """A new copy of the seed article (its own first line, so its own checksum): id and offset."""
    heading = f"Desk copy {next(_copies)}.\n\n"
    with desk.api() as api:
        made = api.post(
            "/v1/sources",
            json={"title": heading.strip(), "text": heading + SEED, "published_on": "2022-11-19"},
        )
    assert made.status_code == 201, made.text
    return made.json()["source"]["id"], len(heading)


def sign_in(page: Page, desk: Desk, key: str) -> None:
    page.goto(f"{desk.base_url}/review")
    page.locator("#key-input").fill(key)
    page.keyboard.press("Enter")


def open_first_source(page: Page, desk: Desk) -> None:
    sign_in(page, desk, desk.write_key)
    expect(page.locator("#queue-list li").first).to_be_visible(timeout=TIMEOUT_MS)
    page.keyboard.press("Enter")
    expect(page.locator("mark.current")).not_to_have_count(0, timeout=TIMEOUT_MS)


def current_id(page: Page) -> int:
    text = page.locator("#fields dd").first.inner_text()
    return int(text.removeprefix("#"))


def claim(desk: Desk, claim_id: int) -> dict[str, Any]:
    with desk.api() as api:
        found: dict[str, Any] = api.get(f"/v1/claims/{claim_id}").json()
        return found


def history(desk: Desk, claim_id: int) -> list[dict[str, Any]]:
    with desk.api() as api:
        items: list[dict[str, Any]] = api.get(f"/v1/claims/{claim_id}/history").json()["items"]
        return items


def wait_for_review(page: Page, review: str) -> None:
    expect(page.locator("#fields .field-review")).to_have_text(review, timeout=TIMEOUT_MS)


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=False)


def test_the_page_is_strict_and_refuses_bad_keys(desk: Desk, browser_page: Page) -> None:
    page = httpx.get(f"{desk.base_url}/review")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in page.text  # every script is a file of this origin
    assert "style=" not in page.text
    errors: list[str] = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.on(
        "console", lambda m: errors.append(m.text) if "Security Policy" in m.text else None
    )
    failed: list[tuple[int, str]] = []
    browser_page.on(
        "response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None
    )
    for bad in (desk.revoked_key, "fl_000000000000_" + "x" * 40, "not a key"):
        sign_in(browser_page, desk, bad)
        expect(browser_page.locator("#sign-in-error")).to_contain_text(
            "unknown, malformed or revoked", timeout=TIMEOUT_MS
        )
        expect(browser_page.locator("#queue")).to_be_hidden()
        assert browser_page.evaluate("sessionStorage.length") == 0
    assert errors == []  # no script error, no CSP violation
    refused = [url for status, url in failed if not url.endswith("/favicon.ico")]
    assert refused == [f"{desk.base_url}/review/key"] * 3


def test_html_in_article_text_is_shown_as_text(desk: Desk, browser_page: Page) -> None:
    text = 'Gaziz Abishev wrote <img src=x id="injected"> that <b>Russia</b> stays.'
    quote = "<b>Russia</b> stays"
    with desk.api() as api:
        made = api.post("/v1/sources?extract=false", json={"title": "<i>Markup</i>", "text": text})
        assert made.status_code == 201, made.text
        start = text.index(quote)
        drafted = api.post(
            "/v1/claims",
            json={
                "expert": "gaziz-abishev",
                "source": made.json()["source"]["id"],
                "kind": "forecast",
                "statement": "Russia stays.",
                "quote": quote,
                "span": {"start": start, "end": start + len(quote)},
            },
        )
        assert drafted.status_code == 201, drafted.text
    errors: list[str] = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    open_first_source(browser_page, desk)
    expect(browser_page.locator("#source-text")).to_have_text(text)
    expect(browser_page.locator("#source-title")).to_have_text("<i>Markup</i>")
    expect(browser_page.locator("mark.current")).to_have_text(quote)
    assert browser_page.locator("#injected, #source-text b, #source-text img, h2 i").count() == 0
    assert errors == []


def test_a_key_without_write_sees_the_queue_read_only(desk: Desk, browser_page: Page) -> None:
    source_id, _ = ingest_seed(desk)
    sign_in(browser_page, desk, desk.read_key)
    expect(browser_page.locator("#read-only")).to_be_visible(timeout=TIMEOUT_MS)
    expect(browser_page.locator("#queue-list li").first).to_be_visible()
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("mark.current")).not_to_have_count(0, timeout=TIMEOUT_MS)
    expect(browser_page.locator("#accept")).to_be_hidden()
    first = current_id(browser_page)
    browser_page.keyboard.press("a")
    expect(browser_page.locator("#notice")).to_contain_text("lacks the write scope")
    assert claim(desk, first)["review"] == "draft"
    assert claim(desk, first)["source"] == source_id
    screenshot(browser_page, "review-read-only.png")


def test_accept_reject_and_undo_by_keyboard(desk: Desk, browser_page: Page) -> None:
    ingest_seed(desk)
    open_first_source(browser_page, desk)
    first = current_id(browser_page)
    browser_page.keyboard.press("a")
    expect(browser_page.locator("#fields dd").first).not_to_have_text(f"#{first}")
    second = current_id(browser_page)
    browser_page.keyboard.press("r")
    browser_page.keyboard.press("2")
    expect(browser_page.locator("#fields dd").first).not_to_have_text(f"#{second}")
    assert claim(desk, first)["review"] == "verified"
    assert claim(desk, second)["review"] == "retracted"
    assert history(desk, second)[-1]["changes"]["reason"] == [None, "wrong expert"]

    browser_page.keyboard.press("u")
    expect(browser_page.locator("#notice")).to_contain_text(f"claim #{second} is draft")
    browser_page.keyboard.press("u")
    expect(browser_page.locator("#notice")).to_contain_text(f"claim #{first} is draft")
    assert [claim(desk, first)["review"], claim(desk, second)["review"]] == ["draft", "draft"]
    assert [h["changes"]["review"] for h in history(desk, second)[-2:]] == [
        ["draft", "retracted"],
        ["retracted", "draft"],
    ]
    browser_page.keyboard.press("?")
    expect(browser_page.locator("#help")).to_be_visible()
    screenshot(browser_page, "review-keys.png")


def test_the_quote_follows_a_selection_and_a_missed_claim_is_added(
    desk: Desk, browser_page: Page
) -> None:
    source_id, offset = ingest_seed(desk)
    open_first_source(browser_page, desk)
    target = current_id(browser_page)
    before = claim(desk, target)
    shorter = before["quote"][: len(before["quote"]) // 2].rstrip()
    nth = SEED.count(shorter, 0, before["span"]["start"] - offset)  # the heading has none
    browser_page.evaluate(SELECT, [shorter, nth])
    expect(browser_page.locator("#selection-bar")).to_be_visible()
    browser_page.keyboard.press("s")
    expect(browser_page.locator("#fields .field-quote")).to_have_text(shorter, timeout=TIMEOUT_MS)
    after = claim(desk, target)
    assert after["span"] == {
        "start": before["span"]["start"],
        "end": before["span"]["start"] + len(shorter),
    }

    requests: list[dict[str, str]] = []
    browser_page.on("request", lambda r: requests.append(r.headers) if r.method == "POST" else None)
    missed = "Tokayev will not face any real opposition candidates"
    browser_page.evaluate(SELECT, [missed, 0])
    browser_page.keyboard.press("n")
    expect(browser_page.locator("#editor")).to_be_visible()
    browser_page.keyboard.press("Control+a")
    browser_page.keyboard.type("The editor added this claim.")
    browser_page.keyboard.press("Control+Enter")
    expect(browser_page.locator("#notice")).to_contain_text("as a draft", timeout=TIMEOUT_MS)
    added = claim(desk, current_id(browser_page))
    assert (added["source"], added["quote"], added["statement"]) == (
        source_id,
        missed,
        "The editor added this claim.",
    )
    assert added["extraction"]["method"] == "human"
    assert [len(h.get("idempotency-key", "")) for h in requests] == [32]
    screenshot(browser_page, "review-desk.png")


def test_a_conflict_shows_the_change_and_redoes_on_the_fresh_version(
    desk: Desk, browser_page: Page
) -> None:
    ingest_seed(desk)
    open_first_source(browser_page, desk)
    target = current_id(browser_page)
    with desk.api() as api:
        etag = api.get(f"/v1/claims/{target}").headers["etag"]
        moved = api.patch(
            f"/v1/claims/{target}",
            json={"statement": "Changed elsewhere."},
            headers={"If-Match": etag},
        )
        assert moved.status_code == 200
    browser_page.keyboard.press("a")
    expect(browser_page.locator("#conflict")).to_be_visible(timeout=TIMEOUT_MS)
    expect(browser_page.locator("#conflict-changes")).to_contain_text("Changed elsewhere.")
    assert claim(desk, target)["review"] == "draft"  # nothing overwritten
    screenshot(browser_page, "review-conflict.png")
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("#conflict")).to_be_hidden(timeout=TIMEOUT_MS)
    final = claim(desk, target)
    assert (final["review"], final["statement"]) == ("verified", "Changed elsewhere.")


def _correct(draft: dict[str, Any], offset: int) -> bool:
    """A draft is right when an annotated claim of its expert overlaps its span."""
    start, end = draft["span"]["start"] - offset, draft["span"]["end"] - offset
    return any(
        gold["expert"] == draft["expert"] and gold["span"][0] < end and start < gold["span"][1]
        for gold in ANNOTATED
    )


def test_the_seed_article_is_reviewed_by_keyboard_alone(desk: Desk, browser_page: Page) -> None:
    source_id, offset = ingest_seed(desk)
    browser_page.goto(f"{desk.base_url}/review")
    browser_page.keyboard.type(desk.write_key)  # the sign-in field has the focus
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("#queue-list li").first).to_contain_text(
        f"#{source_id}", timeout=TIMEOUT_MS
    )
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("mark.current")).not_to_have_count(0, timeout=TIMEOUT_MS)
    with desk.api() as api:
        listed = api.get(f"/v1/claims?source={source_id}&review=draft&limit=200").json()["items"]
    drafts = {d["id"]: d for d in listed}
    keys = {"right": 0, "wrong": 0}
    decisions: list[tuple[int, int]] = []  # (requests, log entries) per decision
    for _ in drafts:
        draft = drafts[current_id(browser_page)]
        score = f"{draft['extraction']['score']:.2f}"  # how sure the extractor is, shown
        expect(browser_page.locator("#fields .field-score")).to_have_text(score)
        logged = browser_page.evaluate("window.reviewLog.length")
        if _correct(draft, offset):
            browser_page.keyboard.press("a")
            keys["right"] += 1
        else:
            browser_page.keyboard.press("r")
            browser_page.keyboard.press("1")
            keys["wrong"] += 2
        expect(browser_page.locator("#counter")).to_have_text(
            f"{len(drafts) - len(decisions) - 1} decision(s) left in this source",
            timeout=TIMEOUT_MS,
        )
        decisions.append((draft["id"], logged))
    log: list[dict[str, Any]] = browser_page.evaluate("window.reviewLog")
    per_decision = [
        log[at:] if i + 1 == len(decisions) else log[at : decisions[i + 1][1]]
        for i, (_, at) in enumerate(decisions)
    ]
    right = sum(_correct(d, offset) for d in drafts.values())
    reviews = {d: claim(desk, d)["review"] for d in drafts}
    assert reviews == {
        d: "verified" if _correct(drafts[d], offset) else "retracted" for d in drafts
    }
    requests = [len(calls) for calls in per_decision]
    assert requests == [1] * len(drafts)
    millis = sorted(calls[0]["ms"] for calls in per_decision)
    print(
        f"\nseed article: {len(drafts)} drafts, {right} right, {len(drafts) - right} wrong;"
        f" keystrokes per correct draft {keys['right'] / max(right, 1):.1f},"
        f" per wrong draft {keys['wrong'] / max(len(drafts) - right, 1):.1f};"
        f" API requests per decision {sum(requests) / len(requests):.1f};"
        f" round trip ms median {millis[len(millis) // 2]:.1f}, max {millis[-1]:.1f}"
    )
    screenshot(browser_page, "review-done.png")


def test_an_article_pasted_into_the_desk_is_reviewed_at_once(
    desk: Desk, browser_page: Page
) -> None:
    sign_in(browser_page, desk, desk.write_key)
    expect(browser_page.locator("#queue")).to_be_visible(timeout=TIMEOUT_MS)
    browser_page.keyboard.press("i")
    form = browser_page.locator("#ingest-form")
    expect(form).to_be_visible()
    heading = f"Pasted copy {next(_copies)}.\n\n"
    form.locator("[name=title]").fill("Pasted at the desk")
    form.locator("[name=url]").fill(f"https://example.org/pasted/{next(_copies)}")
    form.locator("[name=published_on]").fill("2022-11-19")
    form.locator("[name=publisher]").fill("Caliber.Az")
    form.locator("[name=text]").fill(heading + SEED)
    screenshot(browser_page, "review-ingest.png")
    browser_page.keyboard.press("Control+Enter")
    expect(browser_page.locator("#notice")).to_contain_text("draft(s) to review", timeout=60_000)
    expect(browser_page.locator("#source-title")).to_have_text("Pasted at the desk")
    expect(browser_page.locator("mark.current")).not_to_have_count(0)
    source_id = int(browser_page.locator("#notice").inner_text().split("#")[1].split(":")[0])
    with desk.api() as api:
        stored = api.get(f"/v1/sources/{source_id}").json()
        drafts = api.get(f"/v1/claims?source={source_id}&review=draft&limit=200").json()["items"]
    assert (stored["publisher"], stored["published_on"]) == ("Caliber.Az", "2022-11-19")
    assert stored["text"] == heading + SEED
    expect(browser_page.locator("#counter")).to_have_text(
        f"{len(drafts)} decision(s) left in this source"
    )
    screenshot(browser_page, "review-ingested.png")
    first = current_id(browser_page)
    browser_page.keyboard.press("a")  # reviewed at once, by the same keys
    expect(browser_page.locator("#counter")).to_have_text(
        f"{len(drafts) - 1} decision(s) left in this source", timeout=TIMEOUT_MS
    )
    assert claim(desk, first)["review"] == "verified"


def test_an_op_ed_pasted_with_its_author_is_the_authors(desk: Desk, browser_page: Page) -> None:
    sign_in(browser_page, desk, desk.write_key)
    expect(browser_page.locator("#queue")).to_be_visible(timeout=TIMEOUT_MS)
    browser_page.keyboard.press("i")
    form = browser_page.locator("#ingest-form")
    form.locator("[name=title]").fill(f"Tariffs, column {next(_copies)}")
    form.locator("[name=author]").fill("Aigerim Sarsenova, economist")
    form.locator("[name=text]").fill(
        "Tariffs\n\nElectricity tariffs will almost certainly rise next year."
    )
    browser_page.keyboard.press("Control+Enter")
    expect(browser_page.locator("#notice")).to_contain_text("draft(s) to review", timeout=60_000)
    source_id = int(browser_page.locator("#notice").inner_text().split("#")[1].split(":")[0])
    with desk.api() as api:
        drafts = api.get(f"/v1/claims?source={source_id}&review=draft").json()["items"]
    assert [d["expert"] for d in drafts] == ["aigerim-sarsenova"]


def test_an_html_file_uploaded_to_the_desk_is_ingested_as_its_text(
    desk: Desk, browser_page: Page, tmp_path: Path
) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in SEED.split("\n\n"))
    page = (
        f"<html><head><title>Uploaded copy {next(_copies)}</title>"
        "<script>document.title = 'run'</script></head>"
        f"<body><nav>Menu</nav><article>{paragraphs}</article></body></html>"
    )
    upload = tmp_path / "article.html"
    upload.write_text(page, "utf-8")
    sign_in(browser_page, desk, desk.write_key)
    expect(browser_page.locator("#ingest-button")).to_be_visible(timeout=TIMEOUT_MS)
    browser_page.locator("#ingest-button").click()
    browser_page.locator("#ingest-form [name=file]").set_input_files(upload)
    browser_page.locator("#ingest-form button[type=submit]").click()
    expect(browser_page.locator("#notice")).to_contain_text("draft(s) to review", timeout=60_000)
    expect(browser_page.locator("#source-title")).to_have_text(re.compile(r"^Uploaded copy \d+$"))
    text = browser_page.locator("#source-text").inner_text()
    assert "Tokayev" in text
    assert "<p>" not in text
    assert "document.title" not in text
    assert "Menu" not in text
    expect(browser_page.locator("mark.current")).not_to_have_count(0)


def test_a_key_without_ingest_is_told_so(desk: Desk, browser_page: Page) -> None:
    sign_in(browser_page, desk, desk.read_key)
    expect(browser_page.locator("#read-only")).to_be_visible(timeout=TIMEOUT_MS)
    expect(browser_page.locator("#ingest-button")).to_be_hidden()
    browser_page.keyboard.press("i")
    expect(browser_page.locator("#notice")).to_contain_text("lacks the ingest scope")
    expect(browser_page.locator("#ingest")).to_be_hidden()


def _select_in_seed(page: Page, quote: str, start: int, offset: int) -> None:
    """Select `quote` where it occurs at or after `start` of the stored text."""
    page.evaluate(SELECT, [quote, SEED.count(quote, 0, start - offset)])


def test_a_draft_is_split_at_the_caret_and_the_split_undone(desk: Desk, browser_page: Page) -> None:
    _, offset = ingest_seed(desk)
    open_first_source(browser_page, desk)
    target = current_id(browser_page)
    before = claim(desk, target)
    words = before["quote"].split(" ")
    head, tail = " ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])
    split_at = before["span"]["start"] + len(head) + 1
    _select_in_seed(browser_page, tail, split_at, offset)  # the split point is where it starts
    browser_page.keyboard.press("x")
    expect(browser_page.locator("#notice")).to_contain_text("Split:", timeout=TIMEOUT_MS)
    kept = claim(desk, target)
    assert (kept["quote"], kept["span"]["start"]) == (head, before["span"]["start"])
    # The kept draft's statement (ingestion's clause, capitalised and stopped) ends where the
    # tail's words begin in it: no longer the whole sentence both drafts now share.
    at = before["statement"].rfind(tail)
    assert at > 0, before["statement"]
    assert kept["statement"] == before["statement"][:at].rstrip(" ,;:–—-")
    added_id = int(browser_page.locator("#notice").inner_text().split("new draft #")[1].split()[0])
    added = claim(desk, added_id)
    assert (added["quote"], added["statement"], added["span"]) == (
        tail,
        tail,
        {"start": split_at, "end": before["span"]["end"]},
    )
    assert (added["expert"], added["kind"], added["topics"], added["review"]) == (
        before["expert"],
        before["kind"],
        before["topics"],
        "draft",
    )
    assert added["confidence"]["probability"] == before["confidence"]["probability"]
    expect(browser_page.locator(f"mark[data-claims~='{added_id}']")).not_to_have_count(0)
    screenshot(browser_page, "review-split.png")

    browser_page.keyboard.press("u")  # the split as a whole
    expect(browser_page.locator("#notice")).to_contain_text("Undone: the 2 changes")
    restored = claim(desk, target)
    assert (restored["quote"], restored["statement"]) == (before["quote"], before["statement"])
    assert claim(desk, added_id)["review"] == "retracted"


def test_adjacent_drafts_of_one_expert_are_merged_and_unmerged(
    desk: Desk, browser_page: Page
) -> None:
    source_id, _ = ingest_seed(desk)
    with desk.api() as api:
        listed = api.get(f"/v1/claims?source={source_id}&review=draft&limit=200").json()["items"]
    drafts = sorted(listed, key=lambda c: (c["span"]["start"], c["id"]))
    first, second = next(
        (a, b) for a, b in itertools.pairwise(drafts) if a["expert"] == b["expert"]
    )
    open_first_source(browser_page, desk)
    while current_id(browser_page) != first["id"]:
        browser_page.keyboard.press("j")
    browser_page.keyboard.press("m")
    expect(browser_page.locator("#notice")).to_contain_text(
        f"Merged #{second['id']} into #{first['id']}", timeout=TIMEOUT_MS
    )
    merged = claim(desk, first["id"])
    assert merged["span"]["start"] == first["span"]["start"]
    assert merged["span"]["end"] >= second["span"]["end"] - 1  # trailing punctuation trimmed
    assert merged["statement"] == f"{first['statement']} {second['statement']}"
    assert claim(desk, second["id"])["review"] == "retracted"
    assert history(desk, second["id"])[-1]["changes"]["reason"] == [
        None,
        f"merged into #{first['id']}",
    ]
    browser_page.keyboard.press("u")
    expect(browser_page.locator("#notice")).to_contain_text("Undone: the 2 changes")
    assert claim(desk, first["id"])["span"] == first["span"]
    assert claim(desk, second["id"])["review"] == "draft"


def test_an_expert_stored_twice_is_merged_from_the_desk(desk: Desk, browser_page: Page) -> None:
    text = f"Merge copy {next(_copies)}. Kazbek Beysebayev believes reforms will go on."
    quote = "reforms will go on"
    with desk.api() as api:
        made = api.post(
            "/v1/experts",
            json={"slug": "kazbek-beysebayev", "name": "Kazbek Beysebayev", "kind": "person"},
        )
        assert made.status_code == 201, made.text
        source = api.post("/v1/sources?extract=false", json={"title": "Twice", "text": text})
        start = text.index(quote)
        drafted = api.post(
            "/v1/claims",
            json={
                "expert": "kazbek-beysebayev",
                "source": source.json()["source"]["id"],
                "kind": "forecast",
                "statement": "Reforms will go on.",
                "quote": quote,
                "span": {"start": start, "end": start + len(quote)},
            },
        )
        assert drafted.status_code == 201, drafted.text
    open_first_source(browser_page, desk)  # the newest source with drafts
    expect(browser_page.locator("#fields .field-expert")).to_have_text("kazbek-beysebayev")
    browser_page.keyboard.press("Shift+M")
    expect(browser_page.locator("#expert-form")).to_be_visible()
    expect(browser_page.locator("#expert-slugs option[value='kazbek-beisebayev']")).to_have_count(
        1, timeout=TIMEOUT_MS
    )
    browser_page.keyboard.type("kazbek-beisebayev")
    screenshot(browser_page, "review-merge-expert.png")
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("#notice")).to_contain_text(
        "Merged expert kazbek-beysebayev into kazbek-beisebayev", timeout=TIMEOUT_MS
    )
    expect(browser_page.locator("#fields .field-expert")).to_have_text("kazbek-beisebayev")
    assert claim(desk, drafted.json()["id"])["expert"] == "kazbek-beisebayev"
    with desk.api() as api:
        target = api.get("/v1/experts/kazbek-beisebayev").json()
        old = api.get("/v1/experts/kazbek-beysebayev", follow_redirects=False)
    assert "Kazbek Beysebayev" in target["aliases"]
    assert old.status_code == 308
    assert old.headers["location"] == "/v1/experts/kazbek-beisebayev"
    browser_page.keyboard.press("a")  # and the desk goes on with the fresh versions
    wait_for_review(browser_page, "verified")
