"""Give every topic, drug, term and beyond-the-page entry its review dates (`reviewed`, `next_review`).

    python tools/stamp_reviews.py [PATH] [--reviewed YYYY-MM-DD] [--next-review YYYY-MM-DD] [--all] [--check]

By default only entries without dates are stamped, so it is safe to run again after a merge
that brought new drugs or entries: reviewed is the day given (today when not given) and
next_review a year later. An entry with `reviewed` but no `next_review` gets the year after
its own review. `--all` restamps every entry (after a full review of the whole file).
`--check` changes nothing and exits 1 when an entry lacks a date (for CI).

The file is edited as text, one line added per missing date at the end of the entry,
so comments, quoting and layout stay as they are. Only stamp what someone really checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

SECTIONS = ("points", "drugs", "terms", "beyond")
KEYS = ("reviewed", "next_review")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "guidelines.yaml"


def a_year_after(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _entries(root: yaml.MappingNode) -> list[tuple[str, int, yaml.MappingNode]]:
    """(section, index, node) for every mapping in the reviewed sections."""
    found = []
    for key, value in root.value:
        if key.value in SECTIONS and isinstance(value, yaml.SequenceNode):
            found += [(key.value, i, item) for i, item in enumerate(value.value) if isinstance(item, yaml.MappingNode)]
    return found


def stamp(
    text: str, reviewed: dt.date, *, next_review: dt.date | None = None, restamp: bool = False
) -> tuple[str, list[str]]:
    """The text with review dates added (or, with restamp, replaced); and the entries changed, named."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        raise SystemExit("the knowledge file's top level is not a mapping")
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []  # (line, start column, end column or -1 to insert a line, text)
    changed: list[str] = []
    for section, index, node in _entries(root):
        fields = {key.value: value for key, value in node.value}
        first_key, first_value = node.value[0]
        label = next((fields[k].value for k in ("id", "slug", "term") if k in fields), first_value.value)
        name = f"{section}[{index}] ({label})"
        own = fields.get("reviewed")
        day = reviewed if restamp or own is None else _date(own.value, name)
        given = next_review if next_review and (restamp or own is None) else None
        wanted = {"reviewed": day, "next_review": given or a_year_after(day)}
        did = False
        for key in KEYS:
            value = fields.get(key)
            if value is None:
                end = _last_scalar(node).end_mark
                line = end.line + 1 if end.column > 0 else end.line
                indent = " " * first_key.start_mark.column
                edits.append((line, 0, -1, f'{indent}{key}: "{wanted[key].isoformat()}"\n'))
                did = True
            elif restamp and value.value != wanted[key].isoformat():
                start, end = value.start_mark, value.end_mark
                edits.append((start.line, start.column, end.column, f'"{wanted[key].isoformat()}"'))
                did = True
        if did:
            changed.append(name)
    # From the end back, so earlier line numbers hold; of two lines added at one place, the later goes in first.
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for line, start, end, new in (edits[i] for i in order):
        if end < 0:
            lines.insert(line, new)
        else:
            lines[line] = lines[line][:start] + new + lines[line][end:]
    return "".join(lines), changed


def _last_scalar(node: yaml.Node) -> yaml.ScalarNode:
    """The last scalar inside a node: where the entry's text really ends (not at the comments after it)."""
    while not isinstance(node, yaml.ScalarNode):
        if isinstance(node, yaml.MappingNode) and node.value:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value:
            node = node.value[-1]
        else:
            break
    return node  # type: ignore[return-value]


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"{name}: reviewed {value!r} is not a date written YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--reviewed", type=dt.date.fromisoformat, default=dt.date.today(), help="default: today")
    parser.add_argument("--next-review", type=dt.date.fromisoformat, help="default: a year after --reviewed")
    parser.add_argument("--all", action="store_true", help="restamp every entry, not only those without dates")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if an entry lacks a date")
    args = parser.parse_args(argv)
    text = args.path.read_text(encoding="utf-8")
    new, changed = stamp(text, args.reviewed, next_review=args.next_review, restamp=args.all)
    if args.check:
        for name in changed:
            print(f"{args.path}: {name} has no review dates", file=sys.stderr)
        return 1 if changed else 0
    if new != text:
        args.path.write_text(new, encoding="utf-8")
    print(f"{args.path}: stamped {len(changed)} entr{'y' if len(changed) == 1 else 'ies'}", file=sys.stderr)
    for name in changed:
        print(f"  {name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
