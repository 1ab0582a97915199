// The review desk. Plain DOM: article text only ever enters the page as text nodes.
"use strict";

const KEY = "forecasts.review.key";
const REASONS = ["not a claim", "wrong expert", "wrong span", "duplicate"];
const DESK_FIELDS = ["expert", "kind", "statement", "quote", "confidence", "horizon", "topics",
  "proposition", "stance", "review"];

const state = {
  key: null, canWrite: false, sources: [], queueIndex: 0,
  source: null, claims: [], etags: new Map(), current: null,
  undo: [], pending: null, mode: null, selection: null, canIngest: false, ingestKey: null,
};
// Every API call the page makes, with its round trip: read by the browser tests.
window.reviewLog = [];

const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function api(method, path, { body, etag, idempotency } = {}) {
  const headers = { Authorization: `Bearer ${state.key}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (etag) headers["If-Match"] = etag;
  if (idempotency) headers["Idempotency-Key"] = idempotency;
  const started = performance.now();
  const response = await fetch(path, {
    method, headers, cache: "no-store",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  window.reviewLog.push({ method, path, status: response.status, ms: performance.now() - started });
  return { status: response.status, ok: response.ok, data, etag: response.headers.get("ETag") };
}

function problemText(result) {
  const data = result.data || {};
  const fields = (data.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
  return `${data.title || "Error"} (${result.status}): ${fields || data.detail || ""}`;
}

function notify(text, bad = false) {
  const notice = $("notice");
  notice.textContent = text;
  notice.classList.toggle("bad", bad);
  notice.hidden = !text;
}

// --- signing in -------------------------------------------------------------------------------

async function signIn(key) {
  state.key = key;
  const who = await api("GET", "/review/key");
  if (!who.ok) {
    state.key = null;
    sessionStorage.removeItem(KEY);
    $("sign-in-error").textContent = who.status === 401
      ? "This key is unknown, malformed or revoked." : problemText(who);
    return;
  }
  sessionStorage.setItem(KEY, key);
  state.canWrite = who.data.write;
  state.canIngest = who.data.ingest;
  $("who").textContent = `Signed in as ${who.data.name}`;
  $("sign-in").hidden = true;
  $("sign-out").hidden = false;
  $("help-button").hidden = false;
  $("actions").hidden = !state.canWrite;
  $("ingest-button").hidden = !state.canIngest;
  document.body.classList.toggle("read-only", !state.canWrite);
  $("read-only").hidden = state.canWrite;
  await loadQueue();
}

function signOut() {
  sessionStorage.removeItem(KEY);
  location.reload();
}

// --- the queue --------------------------------------------------------------------------------

async function loadQueue() {
  const params = new URLSearchParams([["review", "draft"], ["include", "source"],
    ["limit", "200"], ["fields", "source,kind"]]);
  for (const [name, value] of new FormData($("filters"))) if (value) params.append(name, value);
  let url = `/v1/claims?${params}`;
  const bySource = new Map();
  for (let pages = 0; url && pages < 25; pages += 1) {
    const page = await api("GET", url);
    if (!page.ok) { notify(problemText(page), true); return; }
    for (const claim of page.data.items) {
      const id = claim.source.id ?? claim.source;
      const entry = bySource.get(id) || { id, title: claim.source.title || `Source ${id}`, drafts: 0 };
      entry.drafts += 1;
      bySource.set(id, entry);
    }
    url = page.data.next ? new URL(page.data.next).pathname + new URL(page.data.next).search : null;
  }
  state.sources = [...bySource.values()].sort((a, b) => b.id - a.id);
  state.queueIndex = 0;
  showQueue();
}

function showQueue() {
  $("desk").hidden = true;
  $("queue").hidden = false;
  const list = $("queue-list");
  list.replaceChildren(...state.sources.map((source, index) => {
    const item = el("li", {}, source.title,
      el("span", { className: "meta" }, `#${source.id} · ${source.drafts} draft(s)`));
    item.classList.toggle("current", index === state.queueIndex);
    item.addEventListener("click", () => openSource(source.id));
    return item;
  }));
  $("queue-empty").hidden = state.sources.length > 0;
  const left = state.sources.reduce((sum, s) => sum + s.drafts, 0);
  $("counter").textContent = `${left} decision(s) left in the queue`;
}

// --- ingesting an article --------------------------------------------------------------------

