// Forecast Ledger web components: <forecast-claims src="…/v1/claims?…" theme lang> and
// <forecast-scorecard expert="slug" theme lang>. No framework; each renders in its own shadow
// root with the embed pages' stylesheet, and renders again when an attribute changes.
(function () {
  "use strict";
  var LABELS = /*LABELS*/{};
  var script = document.currentScript;
  var BASE = script ? script.src.replace(/\/embed\/widget\.js(\?.*)?$/, "") : location.origin;
  var FRAGMENT_WORDS = 8;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function link(href, text, cls) {
    var a = el("a", cls, text);
    a.href = href;
    return a;
  }
  function bandWords(name, L) {
    return name.indexOf("not-") === 0 ? L.not + " " + bandWords(name.slice(4), L) : L[name] || name.replace(/-/g, " ");
  }
  function pct(v) { return Math.round(v * 100) + "%"; }
  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function fail(response) {
    return response.json().then(
      function (p) { throw new Error(p.detail || p.title || response.statusText); },
      function () { throw new Error(response.status + " " + response.statusText); });
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : fail(r); });
  }

  class ForecastElement extends HTMLElement {
    static get observedAttributes() { return ["src", "expert", "theme", "lang"]; }
    constructor() { super(); this.attachShadow({ mode: "open" }); this.seq = 0; }
    connectedCallback() { this.render(); }
    attributeChangedCallback() { if (this.isConnected) this.render(); }
    get L() { return LABELS[this.getAttribute("lang")] || LABELS.en; }
    render() {
      var seq = ++this.seq, L = this.L, root = this.shadowRoot, self = this;
      var css = el("link");
      css.rel = "stylesheet";
      css.href = BASE + "/embed/static/embed.css";
      var box = el("div", "fl");
      box.dataset.theme = this.getAttribute("theme") || "auto";
      box.lang = this.getAttribute("lang") || "en";
      box.setAttribute("aria-busy", "true");
      box.append(el("p", "fl-loading", L.loading));
      root.replaceChildren(css, box);
      this.load().then(function (data) {
        if (seq !== self.seq) return;
        box.replaceChildren.apply(box, self.draw(data, L));
      }, function (error) {
        if (seq !== self.seq) return;
        var card = el("section", "fl-card fl-error");
        card.setAttribute("role", "alert");
        card.append(el("strong", "", L.error), el("p", "", error.message));
        box.replaceChildren(card);
      }).finally(function () { if (seq === self.seq) box.removeAttribute("aria-busy"); });
    }
  }

  function claimCard(c, L) {
    var card = el("article", "fl-card"), head = el("header", "fl-card-head");
    var state = c.outcome || (c.overdue ? "overdue" : "open");
    head.append(link(BASE + "/embed/experts/" + c.expert.slug, c.expert.name, "fl-expert"));
    if (c.expert.role) head.append(el("span", "fl-role", c.expert.role));
    head.append(el("span", "fl-outcome fl-outcome-" + state, L[state]));
    var src = c.source.url
      ? c.source.url + "#:~:text=" + encodeURIComponent(c.quote.split(/\s+/).slice(0, FRAGMENT_WORDS).join(" "))
      : c.source.href;
    var quote = el("blockquote", "fl-quote");
    quote.cite = src;
    quote.append(el("p", "", c.quote));
    var source = el("p", "fl-source");
    source.append(link(src, c.source.title),
      (c.source.publisher ? ", " + c.source.publisher : "") + " · " + L.stated + " " + c.stated_on);
    var facts = el("dl", "fl-facts"), conf = c.confidence;
    function fact(name, content) {
      var d = el("div"), dd = el("dd");
      dd.append.apply(dd, content);
      d.append(el("dt", "", name), dd);
      facts.append(d);
    }
    if (conf.band) {
      var band = svg("svg", { "class": "fl-band", viewBox: "0 0 100 6", preserveAspectRatio: "none",
        role: "img", "aria-label": pct(conf.low) + "–" + pct(conf.high) });
      band.append(svg("rect", { "class": "fl-band-track", x: 0, y: 0, width: 100, height: 6 }),
        svg("rect", { "class": "fl-band-fill", x: conf.low * 100, y: 0, width: (conf.high - conf.low) * 100, height: 6 }));
      fact(L.confidence, [el("span", "fl-band-words", bandWords(conf.band, L)), " ",
        el("span", "fl-range", pct(conf.low) + "–" + pct(conf.high)), band]);
    } else fact(L.confidence, [L.no_confidence]);
    fact(L.horizon, [c.horizon.latest ? L.by + " " + c.horizon.latest : L.no_horizon]);
    fact(L.topics, c.topics.map(function (t) { return el("span", "fl-topic", t.name); }));
    card.append(head, quote, source, facts);
    return card;
  }

  class ForecastClaims extends ForecastElement {
    url() {
      var url = new URL(this.getAttribute("src") || BASE + "/v1/claims", document.baseURI);
      if (!url.searchParams.has("include")) url.searchParams.set("include", "expert,source,topics");
      return url;
    }
    load() { return getJSON(this.url()); }
    draw(page, L) {
      var out = [el("h2", "fl-title", L.claims)];
      if (!page.items.length) out.push(el("p", "fl-empty", L.no_claims));
      page.items.forEach(function (c) { out.push(claimCard(c, L)); });
      var url = this.url(), foot = el("footer", "fl-footer");
      url.searchParams.delete("include");
      var csv = new URL(url);
      csv.pathname += ".csv";
      foot.append(link(BASE + "/docs", L.data_from), link(url, L.json), link(csv, L.csv));
      out.push(foot);
      return out;
    }
  }

  class ForecastScorecard extends ForecastElement {
    slug() { return encodeURIComponent(this.getAttribute("expert") || ""); }
    load() {
      var at = BASE + "/v1/experts/" + this.slug();
      return Promise.all([getJSON(at), getJSON(at + "/scorecard")]);
    }
    draw(both, L) {
      var expert = both[0], card = both[1], c = card.counts;
      var head = el("header", "fl-card-head");
      head.append(link(BASE + "/embed/experts/" + expert.slug, expert.name, "fl-title"));
      if (expert.role) head.append(el("span", "fl-role", expert.role));
      var stats = el("p", "fl-stats");
      [[c.forecasts, L.forecasts], [c.resolved, L.resolved], [c.open, L.open]].forEach(function (s) {
        var span = el("span");
        span.append(el("strong", "", String(s[0])), " " + s[1]);
        stats.append(span);
      });
      var brier = el("span", "", L.brier + " ");
      brier.append(el("strong", "", card.brier == null ? "—" : card.brier.toFixed(2)));
      stats.append(brier);
      var table = el("table", "fl-table"), row = el("tr");
      [L.bin, L.count, L.observed].forEach(function (h) { row.append(el("th", "", h)); });
      table.append(row);
      card.calibration.forEach(function (b) {
        var tr = el("tr");
        tr.append(el("td", "", pct(b.lower) + "–" + pct(b.upper)), el("td", "", String(b.count)),
          el("td", "", b.observed_rate == null ? "—" : b.observed_rate.toFixed(2)));
        table.append(tr);
      });
      var box = el("section", "fl-card");
      box.append(head, stats, el("h3", "", L.calibration), table);
      return [box];
    }
  }

  if (!customElements.get("forecast-claims")) customElements.define("forecast-claims", ForecastClaims);
  if (!customElements.get("forecast-scorecard")) customElements.define("forecast-scorecard", ForecastScorecard);
})();
