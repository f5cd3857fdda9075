"""The dmtx command line (Typer): parse the arguments, call dmtx.commands, nothing more.

One module per group of commands; each adds its commands to the one app (dmtx.cli.app).
"""

from dmtx.cli import checklist, classroom, completion, journal, lookup
from dmtx.cli.app import app, run

__all__ = ["app", "checklist", "classroom", "completion", "journal", "lookup", "run"]