function startIngest() {
  if (!state.canIngest) {
    notify("This key lacks the ingest scope: sign in with a key that has `ingest` to add articles.", true);
    return;
  }
  $("ingest").hidden = false;
  $("ingest-error").textContent = "";
  state.mode = "ingest";
  state.ingestKey = randomKey(); // one article, however often the button is pressed
  $("ingest-form").elements.title.focus();
}

function closeIngest() {
  $("ingest").hidden = true;
  $("ingest-form").reset();
  state.mode = null;
}

// The HTML's own <title>, read by an inert parser (DOMParser runs no script, loads nothing).
function htmlTitle(html) {
  return new DOMParser().parseFromString(html, "text/html").title.trim();
}

async function ingest() {
  const form = $("ingest-form").elements;
  const body = {};
  for (const name of ["title", "url", "published_on", "publisher", "author", "language"]) {
    const value = form[name].value.trim();
    if (value) body[name] = value;
  }
  const file = form.file.files[0];
  if (file) body.html = await file.text();
  else body.text = form.text.value;
  if (!body.title && file) body.title = htmlTitle(body.html) || file.name;
  if (!body.title) { $("ingest-error").textContent = "Give the article a title."; return; }
  if (!file && !body.text.trim()) { $("ingest-error").textContent = "Paste the article's text or pick an HTML file."; return; }
  const result = await api("POST", "/v1/sources", { body, idempotency: state.ingestKey });
  if (!result.ok) { $("ingest-error").textContent = problemText(result); return; }
  closeIngest();
  const source = result.data.source;
  await openSource(source.id);
  const drafts = result.data.drafts.count;
  notify(result.data.already_ingested
    ? `This text was ingested before, as source #${source.id}: here it is.`
    : `Ingested “${source.title}” as source #${source.id}: ${drafts} draft(s) to review.`);
}

// --- one source -------------------------------------------------------------------------------

async function openSource(id) {
  const source = await api("GET", `/v1/sources/${id}`);
  if (!source.ok) { notify(problemText(source), true); return; }
  const params = new URLSearchParams([["source", String(id)], ["limit", "200"], ["fields", "id"]]);
  for (const review of ["draft", "verified", "disputed", "retracted"]) params.append("review", review);
  const claims = await api("GET", `/v1/claims?${params}`);
  if (!claims.ok) { notify(problemText(claims), true); return; }
  // Each claim is read once on its own, for the ETag every later change sends as If-Match.
  const read = await Promise.all(claims.data.items.map((c) => api("GET", `/v1/claims/${c.id}`)));
  const failed = read.find((r) => !r.ok);
  if (failed) { notify(problemText(failed), true); return; }
  state.source = { ...source.data, offsets: codePoints(source.data.text) };
  state.claims = [];
  state.etags = new Map();
  for (const result of read) replaceClaim(result);
  state.undo = [];
  $("queue").hidden = true;
  $("desk").hidden = false;
  $("source-title").textContent = source.data.title;
  const first = state.claims.find((c) => c.review === "draft") || state.claims[0];
  select(first ? first.id : null);
}

// Spans count code points (Python's str); the DOM counts UTF-16 units. Map between the two.
function codePoints(text) {
  const toUnit = [0];
  let unit = 0;
  for (const char of text) { unit += char.length; toUnit.push(unit); }
  return toUnit;
}

function toUnits(point) { return state.source.offsets[point]; }

function toPoints(unit) {
  const offsets = state.source.offsets;
  let low = 0, high = offsets.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid] < unit) low = mid + 1; else high = mid;
  }
  return low;
}

function renderText() {
  const text = state.source.text;
  const spans = state.claims.map((c) => ({ claim: c, start: toUnits(c.span.start), end: toUnits(c.span.end) }));
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    const piece = document.createTextNode(text.slice(from, to));
    const covering = spans.filter((s) => s.start <= from && s.end >= to).map((s) => s.claim);
    if (!covering.length) { nodes.push(piece); continue; }
    const shown = covering.find((c) => c.id === state.current) || covering[0];
    const mark = el("mark", { className: `hl kind-${shown.kind} review-${shown.review}` }, piece);
    mark.dataset.claims = covering.map((c) => c.id).join(" ");
    if (covering.some((c) => c.id === state.current)) mark.classList.add("current");
    // A click on the selected draft leaves the caret where it fell (for a split there).
    mark.addEventListener("click", () => {
      if (!selectedRange() && !covering.some((c) => c.id === state.current)) select(shown.id);
    });
    nodes.push(mark);
  }
  $("source-text").replaceChildren(...nodes);
}

