"""Today's date, for judging review dates: the system's, or the day `DMTX_TODAY` names (YYYY-MM-DD).

One injectable clock: tests set `DMTX_TODAY` so that no screen, and no test, changes with the
calendar. Only review dates read it; the journal and the checklist's "made on" keep the real day.
"""

from __future__ import annotations

import os
import re
import time

from dmtx.errors import UsageProblem

TODAY_ENV = "DMTX_TODAY"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def today() -> str:
    """Today as YYYY-MM-DD: `$DMTX_TODAY` when set, else the system's date (local time, as date.today())."""
    chosen = os.environ.get(TODAY_ENV, "").strip()
    if not chosen:
        # time.strftime, not datetime: importing datetime cost about 1.7 ms of every lookup's start-up.
        return time.strftime("%Y-%m-%d")
    return checked_date(chosen, TODAY_ENV)


def checked_date(text: str, what: str) -> str:
    """A real date written YYYY-MM-DD, or a usage problem naming `what` gave it."""
    import datetime

    try:
        if not _DATE.match(text):
            raise ValueError
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageProblem(f"{what} must be a real date written YYYY-MM-DD, not {text[:40]!r}.") from None
