// Forecast Ledger, on the page that embeds it: size every Forecast Ledger iframe to its content.
// The vendored @open-iframe-resizer/core (MIT) does the postMessage exchange with the frame.
(function () {
  "use strict";
  function start() {
    window.iframeResizer.initialize({}, "iframe[data-forecast-embed]");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