function currentClaim() { return state.claims.find((c) => c.id === state.current) || null; }

function select(id) {
  state.current = id;
  closeForms();
  renderText();
  renderFields();
  const mark = document.querySelector("mark.current");
  if (mark) mark.scrollIntoView({ block: "nearest" });
}

function describe(claim, field) {
  const value = claim[field];
  if (field === "confidence") {
    return value && value.probability != null ? `${value.phrase ?? "—"} → ${value.band ?? "band"} ${value.low}–${value.high} (p ${value.probability})` : "—";
  }
  if (field === "horizon") {
    return value && (value.phrase || value.earliest || value.latest)
      ? `${value.phrase ?? ""} [${value.earliest ?? "…"} – ${value.latest ?? "…"}]${value.inferred ? " inferred" : ""}` : "—";
  }
  if (field === "topics") return value.join(", ") || "—";
  return value ?? "—";
}

function renderFields() {
  const claim = currentClaim();
  const drafts = state.claims.filter((c) => c.review === "draft").length;
  $("counter").textContent = `${drafts} decision(s) left in this source`;
  if (!claim) { $("fields").replaceChildren(el("dd", {}, "No claims in this source.")); return; }
  const rows = [el("dt", {}, "claim"), el("dd", {}, `#${claim.id}`)];
  for (const field of DESK_FIELDS) {
    let value = describe(claim, field);
    if (field === "kind" || field === "review") {
      value = el("span", { className: `badge ${field}-${claim[field]}` }, claim[field]);
    }
    rows.push(el("dt", {}, field), el("dd", { className: `field-${field}` }, value));
  }
  const score = claim.extraction?.score;  // how often drafts like this one were right
  if (score !== null && score !== undefined) {
    rows.push(el("dt", {}, "score"), el("dd", { className: "field-score" }, score.toFixed(2)));
  }
  $("fields").replaceChildren(...rows);
}

function move(step) {
  if (!state.claims.length) return;
  const index = state.claims.findIndex((c) => c.id === state.current);
  const next = (index + step + state.claims.length) % state.claims.length;
  select(state.claims[next].id);
}

function nextDraft() {
  const index = state.claims.findIndex((c) => c.id === state.current);
  const order = [...state.claims.slice(index + 1), ...state.claims.slice(0, index + 1)];
  const draft = order.find((c) => c.review === "draft");
  if (draft) { select(draft.id); return; }
  select(state.current);
  notify("Every draft of this source is decided. Press q for the queue.");
}

// --- changes ----------------------------------------------------------------------------------

function replaceClaim(result) {
  const index = state.claims.findIndex((c) => c.id === result.data.id);
  if (index >= 0) state.claims[index] = result.data; else state.claims.push(result.data);
  state.claims.sort((a, b) => a.span.start - b.span.start || a.id - b.id);
  state.etags.set(result.data.id, result.etag);
}

// One change to one claim: a PATCH with If-Match; a 412 opens the conflict view.
// Undo entries are groups of {id, version}: a split or merge is undone as a whole.
async function change(id, body, { decision = false, advance = false, group = null } = {}) {
  if (!state.canWrite) { notify("Read-only: this key lacks the write scope.", true); return false; }
  const before = state.claims.find((c) => c.id === id);
  const result = await api("PATCH", `/v1/claims/${id}`, { body, etag: state.etags.get(id) });
  if (result.status === 412) {
    await conflict(id, before, body, { decision, advance, group }); return false;
  }
  if (!result.ok) { notify(problemText(result), true); return false; }
  replaceClaim(result);
  if (group) group.push({ id, version: result.data.version });
  else if (decision) state.undo.push([{ id, version: result.data.version }]);
  notify("");
  if (advance) nextDraft(); else select(id);
  return true;
}

async function conflict(id, mine, body, options) {
  const fresh = await api("GET", `/v1/claims/${id}`);
  if (!fresh.ok) { notify(problemText(fresh), true); return; }
  replaceClaim(fresh);
  select(id);
  const changed = DESK_FIELDS.filter((f) => JSON.stringify(mine[f]) !== JSON.stringify(fresh.data[f]));
  $("conflict-changes").replaceChildren(...(changed.length ? changed : ["(no visible field)"]).map(
    (f) => el("li", {}, changed.length ? `${f}: ${describe(mine, f)} → ${describe(fresh.data, f)}` : f)));
  $("conflict-changes").append(el("li", { className: "mine" }, `your change: ${JSON.stringify(body)}`));
  state.pending = { id, body, options };
  state.mode = "conflict";
  $("conflict").hidden = false;
}

