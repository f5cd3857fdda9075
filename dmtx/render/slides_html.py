"""The slide deck as one self-contained HTML file: one slide per screen, one slide per printed page.

Inline CSS and a small inline script (arrow keys, space, Home/End); nothing is fetched.
Without the script every slide shows, one under the other. Printed: landscape, one slide
per page, black on white, the disclaimer and source at the foot of every slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dmtx.document.slides import SLIDE_LINE, SLIDE_ROOM, Slide, slide_lines
from dmtx.render.html import html_page
from dmtx.sanitize import clean

# Printed type sizes, largest first: (CSS class, points). A slide prints at the largest at which
# it fits its page. The deck splits long slides so that each fits at 14 points; 12 is only for
# one item too long for any slide.
PRINT_SIZES = (("", 17.0), ("dense", 15.5), ("denser", 14.0), ("densest", 12.0))
ROOM_POINTS = 14.0  # the type size at which a slide holds SLIDE_LINE x SLIDE_ROOM

_CSS = """
@page { size: letter landscape; margin: 10mm 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font: 2.6vh/1.35 "DejaVu Sans", Verdana, "Liberation Sans", Arial, sans-serif; }
.slide { display: flex; flex-direction: column; min-height: 100vh; padding: 4vh 5vw 2vh; }
html.js .slide { display: none; height: 100vh; overflow: auto; }
html.js .slide.current { display: flex; }
.label { font-size: .8em; text-transform: uppercase; letter-spacing: .08em; margin: 0; }
h1 { font-size: 2em; line-height: 1.15; margin: .2em 0 .4em; }
.slide.title h1, .slide.closing h1 { font-size: 2.4em; }
.lead { font-size: 1.1em; margin: 0 0 .5em; }
h2 { font-size: 1.15em; margin: .6em 0 .2em; border-bottom: 2px solid #000; }
ul { margin: .2em 0; padding-left: 1.3em; }
li { margin: .15em 0; }
li, p { overflow-wrap: break-word; }
p.line { margin: .2em 0; font-weight: bold; }
.notes li { font-style: italic; }
.body { flex: 1 1 auto; }
footer { margin-top: .8em; padding-top: .3em; border-top: 2px solid #000; font-size: .75em; }
footer p { margin: .1em 0; }
.disclaimer { font-weight: bold; }
.position { float: right; font-weight: normal; }
@media print {
  html.js .slide, .slide { display: flex !important; height: 185mm; min-height: 0; overflow: hidden;
    padding: 0; break-after: page; page-break-after: always; break-inside: avoid; }
  .slide:last-of-type { break-after: auto; page-break-after: auto; }
  body { font-size: 17pt; }
  .slide.dense { font-size: 15.5pt; }
  .slide.denser { font-size: 14pt; }
  .slide.densest { font-size: 12pt; }
  footer { font-size: 12pt; }
}
"""

_SCRIPT = """
(function () {
  document.documentElement.className = "js";
  var slides = document.querySelectorAll(".slide");
  var index = 0;
  function show(next) {
    index = Math.max(0, Math.min(slides.length - 1, next));
    for (var i = 0; i < slides.length; i++) { slides[i].classList.toggle("current", i === index); }
    slides[index].scrollTop = 0;
    if (history.replaceState) { history.replaceState(null, "", "#" + slides[index].id); }
  }
  var start = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  show(start ? Array.prototype.indexOf.call(slides, start) : 0);
  document.addEventListener("keydown", function (event) {
    var key = event.key;
    if (key === "ArrowRight" || key === " " || key === "PageDown" || key === "Enter") { show(index + 1); }
    else if (key === "ArrowLeft" || key === "PageUp" || key === "Backspace") { show(index - 1); }
    else if (key === "Home") { show(0); }
    else if (key === "End") { show(slides.length - 1); }
    else { return; }
    event.preventDefault();
  });
})();
"""


def _text(value: str) -> str:
    """Data text for HTML: control characters visible, markup characters escaped, newlines as breaks."""
    return "<br>".join(escape(line) for line in clean(value).split("\n"))


def print_size(slide: Slide) -> str:
    """The CSS class of the largest printed type at which the slide fits one page (estimated)."""
    for name, points in PRINT_SIZES:
        scale = ROOM_POINTS / points
        if slide_lines(slide, SLIDE_LINE * scale) <= SLIDE_ROOM * scale:
            return name
    return PRINT_SIZES[-1][0]


def _slide_html(slide: Slide, number: int, total: int, footer: tuple[str, str]) -> str:
    size = print_size(slide)
    density = f" {size}" if size else ""
    parts = [
        f'<section class="slide {slide.kind}{density}" id="slide-{number}" aria-label="Slide {number} of {total}">',
        f'<p class="label">{_text(slide.label)}<span class="position">{number} / {total}</span></p>',
        '<div class="body">',
        f"<h1>{_text(slide.title)}</h1>",
    ]
    parts += [f'<p class="lead">{_text(paragraph)}</p>' for paragraph in slide.lead]
    for section in slide.sections:
        notes = ' class="notes"' if section.heading.startswith("Notes") else ""
        parts.append(f"<h2>{_text(section.heading)}</h2>")
        if section.bullets:
            parts.append(f"<ul{notes}>" + "".join(f"<li>{_text(b)}</li>" for b in section.bullets) + "</ul>")
        parts += [f'<p class="line">{_text(line)}</p>' for line in section.lines]
    parts += [
        "</div>",
        f'<footer><p class="disclaimer">{_text(footer[0])}</p><p class="source">{_text(footer[1])}</p></footer>',
        "</section>",
    ]
    return "\n".join(parts)


def render_deck_html(deck: Sequence[Slide], *, title: str, disclaimer: str, source: str) -> str:
    """Every slide of the deck in one HTML file to project from any browser or print."""
    total = len(deck)
    slides = "\n".join(_slide_html(s, n, total, (disclaimer, source)) for n, s in enumerate(deck, 1))
    return html_page(_text(title), _CSS, slides + "\n", script=_SCRIPT)
