.PHONY: check test serve

check:  ## lint, formatting, types and the whole test suite, as CI runs them
	.venv/bin/python scripts/check.py

test:
	.venv/bin/pytest

serve:
	.venv/bin/forecasts serve
