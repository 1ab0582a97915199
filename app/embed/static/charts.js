// The expert page's charts: a reliability diagram and claims per year, drawn with vendored uPlot.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var css = getComputedStyle(document.body);
  var fg = css.getPropertyValue("--fg").trim();
  var line = css.getPropertyValue("--line").trim();
  var accent = css.getPropertyValue("--accent").trim();
  var muted = css.getPropertyValue("--muted").trim();

  function axes(el) {
    var style = { stroke: fg, grid: { stroke: line, width: 1 }, ticks: { stroke: line } };
    return [Object.assign({ label: el.dataset.x }, style), Object.assign({ label: el.dataset.y }, style)];
  }
  function size(el) {
    return { width: Math.max(260, Math.min(el.clientWidth || 300, 560)), height: 220 };
  }
  function draw(el, opts, rows) {
    var plot = new uPlot(Object.assign(size(el), opts), rows, el);
    new ResizeObserver(function () { plot.setSize(size(el)); }).observe(el);
  }

  var cal = document.getElementById("calibration");
  var bins = data.bins.filter(function (b) { return b.count > 0; });
  // x: mean forecast of the bin; y: how often its forecasts came true; the diagonal is perfect.
  draw(cal, {
    scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
    axes: axes(cal),
    legend: { show: false },
    series: [
      { label: cal.dataset.x },
      { label: "n", stroke: accent, width: 0, points: { show: true, size: 9, fill: accent } },
      { label: "—", stroke: muted, dash: [4, 4], points: { show: false } },
    ],
  }, (function () {
    // The diagonal runs from 0 to 1 whatever the bins: x holds both ends around the bins' means.
    var x = [0].concat(bins.map(function (b) { return b.mean_forecast; }), [1]);
    var seen = [null].concat(bins.map(function (b) { return b.observed_rate; }), [null]);
    return [x, seen, x.slice()];
  })());

  var time = document.getElementById("over-time");
  // Bars per year, every year from one before the first to one after the last (gaps show as 0).
  var counts = {}, years = [];
  data.years.forEach(function (y) { counts[y[0]] = y[1]; });
  var first = data.years.length ? data.years[0][0] : new Date().getFullYear();
  var last = data.years.length ? data.years[data.years.length - 1][0] : first;
  for (var y = first - 1; y <= last + 1; y++) years.push(y);
  var top = Math.max.apply(null, [1].concat(data.years.map(function (y) { return y[1]; })));
  var yearAxes = axes(time);
  yearAxes[0].values = function (u, ticks) { return ticks.map(String); };
  yearAxes[0].incrs = [1, 2, 5, 10];
  draw(time, {
    scales: { x: { time: false, range: [first - 1.5, last + 1.5] }, y: { range: [0, top * 1.2] } },
    axes: yearAxes,
    legend: { show: false },
    series: [{}, { label: time.dataset.y, stroke: accent, fill: accent, width: 1,
      paths: uPlot.paths.bars({ size: [0.6, 48] }), points: { show: false } }],
  }, [years, years.map(function (y) { return counts[y] || 0; })]);
})();