async function redo() {
  const pending = state.pending;
  closeForms();
  if (pending) await change(pending.id, pending.body, pending.options);
}

function accept() {
  const claim = currentClaim();
  if (claim) change(claim.id, { review: "verified" }, { decision: true, advance: true });
}

function startReject() {
  if (!currentClaim() || !state.canWrite) return;
  closeForms();
  state.mode = "reject";
  $("reject-form").hidden = false;
  $("reject-reason").value = "";
  $("reject-reason").focus();
}

function reject(reason) {
  const claim = currentClaim();
  closeForms();
  if (claim && reason) {
    change(claim.id, { review: "retracted", reason }, { decision: true, advance: true });
  }
}

// Undo: each claim's last revision must be the change made here; PATCH its fields back.
async function undo() {
  let group = state.undo.pop();
  while (group && !group.length) group = state.undo.pop();
  if (!group) { notify("Nothing to undo."); return; }
  for (const step of [...group].reverse()) {
    if (!(await undoStep(step))) return;
  }
  const last = group[0];
  const claim = state.claims.find((c) => c.id === last.id);
  notify(group.length === 1 ? `Undone: claim #${last.id} is ${claim.review} again.`
    : `Undone: the ${group.length} changes to claims ${group.map((g) => `#${g.id}`).join(", ")}.`);
}

async function undoStep(last) {
  const history = await api("GET", `/v1/claims/${last.id}/history?limit=200`);
  if (!history.ok) { notify(problemText(history), true); return; }
  const revision = history.data.items.at(-1);
  if (!revision || revision.version !== last.version) {
    notify(`Claim #${last.id} changed again after your decision; reload it before undoing.`, true);
    return false;
  }
  const body = revision.action === "create" ? { review: "retracted", reason: "undone" } : {};
  if (revision.action !== "create") {
    for (const [field, [old]] of Object.entries(revision.changes)) {
      if (field !== "reason") body[field] = field === "confidence" ? confidenceBack(old) : old;
    }
  }
  // Fields the API takes in pairs: send the unchanged half as it is now.
  const claim = state.claims.find((c) => c.id === last.id);
  for (const [one, other] of [["quote", "span"], ["span", "quote"], ["proposition", "stance"],
    ["stance", "proposition"]]) {
    if (one in body && !(other in body)) body[other] = claim[other];
  }
  return change(last.id, body);
}

function confidenceBack(old) {
  if (!old || old.probability == null) return null;
  return { phrase: old.phrase, low: old.low, probability: old.probability, high: old.high };
}

// --- editing and adding -------------------------------------------------------------------------

function closeForms() {
  for (const id of ["reject-form", "editor", "conflict", "expert-form"]) $(id).hidden = true;
  state.mode = null;
  state.pending = null;
}

function fillEditor(claim) {
  const form = $("editor").elements;
  form.expert.value = claim.expert;
  form.kind.value = claim.kind;
  form.statement.value = claim.statement;
  form.hedge.value = claim.confidence?.phrase ?? "";
  form.negated.checked = false;
  form.horizon_phrase.value = claim.horizon?.phrase ?? "";
  form.horizon_earliest.value = claim.horizon?.earliest ?? "";
  form.horizon_latest.value = claim.horizon?.latest ?? "";
  form.topics.value = claim.topics.join(", ");
  form.proposition.value = claim.proposition ?? "";
  form.stance.value = claim.stance ?? "";
}

function startEdit() {
  const claim = currentClaim();
  if (!claim || !state.canWrite) return;
  closeForms();
  fillEditor(claim);
  state.mode = "edit";
  $("editor-title").textContent = `Edit claim #${claim.id}`;
  $("editor-quote").hidden = true;
  $("editor").hidden = false;
  $("editor").elements.statement.focus();
}

function editorValues() {
  const form = $("editor").elements;
  const text = (name) => form[name].value.trim() || null;
  const horizon = [text("horizon_phrase"), text("horizon_earliest"), text("horizon_latest")];
  return {
    expert: text("expert"), kind: form.kind.value, statement: text("statement"),
    confidence: text("hedge") ? { phrase: text("hedge"), negated: form.negated.checked } : null,
    horizon: horizon.some((v) => v)
      ? { phrase: horizon[0], earliest: horizon[1], latest: horizon[2], inferred: false } : null,
    topics: form.topics.value.split(",").map((t) => t.trim()).filter(Boolean),
    proposition: text("proposition"), stance: form.stance.value || null,
  };
}

// Only what the editor changed goes into the PATCH.
function editBody(claim, values) {
  const body = {};
  for (const field of ["expert", "kind", "statement"]) {
    if (values[field] !== claim[field]) body[field] = values[field];
  }
  const form = $("editor").elements;
  if ((values.confidence?.phrase ?? null) !== (claim.confidence?.phrase ?? null) || form.negated.checked) {
    body.confidence = values.confidence;
  }
  const was = claim.horizon || {};
  const now = values.horizon || {};
  if (["phrase", "earliest", "latest"].some((k) => (was[k] ?? null) !== (now[k] ?? null))) {
    body.horizon = values.horizon;
  }
  if (values.topics.join() !== claim.topics.join()) body.topics = values.topics;
  if (values.proposition !== claim.proposition || values.stance !== claim.stance) {
    body.proposition = values.proposition;
    body.stance = values.stance;
  }
  return body;
}

async function save() {
  const values = editorValues();
  if (state.mode === "new") { await create(values); return; }
  const claim = currentClaim();
  const body = editBody(claim, values);
  closeForms();
  if (Object.keys(body).length) await change(claim.id, body, { decision: true });
}

// The selection inside the source text, as a code-point span, trimmed of white space.
function selectedRange() {
  const selection = getSelection();
  const root = $("source-text");
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  const upTo = (node, offset) => {
    const prefix = document.createRange();
    prefix.setStart(root, 0);
    prefix.setEnd(node, offset);
    return prefix.toString().length;
  };
  let start = upTo(range.startContainer, range.startOffset);
  let end = upTo(range.endContainer, range.endOffset);
  const text = state.source.text;
  while (start < end && /\s/.test(text[start])) start += 1;
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  if (start >= end) return null;
  return { start: toPoints(start), end: toPoints(end), quote: text.slice(start, end) };
}

function useSelection() {
  const span = selectedRange();
  const claim = currentClaim();
  if (!span || !claim) { notify("Select the quote's words in the source first."); return; }
  getSelection().removeAllRanges();
  change(claim.id, { quote: span.quote, span: { start: span.start, end: span.end } }, { decision: true });
}

function startNew() {
  const span = selectedRange();
  if (!span || !state.canWrite) { notify("Select the new claim's words in the source first."); return; }
  getSelection().removeAllRanges();
  closeForms();
  const like = currentClaim();
  fillEditor({ expert: like?.expert ?? "", kind: "forecast", statement: span.quote, confidence: null,
    horizon: null, topics: [], proposition: null, stance: null });
  state.mode = "new";
  state.selection = { ...span, idempotency: randomKey() };
  $("editor-title").textContent = "New claim";
  $("editor-quote").textContent = span.quote;
  $("editor-quote").hidden = false;
  $("editor").hidden = false;
  $("editor").elements.statement.focus();
}

async function create(values) {
  const { quote, start, end, idempotency } = state.selection;
  const body = { source: state.source.id, quote, span: { start, end } };
  for (const [field, value] of Object.entries(values)) if (value !== null) body[field] = value;
  if (!body.topics.length) delete body.topics;
  const result = await api("POST", "/v1/claims", { body, idempotency });
  if (!result.ok) { notify(problemText(result), true); return; }
  closeForms();
  replaceClaim(result);
  state.undo.push([{ id: result.data.id, version: result.data.version }]);
  notify(`Added claim #${result.data.id} as a draft.`);
  select(result.data.id);
}

// --- splitting and merging ---------------------------------------------------------------------

// Where the caret (or the start of a selection) is in the source text, in code points.
function caretPoint() {
  const selection = getSelection();
  const root = $("source-text");
  if (!selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.startContainer)) return null;
  const prefix = document.createRange();
  prefix.setStart(root, 0);
  prefix.setEnd(range.startContainer, range.startOffset);
  return toPoints(prefix.toString().length);
}

