"""Forecast Ledger: a REST API of structured expert forecasts."""

__version__ = "0.1.0"
