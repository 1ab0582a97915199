"""Every check CI runs, in order: lint, formatting, types, then the whole test suite.

Run it from the virtual environment the project is installed in:
    .venv/bin/python scripts/check.py [extra pytest arguments]
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    steps = [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "mypy")],
        [str(BIN / "pytest"), *sys.argv[1:]],
    ]
    failed = []
    for step in steps:
        print(
            f"$ {' '.join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step))}",
            flush=True,
        )
        if subprocess.run(step, cwd=ROOT, check=False).returncode != 0:
            failed.append(Path(step[0]).name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