function piece(start, end) { // code points in, trimmed code points and text out
  const text = state.source.text;
  let [from, to] = [toUnits(start), toUnits(end)];
  while (from < to && /\s/.test(text[from])) from += 1;
  while (to > from && /[\s,;:–—-]/.test(text[to - 1])) to -= 1;
  return { start: toPoints(from), end: toPoints(to), quote: text.slice(from, to) };
}

// The statement the split draft keeps: its own words without those that went to the new draft
// (an editor's rewording loses the tail's words where it quotes them; else the head's quote).
function headStatement(claim, tail) {
  const at = claim.statement.lastIndexOf(tail.quote);
  if (claim.statement !== claim.quote && at > 0) {
    return claim.statement.slice(0, at).replace(/[\s,;:–—-]+$/u, "");
  }
  return piece(claim.span.start, tail.start).quote;
}

// Split: the draft keeps the words before the caret; a new draft of the same expert, kind,
// topics, hedge and horizon takes the rest (POST first, so a conflict on the PATCH can be redone).
async function split() {
  const claim = currentClaim();
  if (!claim || !state.canWrite) return;
  const point = caretPoint();
  const head = point === null ? null : piece(claim.span.start, point);
  const tail = point === null ? null : piece(point, claim.span.end);
  if (!head || !head.quote || !tail.quote) {
    notify("Click in the selected draft's quote where it should split, then press x.", true);
    return;
  }
  getSelection().removeAllRanges();
  const body = { source: state.source.id, expert: claim.expert, kind: claim.kind,
    statement: tail.quote, quote: tail.quote, span: { start: tail.start, end: tail.end },
    stated_on: claim.stated_on };
  if (claim.topics.length) body.topics = claim.topics;
  const confidence = confidenceBack(claim.confidence);
  if (confidence) body.confidence = confidence;
  if (claim.horizon && (claim.horizon.phrase || claim.horizon.earliest || claim.horizon.latest)) {
    body.horizon = claim.horizon;
  }
  const made = await api("POST", "/v1/claims", { body, idempotency: randomKey() });
  if (!made.ok) { notify(problemText(made), true); return; }
  replaceClaim(made);
  const group = [{ id: made.data.id, version: made.data.version }];
  state.undo.push(group);
  const kept = { quote: head.quote, span: { start: head.start, end: head.end },
    statement: headStatement(claim, tail) };
  if (await change(claim.id, kept, { group })) {
    notify(`Split: #${claim.id} keeps “${head.quote}”, new draft #${made.data.id} has “${tail.quote}”.`);
  }
}

