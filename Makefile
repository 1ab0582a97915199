.PHONY: check test serve bench bench-quick bench-scale soak contention audit

check:  ## lint, formatting, types and the whole test suite, as CI runs them
	.venv/bin/python scripts/check.py

test:
	.venv/bin/pytest

audit:  ## known vulnerabilities in the installed dependencies (needs PyPI's or OSV's advisory API)
	.venv/bin/pip-audit --skip-editable

serve:
	.venv/bin/forecasts serve

bench:  ## the service against the floor and Datasette: 100k claims on SQLite and PostgreSQL, then 1M beside 100k
	.venv/bin/python bench/harness.py --postgres $${FORECASTS_BENCH_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/forecasts_bench}
	.venv/bin/python bench/harness.py --claims 1000000 --baseline 100000

bench-scale:  ## 1M claims beside 100k in one short round (the million-claim file is built once, ~10 min)
	.venv/bin/python bench/harness.py --claims 1000000 --baseline 100000 --quick

bench-quick:  ## one short round on SQLite only (under 3 minutes once the data exist)
	.venv/bin/python bench/harness.py --quick

soak:  ## 60 s of 95/5 reads/writes at 32 connections: one SQLite process, two on PostgreSQL + Redis
	.venv/bin/python bench/soak.py --seconds 60 --connections 32

contention:  ## 8 writers + 8 readers for 30 s on each engine (the suite runs 8 s)
	.venv/bin/python bench/contention.py --seconds 30
