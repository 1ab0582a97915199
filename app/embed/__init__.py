"""Pages other sites embed: claims, scorecards and propositions as HTML widgets, a web component,
badges and oEmbed. Everything a page needs is served from here (vendored, with licences and a
checksum manifest in `static/vendor/MANIFEST.json`); no page asks any other host for anything."""