// Merge: the draft takes in the next claim of the same expert (span, statement, topics); the
// other is retracted with the reason "merged into #id", so its history says where it went.
async function mergeNext() {
  const claim = currentClaim();
  if (!claim || !state.canWrite) return;
  const index = state.claims.indexOf(claim);
  const next = state.claims.slice(index + 1).find((c) => c.review !== "retracted");
  if (!next || next.expert !== claim.expert) {
    notify("The next claim is not by the same expert: there is nothing to merge with.", true);
    return;
  }
  const whole = piece(Math.min(claim.span.start, next.span.start), Math.max(claim.span.end, next.span.end));
  const body = { quote: whole.quote, span: { start: whole.start, end: whole.end },
    statement: `${claim.statement} ${next.statement}` };
  const topics = [...new Set([...claim.topics, ...next.topics])];
  if (topics.length !== claim.topics.length) body.topics = topics;
  const group = [];
  state.undo.push(group);
  if (!(await change(claim.id, body, { group }))) return;
  const gone = { review: "retracted", reason: `merged into #${claim.id}` };
  if (!(await change(next.id, gone, { group }))) return;
  select(claim.id);
  notify(`Merged #${next.id} into #${claim.id}; #${next.id} is retracted.`);
}

async function startMergeExpert() {
  const claim = currentClaim();
  if (!claim || !state.canWrite) return;
  closeForms();
  state.mode = "expert";
  $("expert-from").textContent = claim.expert;
  const form = $("expert-form").elements;
  form.into.value = "";
  $("expert-form").hidden = false;
  form.into.focus();
  const listed = await api("GET", "/v1/experts?limit=200&sort=name");
  if (!listed.ok) return;
  $("expert-slugs").replaceChildren(...listed.data.items.filter((e) => e.slug !== claim.expert)
    .map((e) => el("option", { value: e.slug }, e.name)));
}

