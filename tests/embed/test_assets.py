"""Vendored code matches its manifest and licence; the web component stays small."""

import gzip
import hashlib
import json

from fastapi.testclient import TestClient

from app.embed.render import STATIC

VENDOR = STATIC / "vendor"
MANIFEST = json.loads((VENDOR / "MANIFEST.json").read_text())
WIDGET_LIMIT = 15 * 1024
CHART_LIMIT = 60 * 1024


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def test_every_vendored_file_has_the_checksum_its_manifest_names() -> None:
    listed = set()
    for package in MANIFEST["packages"]:
        for entry in package["files"]:
            path = VENDOR / package["directory"] / entry["path"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], path
            listed.add(path)
        assert package["license"] == "MIT"
        assert any("LICENSE" in e["path"] for e in package["files"]), package["package"]
    on_disk = {p for p in VENDOR.rglob("*") if p.is_file() and p.name != "MANIFEST.json"}
    assert on_disk == listed


def test_each_licence_is_the_mit_licence() -> None:
    for package in MANIFEST["packages"]:
        licence = next(e for e in package["files"] if "LICENSE" in e["path"])
        text = (VENDOR / package["directory"] / licence["path"]).read_text()
        assert "Permission is hereby granted, free of charge" in text


def test_the_web_component_and_its_styles_fit_in_15_kb_gzipped(client: TestClient) -> None:
    widget = client.get("/embed/widget.js")
    assert widget.headers["content-type"] == "text/javascript; charset=utf-8"
    styles = client.get("/embed/static/embed.css").content
    assert gzipped(widget.content + styles) <= WIDGET_LIMIT
    assert '"ru":{' in widget.text
    assert "Уверенность" in widget.text


def test_the_chart_library_fits_in_60_kb_gzipped() -> None:
    uplot = VENDOR / "uplot"
    code = (uplot / "uPlot.iife.min.js").read_bytes() + (uplot / "uPlot.min.css").read_bytes()
    assert gzipped(code) <= CHART_LIMIT
