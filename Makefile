.PHONY: check test serve bench bench-quick audit

check:  ## lint, formatting, types and the whole test suite, as CI runs them
	.venv/bin/python scripts/check.py

test:
	.venv/bin/pytest

audit:  ## known vulnerabilities in the installed dependencies (needs PyPI's or OSV's advisory API)
	.venv/bin/pip-audit --skip-editable

serve:
	.venv/bin/forecasts serve

bench:  ## the service against the floor and Datasette, 100k claims, SQLite and PostgreSQL
	.venv/bin/python bench/harness.py --postgres $${FORECASTS_BENCH_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/forecasts_bench}

bench-quick:  ## one short round on SQLite only (under 3 minutes once the data exist)
	.venv/bin/python bench/harness.py --quick