async function mergeExpert() {
  const from = $("expert-from").textContent;
  const into = $("expert-form").elements.into.value.trim();
  if (!into) return;
  const expert = await api("GET", `/v1/experts/${encodeURIComponent(from)}`);
  if (!expert.ok) { notify(problemText(expert), true); return; }
  const result = await api("POST", `/v1/experts/${encodeURIComponent(from)}/merge`,
    { body: { into }, etag: expert.etag });
  if (!result.ok) { notify(problemText(result), true); return; }
  closeForms();
  // Every moved claim has a new version (and ETag): read the source again, keep the place.
  const [keep, undo] = [state.current, state.undo];
  await openSource(state.source.id);
  state.undo = undo;
  select(keep);
  notify(`Merged expert ${from} into ${result.data.slug}: the claims are theirs now, and ` +
    `“${from}” is one of their aliases.`);
}

// --- keys ---------------------------------------------------------------------------------------

function onKey(event) {
  if (event.ctrlKey && event.key === "Enter" && state.mode === "ingest") {
    event.preventDefault(); ingest(); return;
  }
  if (event.ctrlKey && event.key === "Enter" && state.mode && !["reject", "expert"].includes(state.mode)) {
    event.preventDefault(); save(); return;
  }
  if (event.key === "Escape") {
    if ($("help").open) return;
    if (state.mode === "ingest") { closeIngest(); return; }
    closeForms(); return;
  }
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
  if (state.mode === "reject" && event.target.id === "reject-reason") {
    const preset = REASONS[Number(event.key) - 1];
    if (preset && !event.target.value) { event.preventDefault(); reject(preset); }
    else if (event.key === "Enter") { event.preventDefault(); reject(event.target.value.trim()); }
    return;
  }
  if (state.mode === "conflict" && event.key === "Enter") { event.preventDefault(); redo(); return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey || !state.key) return;
  const onDesk = !$("desk").hidden;
  const actions = onDesk ? {
    j: () => move(1), k: () => move(-1), a: accept, r: startReject, e: startEdit, u: undo,
    s: useSelection, n: startNew, q: () => loadQueue(), x: split, m: mergeNext,
    M: startMergeExpert,
  } : {
    j: () => moveQueue(1), k: () => moveQueue(-1), i: startIngest,
    Enter: () => state.sources[state.queueIndex] && openSource(state.sources[state.queueIndex].id),
  };
  actions["?"] = () => $("help").showModal();
  const action = actions[event.key];
  if (action) { event.preventDefault(); action(); }
}

function moveQueue(step) {
  if (!state.sources.length) return;
  state.queueIndex = (state.queueIndex + step + state.sources.length) % state.sources.length;
  showQueue();
}

function showSelectionBar() {
  $("selection-bar").hidden = !(state.canWrite && !$("desk").hidden && selectedRange());
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    $("sign-in-error").textContent = "";
    signIn($("key-input").value.trim());
  });
  $("sign-out").addEventListener("click", signOut);
  $("help-button").addEventListener("click", () => $("help").showModal());
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); loadQueue(); });
  $("back").addEventListener("click", () => loadQueue());
  $("ingest-button").addEventListener("click", startIngest);
  $("ingest-form").addEventListener("submit", (event) => { event.preventDefault(); ingest(); });
  $("accept").addEventListener("click", accept);
  $("reject").addEventListener("click", startReject);
  $("edit").addEventListener("click", startEdit);
  $("undo").addEventListener("click", undo);
  $("split").addEventListener("click", split);
  $("merge-next").addEventListener("click", mergeNext);
  $("merge-expert").addEventListener("click", startMergeExpert);
  $("expert-form").addEventListener("submit", (event) => { event.preventDefault(); mergeExpert(); });
  $("use-selection").addEventListener("click", useSelection);
  $("new-from-selection").addEventListener("click", startNew);
  $("redo").addEventListener("click", redo);
  $("drop").addEventListener("click", closeForms);
  $("editor").addEventListener("submit", (event) => { event.preventDefault(); save(); });
  $("reject-form").addEventListener("submit", (event) => {
    event.preventDefault(); reject($("reject-reason").value.trim());
  });
  document.addEventListener("keydown", onKey);
  document.addEventListener("selectionchange", showSelectionBar);
  const saved = sessionStorage.getItem(KEY);
  if (saved) signIn(saved);
  else $("key-input").focus();
});
