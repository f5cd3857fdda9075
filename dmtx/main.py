"""The console entry point."""

from __future__ import annotations

import sys


def main() -> None:
    """Run dmtx with the process's arguments and exit with its code."""
    from dmtx.cli import run

    sys.exit(run(sys.argv[1:]))
