"""The words written after a drug's name on a label or a prescription: strengths, forms and schedules.

"Imuran 50mg tablets", "methotrexate 2.5 mg weekly": `dmtx.lookup` sets these words aside to
find the name, and reads how many days apart the doses are from the schedule words.
"""

from __future__ import annotations

import re

# A word from a label or a prescription after the name: a strength ("50mg", "2.5", "mg/mL", "10%"),
# a form ("tablets", "pen", "ER") or a schedule ("daily", "once a week").
_STRENGTH = re.compile(
    r"(\d+([.,]\d+)*)?(mg|g|mcg|\u00b5g|ug|ml|l|%|iu|units?|meq|mmol)?(/(\d+([.,]\d+)?)?(ml|l|kg|g|mg|dose|day|d|week|wk|h|hr))?"
)
_LABEL_WORDS = frozenset(
    "tablet tablets tab tabs capsule capsules cap caps caplet caplets pill pills injection injections injectable inj "  # noqa: SIM905
    "pen pens autoinjector auto injector prefilled pre filled syringe syringes vial vials solution suspension liquid "
    "oral topical cream ointment gel lotion foam er xr xl sr la dr ec extended delayed release iv sc sq subcutaneous "
    "film coated dose doses daily day days nightly night morning evening weekly week weeks wk monthly month months "
    "a per every each once twice times x at in the by mouth po with food other one two three "
    "qd od bid tid qid qhs hs qw qwk 1x 2x 3x everyday tds bedtime hour hours hr hrs weekdays qod "
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays "
    "saturdays sundays mon tue wed thu fri sat sun and on usp take use as directed".split()
)
# "2x/week", "2/wk", "q12h", "q7d": counts and spans written as one word on a prescription.
_PER_SPAN = re.compile(r"(\d+)\s*(?:x|times)?\s*/\s*(d|day|wk|week|mo|month)", re.IGNORECASE)
_Q_EVERY = re.compile(r"\bq(\d{1,2})(h|d)\b", re.IGNORECASE)
_ONE_WORD = re.compile(r"\d+x(?:/\w+)?|\d+/(?:d|day|wk|week|mo|month)|q\d{1,2}[hd]", re.IGNORECASE)


def is_label_word(word: str) -> bool:
    """Whether one word typed after a name is a strength, a form or a schedule, not part of the name."""
    word = word.strip("()[],;:").casefold()
    return bool(word) and (
        word in _LABEL_WORDS or _STRENGTH.fullmatch(word) is not None or _ONE_WORD.fullmatch(word) is not None
    )


_EVERY = re.compile(r"every\s+(\d+|other)\s+(day|week|month)", re.IGNORECASE)
_SPAN_WORDS = {
    1: {"daily", "day", "days", "d", "nightly", "night", "morning", "evening", "qd", "od", "bid", "tid", "qid", "qhs"}
    | {"everyday", "tds", "bedtime", "hour", "hours", "hr", "hrs", "weekdays"},
    7: {"weekly", "week", "weeks", "wk", "qw", "qwk", "monday", "tuesday", "wednesday", "thursday", "friday"}
    | {"saturday", "sunday", "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"},
    28: {"monthly", "month", "months"},
}
_MORE_THAN_ONCE = {"twice", "two", "three", "2x", "3x", "times"}


def schedule_days(text: str) -> int | None:
    """How many days apart doses are by a label's schedule words ("daily" 1, "weekly" 7, "twice a week" 3)."""
    per_span = _PER_SPAN.search(text)
    if per_span:  # "2/wk": twice a week, a dose every 3 days or so
        span = {"d": 1, "day": 1, "wk": 7, "week": 7, "mo": 28, "month": 28}[per_span.group(2).lower()]
        return max(1, span // max(1, int(per_span.group(1))))
    q_every = _Q_EVERY.search(text)
    if q_every:  # q12h: every 12 hours, more than once a day; q7d: every 7 days
        return 1 if q_every.group(2).lower() == "h" else int(q_every.group(1))
    if re.search(r"\bqod\b", text, re.IGNORECASE):
        return 2
    weekdays = set(re.findall(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*", text.casefold()))
    if len(weekdays) > 1:  # "Mon and Thu": more than once a week
        return 7 // len(weekdays)
    every = _EVERY.search(text)
    if every:
        count = 2 if every.group(1).lower() == "other" else int(every.group(1))
        return count * {"day": 1, "week": 7, "month": 28}[every.group(2).lower()]
    words = set(re.findall(r"[a-z0-9]+", text.casefold()))
    for days, names in _SPAN_WORDS.items():
        if words & names:
            return days if days == 1 or not words & _MORE_THAN_ONCE else days // 2
    return None
