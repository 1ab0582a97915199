"""Contention for the full 30 s: 8 writers and 8 readers against a real server on each engine.

    .venv/bin/python bench/contention.py [--seconds 30]

The suite runs the same test for 8 s (tests/ops/test_contention.py); this runs it for as long as
the reliability target says, and prints its figures: requests, req/s and every answer's status.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/ops/test_contention.py::test_writers_and_readers_at_once_meet_no_lock_error"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    env = {**os.environ, "FORECASTS_CONTENTION_SECONDS": str(args.seconds)}
    env.setdefault(
        "FORECASTS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    argv = [sys.executable, "-m", "pytest", TEST, "-q", "-s", "-p", "no:cacheprovider"]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith(("contention:", "FAILED", "E ")) or " passed" in line:
            print(line)
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
