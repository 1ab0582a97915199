"""What schemas and services share: the search language, facet names, an ingestion's result.

Layers import one way: `api` → `services` → `schemas` → `domain` (tests/test_layers.py).
"""
