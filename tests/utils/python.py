"""Run a line of Python in a fresh interpreter at the project's root, for what happens at
start-up (settings read from the environment, the WSGI module loaded)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, environment: dict | None = None) -> str:
    """What ``code`` prints, run with ``environment`` (this process's own by default)."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=os.environ if environment is None else environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout
