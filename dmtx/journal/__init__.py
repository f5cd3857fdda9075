"""My DM journal: a private record of CK results, doses, scores, notes and visits.

`kinds` is the one table of entry kinds (each kind's checks, words, chart, trend, columns
and place in the checklist), `entries` checks what a user types, `store` keeps it in one
SQLite file, `exchange` reads and writes csv/json copies, `summary` and `rules` turn the
record into the checklist's "Since your last visit" part, `chart` draws it, and `commands`
is what the `dmtx journal` commands do.
"""
