"""A self-contained, printable HTML checklist: inline CSS, no scripts, nothing fetched."""

from __future__ import annotations

from html import escape

from dmtx.checklist import Checklist

PAPER_SIZES = {"auto": "auto", "a4": "A4", "letter": "letter"}

_CSS = """
@page { size: %(size)s; margin: 12mm 14mm; }
* { box-sizing: border-box; }
html { font: 13pt/1.45 Georgia, "DejaVu Serif", "Liberation Serif", serif; color: #000; background: #fff; }
body { max-width: 46em; margin: 0 auto; padding: 1.5em 1em; }
h1 { font-size: 20pt; margin: 0 0 .3em; }
h2 { font-size: 15pt; margin: .9em 0 .3em; padding-bottom: .1em; border-bottom: 1.5pt solid #000;
     break-after: avoid; page-break-after: avoid; }
.fields { border-collapse: collapse; margin: 0 0 .6em; }
.fields th { text-align: left; padding: .1em 1em .1em 0; font-weight: bold; }
.fields td { min-width: 16em; border-bottom: 1pt solid #000; padding: .1em .3em; }
.disclaimer { font-weight: bold; border: 1.5pt solid #000; padding: .3em .6em; margin: .5em 0; }
ul.questions { list-style: none; margin: 0; padding: 0; }
li.q { break-inside: avoid; page-break-inside: avoid; margin: .35em 0 .55em; padding-left: 1.7em; position: relative; }
.box { position: absolute; left: 0; top: .2em; width: 1em; height: 1em; border: 1.5pt solid #000; }
.who { font-style: italic; }
.answer { border-bottom: 1pt solid #444; height: 1.5em; }
footer { margin-top: .8em; padding-top: .3em; border-top: 1.5pt solid #000; font-size: 12pt;
         break-inside: avoid; page-break-inside: avoid; }
footer p { margin: .2em 0; }
.source-top { font-size: 12pt; font-weight: normal; }
@media print { body { max-width: none; padding: 0; } }
ol.top3 { margin: 0; padding-left: 1.7em; }
ol.top3 li { break-inside: avoid; page-break-inside: avoid; margin: .1em 0 .2em; }
.situations { margin: .3em 0; }
.tips { font-size: 12pt; line-height: 1.25; margin: .6em 0 0; break-inside: avoid; page-break-inside: avoid; }
.tips div { margin: .15em 0; }
.tips ul, .tips li { display: inline; margin: 0; padding: 0; }
.tips li + li::before { content: " \\2022  "; }
.safety-net { font-weight: bold; margin: .3em 0; }
.more { font-size: 12pt; font-style: italic; margin: .3em 0; }
/* Keep a one-topic list with "My top 3" and the tips on one page. */
.fields tbody { display: flex; flex-wrap: wrap; gap: 0 .8em; }
.fields td { min-width: 8em; }
@page { margin: 10mm 14mm; }
html { font-size: 12pt; }
h1 { font-size: 18pt; margin: 0 0 .2em; }
footer { margin-top: .4em; }
h2 { font-size: 14pt; }
li.q { margin: .1em 0 .2em; }
.answer { height: 1.4em; }
h2 { margin: .6em 0 .2em; }
"""

# Large print for older readers: 14pt or more everywhere, 1.5 line spacing.
_LARGE_CSS = """
html { font-size: 14pt; line-height: 1.5; }
h1 { font-size: 22pt; }
h2 { font-size: 17pt; }
footer, .tips, .more { font-size: 14pt; line-height: 1.5; }
.answer { height: 1.6em; }
"""


def render_checklist_html(checklist: Checklist, paper: str = "auto", *, large: bool = False) -> str:
    """One HTML file to open in a browser and print (A4 or US Letter); `large` prints at 14pt or more."""
    size = PAPER_SIZES.get(paper, "auto")
    css = _CSS % {"size": size} + (_LARGE_CSS if large else "")
    fields = "".join(
        f'<tr><th scope="row">{label}</th><td>{escape(value) if value else "&nbsp;"}</td></tr>'
        for label, value in (
            ("Name", checklist.name),
            ("Visit date", checklist.visit_date),
            ("Doctor", checklist.doctor),
        )
    )
    sections = "".join(_section_html(checklist, index) for index in range(len(checklist.sections)))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dmtx">
<title>{escape(checklist.title)}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{escape(checklist.title)}</h1>
<table class="fields">{fields}</table>
<p class="disclaimer">{escape(checklist.disclaimer)}</p>
</header>
<main>
{_situations_html(checklist)}{_top3_html(checklist)}{sections}{_tips_html(checklist)}{_more_html(checklist)}</main>
<footer>
<p><strong class="disclaimer-footer">{escape(checklist.disclaimer)}</strong>
<span class="source">{escape(checklist.source.attribution())}</span>
<span class="made">Checklist made on {escape(checklist.made_on)} with dmtx.</span></p>
</footer>
</body>
</html>
"""


def _section_html(checklist: Checklist, index: int) -> str:
    section = checklist.sections[index]
    items = []
    for question in section.questions:
        mark = checklist.audience_of(question)
        who = f' <span class="who">({mark})</span>' if mark else ""
        answers = '<div class="answer"></div>' * checklist.space_lines
        items.append(
            f'<li class="q" id="{escape(question.id)}"><span class="box" aria-hidden="true"></span>'
            f'<span class="text">{escape(question.text)}</span>{who}{answers}</li>\n'
        )
    return (
        f'<section id="{escape(section.id)}">\n<h2>{escape(section.title)}</h2>\n'
        f'<ul class="questions">\n{"".join(items)}</ul>\n</section>\n'
    )


def _situations_html(checklist: Checklist) -> str:
    if not checklist.situations:
        return ""
    titles = "; ".join(s.title for s in checklist.situations)
    return f'<p class="situations"><strong>For this visit:</strong> {escape(titles)}</p>\n'


def _top3_html(checklist: Checklist) -> str:
    if not checklist.top3:
        return ""
    items = "".join(
        f'<li id="{escape(q.id)}"><span class="text">{escape(q.text)}</span></li>\n' for q in checklist.top3
    )
    return f'<section id="top3">\n<h2>My top 3</h2>\n<ol class="top3">\n{items}</ol>\n</section>\n'


def _tips_html(checklist: Checklist) -> str:
    blocks = "".join(
        f"<div><strong>{escape(block.title)}:</strong> <ul>{''.join(f'<li>{escape(i)}</li>' for i in block.items)}</ul></div>"
        for block in checklist.tips
    )
    tips = f'<section class="tips" id="tips">{blocks}</section>\n' if blocks else ""
    net = f'<p class="safety-net">{escape(checklist.safety_net)}</p>\n' if checklist.safety_net else ""
    return tips + net


def _more_html(checklist: Checklist) -> str:
    return f'<p class="more">{escape(checklist.more)}</p>\n' if checklist.more else ""
