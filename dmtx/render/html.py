"""A self-contained, printable HTML checklist: inline CSS, no scripts, nothing fetched."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dmtx.document import Document, Heading, Items, Paragraph
from dmtx.document.checklist import HOW_TO_LABEL, Checklist, ChecklistQuestion
from dmtx.sanitize import clean_line

PAPER_SIZES = {"auto": "auto", "a4": "A4", "letter": "letter"}

_CSS = """
@page { size: %(size)s; margin: 12mm 14mm; }
* { box-sizing: border-box; }
html { font: 13pt/1.45 Georgia, "DejaVu Serif", "Liberation Serif", serif; color: #000; background: #fff; }
body { max-width: 46em; margin: 0 auto; padding: 1.5em 1em; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
h2 { font-size: 15pt; margin: .6em 0 .25em; padding-bottom: .1em; border-bottom: 1.5pt solid #000;
     break-after: avoid; page-break-after: avoid; }
.fields { border-collapse: collapse; margin: 0 0 .6em; }
.fields th { text-align: left; padding: .1em 1em .1em 0; font-weight: bold; }
.fields td { min-width: 16em; border-bottom: 1pt solid #000; padding: .1em .3em; }
.disclaimer { font-weight: bold; border: 1.5pt solid #000; padding: .3em .6em; margin: .5em 0; }
ul.questions { list-style: none; margin: 0; padding: 0; }
li.q { break-inside: avoid; page-break-inside: avoid; margin: .3em 0 .4em; padding-left: 1.7em; position: relative; }
.box { position: absolute; left: 0; top: .2em; width: 1em; height: 1em; border: 1.5pt solid #000; }
.who { font-style: italic; }
.answer { border-bottom: 1pt solid #444; height: 1.5em; }
li.q.blank { margin: 0 0 .15em; }
li.q.blank .answer { height: 1.3em; }
footer { margin-top: .5em; padding-top: .3em; border-top: 1.5pt solid #000; font-size: 12pt;
         break-inside: avoid; page-break-inside: avoid; }
footer p { margin: .2em 0; }
.source-top { font-size: 12pt; font-weight: normal; }
.note { font-size: 10.5pt; line-height: 1.3; border-left: 2pt solid #000; padding-left: .5em; margin: .1em 0; }
.howto, .words { font-size: 10.5pt; line-height: 1.3; border: 1pt solid #000; padding: .2em .6em; margin: .4em 0;
                 break-inside: avoid; page-break-inside: avoid; }
.howto h2, .words h2 { border: none; margin: 0; font-size: 11pt; display: inline; }
.howto ol { display: inline; margin: 0; padding: 0; }
.howto li { display: inline; margin-left: .6em; }
.words dl { margin: .1em 0; }
.words dt { font-weight: bold; display: inline; }
.words dd { display: inline; margin: 0; }
.words dd::after { content: ""; display: block; }
.journal h3 { font-size: 13.5pt; margin: .7em 0 .2em; break-after: avoid; page-break-after: avoid; }
.journal ul.plain { margin: .2em 0 .4em 1.2em; padding: 0; }
figure.chart { margin: .4em 0 .6em; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%%; max-width: 40em; height: auto; display: block; }
figure.chart figcaption { font-size: 12pt; }
@media print { body { max-width: none; padding: 0; } }
ol.top3 { margin: 0; padding-left: 1.7em; }
ol.top3 li { break-inside: avoid; page-break-inside: avoid; margin: .1em 0 .2em; }
.situations { margin: .3em 0; }
.tips { font-size: 12pt; line-height: 1.25; margin: .6em 0 0; break-inside: avoid; page-break-inside: avoid; }
.tips div { margin: .15em 0; }
.tips { display: flex; gap: 0 1.2em; }
.tips div { flex: 1; }
.tips ul { margin: 0; padding-left: 1.1em; }
.safety-net { font-weight: bold; margin: .3em 0; }
.more { font-size: 12pt; font-style: italic; margin: .3em 0; }
/* Keep a one-topic list with "My top 3" and the tips on one page. */
.fields tbody { display: flex; flex-wrap: wrap; gap: 0 .8em; }
.fields td { min-width: 8em; }
@page { margin: 8mm 12mm 15mm; }
@page { @bottom-left { content: %(later)s; font: 11pt/1.3 Georgia, "DejaVu Serif", serif; vertical-align: top; padding-top: 2mm; } }
@page :first { @bottom-left { content: %(first)s; } }
.words dl { column-count: 1; }

@media print { footer { display: none; } }  /* each printed page has the footer in its bottom margin instead */
html { font-size: 12pt; }
h1 { font-size: 18pt; margin: 0 0 .2em; }
footer { margin-top: .4em; }
h2 { font-size: 14pt; }
li.q { margin: .1em 0 .2em; }
.answer { height: 1.4em; }
h2 { margin: .5em 0 .2em; }
.note { font-size: 11pt; line-height: 1.25; }
.howto, .words { font-size: 11pt; }
.sources { font-size: 12pt; }  /* short numbered lines at the body size */
figure.chart svg { width: 640px; max-width: 100%%; }
"""

# Normal print: two columns and tighter spacing, so that one topic fits one Letter or A4 page.
_NORMAL_PRINT_CSS = """
@media print {
  main { columns: 2; column-gap: 7mm; }
  .tips div, .words div, .howto { break-inside: avoid-column; }
  .words { break-inside: auto; page-break-inside: auto; }  /* the words box may go on in the next column */
  h2 { break-inside: avoid-column; break-after: avoid-column; }  /* a heading stays whole, with what follows */
  .journal { column-span: all; }
  .tips { display: block; }
  h2 { font-size: 13pt; }
  .note { margin: 0; }
  .howto, .words, .tips { font-size: 11pt; }
  html { line-height: 1.2; }
  .howto { column-span: all; }
  .disclaimer { font-size: 11pt; }
  h1 { font-size: 17pt; }
  h2 { margin: .35em 0 .15em; }
  li.q { margin: 0 0 .15em; }
  .answer { height: 1.25em; }
  .safety-net, .more { margin: .15em 0; }
  .tips div { margin: .1em 0; }
  .disclaimer { margin: .3em 0; }
  .fields { margin: 0 0 .3em; }
}
"""

# Large print for older readers: 14pt or more everywhere, 1.5 line spacing.
_LARGE_CSS = """
html { font-size: 14pt; line-height: 1.5; }
@page { margin: 10mm 14mm 32mm; }
@page { @bottom-left { font-size: 14pt; line-height: 1.4; } }
@media print { .tips { display: block; } .tips div + div { margin-top: .3em; } }
.journal h3, .who, .box + .text, .disclaimer { font-size: 14pt; }
h1 { font-size: 22pt; }
h2 { font-size: 17pt; }
footer, .tips, .more, .note, .howto, .words, .howto h2, .words h2, .source-top, .sources,
figure.chart figcaption { font-size: 14pt; line-height: 1.5; }
.answer { height: 1.6em; }
"""


def render_checklist_html(checklist: Checklist, paper: str = "auto", *, large: bool = False) -> str:
    """One HTML file to open in a browser and print (A4 or US Letter); `large` prints at 14pt or more."""
    size = PAPER_SIZES.get(paper, "auto")
    pages = ' " Page " counter(page) " of " counter(pages)'
    first = css_string(f"{checklist.source.attribution()} Checklist made on {checklist.made_on}.") + pages
    source = checklist.source
    later = css_string(f"{checklist.disclaimer} Source: '{source.title}', {source.last_modified[:4]}.") + pages
    css = _CSS % {"size": size, "first": first, "later": later} + (_LARGE_CSS if large else _NORMAL_PRINT_CSS)
    fields = "".join(
        f'<tr><th scope="row">{label}</th><td>{escape(value) if value else "&nbsp;"}</td></tr>'
        for label, value in (
            ("Name", checklist.name),
            ("Visit date", checklist.visit_date),
            ("Doctor", checklist.doctor),
        )
    )
    sections = _journal_html(checklist, large) + "".join(
        _section_html(checklist, index) for index in range(len(checklist.sections))
    )
    steps = "".join(f"<li>{escape(step)}</li>" for step in checklist.how_to)
    how_to = f'<section class="howto"><h2>{HOW_TO_LABEL}:</h2> <ol>{steps}</ol></section>\n' if steps else ""
    entries = "".join(f"<div><dt>{escape(w)}:</dt> <dd>{escape(m)}</dd></div>" for w, m in checklist.words)
    words = f'<section class="words"><h2>Words on this list</h2><dl>{entries}</dl></section>\n' if entries else ""
    body = f"""<header>
<h1>{escape(checklist.title)}</h1>
<table class="fields">{fields}</table>
<p class="disclaimer">{escape(checklist.disclaimer)}</p>
</header>
<main>
{_situations_html(checklist)}{how_to}{_top3_html(checklist)}{sections}{words}{_tips_html(checklist)}{_more_html(checklist)}</main>
<footer>
<p><strong class="disclaimer-footer">{escape(checklist.disclaimer)}</strong>
<span class="source">{escape(checklist.source.attribution())}</span>
<span class="made">Checklist made on {escape(checklist.made_on)}.</span></p>
</footer>
"""
    return html_page(escape(checklist.title), css, body)


def css_string(text: str) -> str:
    """Text as a quoted CSS string: every character but letters, digits and spaces as a hex escape."""
    return '"' + "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in text) + '"'


def _journal_html(checklist: Checklist, large: bool = False) -> str:
    from dmtx.render.chart import svg

    part = checklist.journal
    if part is None:
        return ""
    medicines = "".join(f"<li>{escape(m.line())}</li>" for m in part.medicines) or "<li>None recorded.</li>"
    charts = "".join(
        f'<figure class="chart" id="chart-{escape(c.series.id)}">{svg(c.series, font=20 if large else 16)}'
        f"<figcaption>{escape(c.series.label)}: {escape(c.trend)}</figcaption></figure>\n"
        for c in part.charts
    )
    notes = "".join(f"<li>{escape(day)}: {escape(text)}</li>" for day, text in part.notes)
    html = [
        f'<section id="journal" class="journal">\n<h2>{escape(part.title)}</h2>\n<p>{escape(part.period)}</p>\n',
        f'<h3>Medicines</h3>\n<ul class="plain">{medicines}</ul>\n{charts}',
    ]
    if notes:
        html.append(f'<h3>Your notes</h3>\n<ul class="plain">{notes}</ul>\n')
    if part.questions:
        items = "".join(_question_html(checklist, q) for q in part.questions)
        sources = "".join(f"<li>{escape(line)}</li>" for line in part.short_sources())
        html.append(
            f'<h3>Questions from your journal</h3>\n<ul class="questions">\n{items}</ul>\n'
            f'<div class="sources">Why these questions (sources):<ul class="plain">{sources}</ul></div>\n'
        )
    html.append("</section>\n")
    return "".join(html)


def _question_html(checklist: Checklist, question: ChecklistQuestion) -> str:
    mark = checklist.audience_of(question)
    who = f' <span class="who">({mark})</span>' if mark else ""
    answers = '<div class="answer"></div>' * checklist.space_lines
    return (
        f'<li class="q" id="{escape(question.id)}"><span class="box" aria-hidden="true"></span>'
        f'<span class="text">{escape(question.text)}</span>{who}{answers}</li>\n'
    )


def _section_html(checklist: Checklist, index: int) -> str:
    section = checklist.sections[index]
    items = []
    for question in section.questions:
        mark = checklist.audience_of(question)
        who = f' <span class="who">({mark})</span>' if mark else ""
        answers = '<div class="answer"></div>' * checklist.space_lines
        notes = "".join(f'<p class="note">{escape(note)}</p>' for note in question.notes)
        items.append(
            f'<li class="q" id="{escape(question.id)}"><span class="box" aria-hidden="true"></span>'
            f'<span class="text">{escape(question.text)}</span>{who}{notes}{answers}</li>\n'
        )
    if section.kind == "mine":
        items += [
            '<li class="q blank"><span class="box" aria-hidden="true"></span><div class="answer"></div></li>\n'
        ] * checklist.blank_questions
    return (
        f'<section id="{escape(section.id)}">\n<h2>{escape(section.title)}</h2>\n'
        f'<ul class="questions">\n{"".join(items)}</ul>\n</section>\n'
    )


_PRINT_CSS = """
@page { size: auto; margin: 14mm; }
html { font: 13pt/1.45 Georgia, "DejaVu Serif", "Liberation Serif", serif; color: #000; background: #fff; }
body { max-width: 46em; margin: 0 auto; padding: 1.5em 1em; }
h1 { font-size: 20pt; margin: 0 0 .4em; }
h2 { font-size: 14pt; margin: 1em 0 .3em; break-after: avoid; page-break-after: avoid; }
.q { break-inside: avoid; page-break-inside: avoid; margin: 0 0 .8em; }
ul { list-style: none; padding-left: .5em; margin: .2em 0; }
li { margin: .25em 0; }
.box { display: inline-block; width: .9em; height: .9em; border: 1.5pt solid #000; margin-right: .5em;
       vertical-align: -.1em; }
.line { display: inline-block; min-width: 14em; border-bottom: 1pt solid #000; }
.muted { font-style: italic; }
.disclaimer { font-weight: bold; }
footer { margin-top: 1em; padding-top: .3em; border-top: 1.5pt solid #000; font-size: 12pt; }
@media print { html { font-size: 12pt; } body { max-width: none; padding: 0; } }
li.marked { font-weight: bold; position: relative; }
.tick { position: absolute; left: -1.3em; top: .05em; width: .45em; height: .85em;
        border: solid #000; border-width: 0 .22em .22em 0; transform: rotate(40deg); }
"""

# Large print for the quiz and the answer sheet: 14 pt or more everywhere, 1.5 line spacing.
_PRINT_LARGE_CSS = """
html, footer, h2 { line-height: 1.5; }
html { font-size: 14pt; }
h1 { font-size: 22pt; }
h2 { font-size: 17pt; }
footer { font-size: 14pt; }
@media print { html { font-size: 14pt; } }
"""


def html_page(title_html: str, css: str, body: str, *, script: str = "") -> str:
    """One self-contained HTML file: inline CSS, nothing fetched, and a script only when given.

    The Content-Security-Policy allows inline styles, and an inline script only when there is one.
    """
    policy = "default-src 'none'; style-src 'unsafe-inline'" + ("; script-src 'unsafe-inline'" if script else "")
    tail = f"<script>{script}</script>\n" if script else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dmtx">
<title>{title_html}</title>
<style>{css}</style>
</head>
<body>
{body}{tail}</body>
</html>
"""


def _page(title: str, body: str, footer: Sequence[str], *, large: bool = False) -> str:
    """A printable page: the body, then the footer's lines (the first is the disclaimer, the next the source)."""
    css = _PRINT_CSS + (_PRINT_LARGE_CSS if large else "")
    if footer:  # the disclaimer on every printed page, in its bottom margin, as the checklist has it
        size = "14pt" if large else "11pt"
        pages = ' " Page " counter(page) " of " counter(pages)'
        css += (
            "@page { margin-bottom: 22mm; @bottom-left { content: "
            f'{css_string(clean_line(footer[0]))}{pages}; font: {size}/1.3 Georgia, "DejaVu Serif", serif;'
            " vertical-align: top; padding-top: 2mm; } }\n@media print { footer .disclaimer { display: none; } }\n"
        )
    lines = "".join(
        f'<p class="{"disclaimer" if n == 0 else "source"}">{_text(line)}</p>' for n, line in enumerate(footer)
    )
    return html_page(escape(title), css, f"{body}<footer>{lines}</footer>\n")


def _text(value: str) -> str:
    return escape(clean_line(value))


MARKED = ' class="marked"><span class="tick" role="img" aria-label="right answer"></span'
"""A marked item (the right answer): a thick tick drawn in CSS before it, and bold type; no words."""


def render_document_html(doc: Document, *, large: bool = False) -> str:
    """Any screen (a Document) as one self-contained printable HTML page: no scripts, nothing fetched."""
    parts = [f"<h1>{_text(doc.title)}</h1>\n"]
    grouped = False  # each heading and what follows it is one unit on paper (a question and its answer)
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(("</section>\n" if grouped else "") + f'<section class="q"><h2>{_text(block.text)}</h2>\n')
            grouped = True
        elif isinstance(block, Paragraph):
            css = ' class="muted"' if block.style in ("muted", "note") else ""
            parts.append(f"<p{css}>{_text(block.text)}</p>\n")
        elif isinstance(block, Items):
            items = "".join(
                f"<li{MARKED if i.marked else ''}>{f'<b>{_text(i.label)}</b> ' if i.label else ''}{_text(i.text)}</li>\n"
                for i in block.items
            )
            parts.append(f"<ul>\n{items}</ul>\n")
    parts.append("</section>\n" if grouped else "")
    # The disclaimer and the source, as on the PDF: later lines point to commands, which paper cannot run.
    return _page(doc.title, "".join(parts), doc.footer[:2], large=large)


def render_quiz_handout_html(
    title: str, questions: list[tuple[str, list[str]]], footer: tuple[str, ...], *, large: bool = False
) -> str:
    """A printable quiz for students: name and date lines, each question with tick boxes, no answers."""
    parts = [
        f"<h1>{_text(title)}</h1>\n",
        '<p>Name: <span class="line"></span> &nbsp; Date: <span class="line"></span></p>\n',
        "<p>Tick one answer for each question.</p>\n",
    ]
    for number, (question, choices) in enumerate(questions, 1):
        boxes = "".join(f'<li><span class="box"></span>{_text(choice)}</li>' for choice in choices)
        parts.append(
            f'<section class="q"><h2>{number}. {_text(question)}</h2><ul>{boxes}</ul>'
            '<p class="answer-line">Answer: <span class="line"></span></p></section>\n'
        )
    return _page(title, "".join(parts), footer, large=large)


def _situations_html(checklist: Checklist) -> str:
    if not checklist.situations:
        return ""
    titles = "; ".join(s.title for s in checklist.situations)
    return f'<p class="situations"><strong>For this visit:</strong> {escape(titles)}</p>\n'


def _top3_html(checklist: Checklist) -> str:
    if not checklist.top3:
        return ""
    items = "".join(
        _question_html(checklist, q._replace(text=f"{n}. {q.text}")) for n, q in enumerate(checklist.top3, 1)
    )
    return f'<section id="top3">\n<h2>My top 3</h2>\n<ul class="questions top3">\n{items}</ul>\n</section>\n'


def _tips_html(checklist: Checklist) -> str:
    blocks = "".join(
        f"<div><strong>{escape(block.title)}:</strong> <ul>{''.join(f'<li>{escape(i)}</li>' for i in block.items)}</ul></div>"
        for block in checklist.tips
    )
    tips = f'<section class="tips" id="tips">{blocks}</section>\n' if blocks else ""
    net = f'<p class="safety-net">{escape(checklist.safety_net)}</p>\n' if checklist.safety_net else ""
    return tips + net


def _more_html(checklist: Checklist) -> str:
    return f'<p class="more">{escape(checklist.more_paper)}</p>\n' if checklist.more_paper else ""
