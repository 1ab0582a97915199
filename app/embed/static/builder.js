// The embed builder: the preview and the three snippets follow the form as it changes.
(function () {
  "use strict";
  var form = document.getElementById("builder");
  var base = form.dataset.base;
  var preview = document.getElementById("preview");

  function query(withOptions) {
    var out = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value === "" || (!withOptions && (name === "theme" || name === "lang"))) return;
      out.append(name, value);
    });
    return out.toString();
  }
  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }
  function update() {
    var page = base + "/embed/claims?" + query(true);
    var data = base + "/v1/claims?" + query(false);
    var expert = form.elements.expert.value || "gaziz-abishev";
    var theme = form.elements.theme.value, lang = form.elements.lang.value;
    if (preview.src !== page) preview.src = page;
    document.getElementById("snippet-iframe").value =
      '<iframe src="' + escape(page) + '" title="Forecast Ledger claims" width="100%" height="600" style="border:0" data-forecast-embed></iframe>\n' +
      '<script src="' + base + '/embed/static/vendor/open-iframe-resizer/index.umd.js"></script>\n' +
      '<script src="' + base + '/embed/static/host.js"></script>';
    document.getElementById("snippet-component").value =
      '<script src="' + base + '/embed/widget.js" defer></script>\n' +
      '<forecast-claims src="' + escape(data) + '" theme="' + theme + '" lang="' + lang + '"></forecast-claims>';
    document.getElementById("snippet-badge").value =
      "[![Forecast Ledger](" + base + "/v1/experts/" + expert + "/badge.svg)](" + base + "/embed/experts/" + expert + ")";
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.dataset.copy);
      area.select();
      (navigator.clipboard ? navigator.clipboard.writeText(area.value) : Promise.reject())
        .catch(function () { document.execCommand("copy"); });
    });
  });
  update();
})();
