"""Showing a slide deck: a full-screen player for a terminal (plain text: dmtx.render.slides_text).

The player reads raw keys (termios + select), draws each frame with Rich in the
alternate screen, re-lays out when the window size changes, and always puts the
terminal back (settings, cursor, main screen), whatever ends it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dmtx.classroom.slides import topic_slide_index
from dmtx.document.slides import Slide
from dmtx.sanitize import clean, to_ascii

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod, RenderableType
    from rich.segment import Segment


ENTER_SCREEN = "\x1b[?1049h"
LEAVE_SCREEN = "\x1b[?1049l"
HIDE_CURSOR = "\x1b[?25l"
SHOW_CURSOR = "\x1b[?25h"
RESET_STYLE = "\x1b[0m"
CLEAR = "\x1b[2J"

MIN_COLUMNS, MIN_ROWS = 30, 8
MAX_CONTENT_WIDTH = 96
POLL_SECONDS = 0.5  # how often the window size is checked when no SIGWINCH arrives
ESCAPE_WAIT = 0.05  # how long a lone ESC waits for the rest of an arrow-key sequence


def can_play() -> bool:
    """True when both stdin and stdout are terminals that can draw a full screen."""
    if os.environ.get("TERM", "") in ("", "dumb"):
        return False
    try:
        import termios  # noqa: F401  (POSIX only)
    except ImportError:
        return False
    from dmtx.output import is_tty

    return is_tty(sys.stdin) and is_tty(sys.stdout)


# --------------------------------------------------------------------------- keys

_CSI_FINAL = {"A": "up", "B": "down", "C": "right", "D": "left", "H": "home", "F": "end"}
_CSI_TILDE = {"1": "home", "7": "home", "4": "end", "8": "end", "5": "pgup", "6": "pgdn"}
_CONTROL = {
    0x0D: "enter",
    0x0A: "enter",
    0x7F: "backspace",
    0x08: "backspace",
    0x03: "ctrl-c",
    0x0C: "ctrl-l",
    0x20: "space",
}


def _sequence_name(introducer: int, params: bytes, final: int) -> str:
    letter = chr(final)
    if letter == "~":
        return _CSI_TILDE.get(params.split(b";")[0].decode("ascii", "replace"), "unknown")
    if introducer == ord("O") or letter in _CSI_FINAL:
        return _CSI_FINAL.get(letter, "unknown")
    return "unknown"


def parse_keys(data: bytes, *, final: bool = False) -> tuple[list[str], bytes]:
    """Split raw terminal bytes into key names; return them and any incomplete escape sequence.

    Printable ASCII stays itself ("q", "G", "3"); arrows become "left"/"right"/"up"/"down";
    other keys get names such as "enter", "space", "esc", "ctrl-c", "pgdn". With `final`,
    an incomplete sequence is read as a lone Esc press.
    """
    keys: list[str] = []
    i = 0
    while i < len(data):
        byte = data[i]
        if byte != 0x1B:
            if byte in _CONTROL:
                keys.append(_CONTROL[byte])
            elif 0x21 <= byte <= 0x7E:
                keys.append(chr(byte))
            i += 1  # other control bytes and non-ASCII input are ignored
            continue
        if i + 1 >= len(data) or (data[i + 1] in b"[O" and i + 2 >= len(data)):
            if not final:
                return keys, data[i:]
            keys.append("esc")
            i += 1
            continue
        if data[i + 1] not in b"[O":
            keys.append("esc")
            i += 1
            continue
        j = i + 2
        while j < len(data) and 0x20 <= data[j] <= 0x3F:
            j += 1
        if j >= len(data):
            if not final:
                return keys, data[i:]
            keys.append("esc")
            i += 1
            continue
        if 0x40 <= data[j] <= 0x7E:
            keys.append(_sequence_name(data[i + 1], data[i + 2 : j], data[j]))
            i = j + 1
        else:
            keys.append("esc")
            i += 1
    return keys, b""


# --------------------------------------------------------------------------- navigation

_NEXT = {"right", "space", "n", "l", "enter"}
_BACK = {"left", "p", "h", "backspace"}
_QUIT = {"q", "Q", "esc", "ctrl-c"}


@dataclass
class Navigator:
    """Where the viewer is: which slide, how far scrolled; changed by key names, knows no terminal."""

    deck: Sequence[Slide]
    index: int = 0
    scroll: int = 0
    max_scroll: int = 0
    page: int = 1
    message: str = ""

    def go(self, index: int) -> None:
        """Show slide `index` (kept within the deck) from its top."""
        self.index = min(max(index, 0), len(self.deck) - 1)
        self.scroll = 0

    def handle(self, key: str) -> bool:
        """Act on one key; False means quit."""
        self.message = ""
        if key in _QUIT:
            return False
        if key in _NEXT:
            self.go(self.index + 1)
        elif key in _BACK:
            self.go(self.index - 1)
        elif key in ("g", "home"):
            self.go(0)
        elif key in ("G", "end"):
            self.go(len(self.deck) - 1)
        elif key in ("down", "j"):
            self.scroll = min(self.scroll + 1, self.max_scroll)
        elif key in ("up", "k"):
            self.scroll = max(self.scroll - 1, 0)
        elif key == "pgdn":
            self._page_down()
        elif key == "pgup":
            self._page_up()
        elif len(key) == 1 and key in "123456789":
            found = topic_slide_index(self.deck, int(key))
            if found is None:
                self.message = f"Topic {key} is not in these slides."
            else:
                self.go(found)
        return True

    def _page_down(self) -> None:
        if self.scroll < self.max_scroll:
            self.scroll = min(self.scroll + max(1, self.page - 1), self.max_scroll)
        else:
            self.go(self.index + 1)

    def _page_up(self) -> None:
        if self.scroll > 0:
            self.scroll = max(self.scroll - max(1, self.page - 1), 0)
        else:
            self.go(self.index - 1)


def topic_keys(deck: Sequence[Slide]) -> str:
    """The digit keys that jump to a topic in this deck, e.g. '1-6' or '2,5'."""
    numbers = sorted({s.topic for s in deck if s.topic is not None and 1 <= s.topic <= 9})
    if not numbers:
        return ""
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return ",".join(str(n) for n in numbers)


# --------------------------------------------------------------------------- drawing


@dataclass(frozen=True)
class Look:
    """How frames are drawn: colour and boxes, or plain; Unicode or ASCII only."""

    plain: bool = False
    ascii_only: bool = False

    def text(self, value: str) -> str:
        """Data or our own text made safe for this terminal."""
        cleaned = clean(value)
        return to_ascii(cleaned) if self.ascii_only else cleaned

    def style(self, name: str) -> str:
        """A Rich style, or none in plain mode."""
        return "" if self.plain else name

    @property
    def bullet(self) -> str:
        """The mark before each fact or question."""
        return "*" if self.ascii_only else "\u2022"


@dataclass(frozen=True)
class Frame:
    """One drawn screen: its rows (with style codes), and how far the slide body can scroll."""

    rows: tuple[str, ...]
    max_scroll: int
    page: int


def _slide_body(slide: Slide, *, look: Look, spacing: int) -> RenderableType:
    """The slide's content, with blank lines by `spacing`.

    3: after the title and lead, between sections and between bullets; 2: not between
    bullets; 1: only before each section; 0: none. The player uses the roomiest that fits.
    """
    from rich.align import Align
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    centered = slide.kind in ("title", "closing")
    justify: JustifyMethod = "center" if centered else "left"
    gap = Text("")
    parts: list[RenderableType] = [Text(look.text(slide.title), style=look.style("bold"), justify=justify)]
    if spacing >= 2:
        parts.append(gap)
    for paragraph in slide.lead:
        parts.append(Text(look.text(paragraph), style=look.style("italic"), justify=justify))
        if spacing >= 2:
            parts.append(gap)
    for number, section in enumerate(slide.sections):
        if spacing == 1 or (spacing >= 2 and number):  # at 2+ the lead's gap already precedes the first
            parts.append(gap)
        parts.append(Text(look.text(section.heading), style=look.style("bold cyan"), justify=justify))
        if section.bullets:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, style=look.style("cyan"))
            grid.add_column()
            for bullet_number, bullet in enumerate(section.bullets):
                if bullet_number and spacing >= 3:
                    grid.add_row("", "")
                grid.add_row(look.bullet, Text(look.text(bullet)))
            parts.append(Align.center(grid) if centered else grid)
        parts += [Text(look.text(line), style=look.style("bold"), justify=justify) for line in section.lines]
    return Group(*parts)


def _nav_text(deck: Sequence[Slide], nav: Navigator, *, look: Look, width: int, more: bool) -> str:
    position = f" slide {nav.index + 1} of {len(deck)} "
    arrows = ("->", "<-", "v") if look.ascii_only else ("\u2192", "\u2190", "\u2193")
    digits = f"{topic_keys(deck)} topic  " if topic_keys(deck) else ""
    helps = [
        f"{arrows[0]}/space next  {arrows[1]}/p back  {digits}g/G first/last  q quit",
        f"{arrows[0]} next  {arrows[1]} back  {digits}q quit",
        f"{arrows[0]} {arrows[1]}  q quit",
        "q quit",
        "",
    ]
    extra = look.text(nav.message) or (f"{arrows[2]} more ({arrows[2]}/j)" if more else "")
    for keys in helps:
        tail = "  ".join(part for part in (extra, keys) if part)
        if len(position) + 2 + len(tail) <= width - 1:
            return (position + "  " + tail).ljust(width)
    return position[:width].ljust(width)


def _fit(lines: list[list[Segment]], width: int) -> list[list[Segment]]:
    from rich.segment import Segment

    return [Segment.adjust_line_length(line, width) for line in lines]


def layout_frame(console: Console, deck: Sequence[Slide], *, nav: Navigator, look: Look) -> Frame:
    """Lay out the current slide for the console's size: body, disclaimer, then a bar with position and keys."""
    from rich.segment import Segment
    from rich.text import Text

    width, height = console.size
    slide = deck[nav.index]
    options = console.options.update(width=width, height=None)

    def bar(more: bool) -> list[Segment]:
        text = Text(_nav_text(deck, nav, look=look, width=width, more=more), style=look.style("reverse"), no_wrap=True)
        return console.render_lines(text, options)[0]

    if width < MIN_COLUMNS or height < MIN_ROWS:
        small = Text(look.text("Make the window bigger to see the slides."), style=look.style("bold"))
        lines = console.render_lines(small, options)[: max(0, height - 1)]
        lines += [[Segment(" " * width)]] * (height - 1 - len(lines))
        return Frame(_rows(console, _fit([*lines, bar(False)], width)[-height:]), 0, 1)

    footer: list[list[Segment]] = []
    if slide.footer:
        disclaimer = Text(look.text(slide.footer), style=look.style("dim italic"), justify="center")
        # Wrapped whole (at 40 columns it takes 3 lines); cut only on a screen too small for anything else.
        footer = console.render_lines(disclaimer, options)[: max(2, height - 4)]
    area = height - len(footer) - 1
    inner_width, inner_height = width - 4, area - 2  # a border and one column of padding on each side
    content_width = min(inner_width, MAX_CONTENT_WIDTH)
    for spacing in (3, 2, 1, 0):
        body = console.render_lines(_slide_body(slide, look=look, spacing=spacing), options.update(width=content_width))
        if len(body) <= inner_height:
            break
    max_scroll = max(0, len(body) - inner_height)
    scroll = min(nav.scroll, max_scroll)
    visible = body[scroll : scroll + inner_height]
    spare = inner_height - len(visible)
    top = spare // 2 if slide.kind in ("title", "closing") else min(1, spare)
    left = (inner_width - content_width) // 2
    shaped = [[Segment(" " * inner_width)]] * top + [[Segment(" " * left), *line] for line in visible]
    shaped = _fit(shaped, inner_width) + [[Segment(" " * inner_width)]] * (inner_height - len(shaped))
    lines = _framed(console, shaped, look, label=slide.label, width=width, height=area)
    return Frame(_rows(console, _fit([*lines, *footer, bar(scroll < max_scroll)], width)), max_scroll, inner_height)


def _framed(
    console: Console, inner: list[list[Segment]], look: Look, *, label: str, width: int, height: int
) -> list[list[Segment]]:
    """The body lines inside a rounded box titled with the slide's label (plain: a label and a rule)."""
    from rich import box
    from rich.panel import Panel
    from rich.segment import Segment, SegmentLines
    from rich.text import Text

    title = Text(look.text(label), style=look.style("bold"))
    options = console.options.update(width=width, height=height)
    if look.plain:
        rule = [Segment(("-" if look.ascii_only else "\u2500") * width)]
        return [
            console.render_lines(title, options.update(height=None))[0],
            rule,
            *([Segment("  "), *line] for line in inner),
        ]
    panel = Panel(
        SegmentLines(inner, new_lines=True),
        title=title,
        title_align="left",
        box=box.ASCII if look.ascii_only else box.ROUNDED,
        padding=(0, 1),
        height=height,
    )
    return console.render_lines(panel, options)[:height]


def _rows(console: Console, lines: list[list[Segment]]) -> tuple[str, ...]:
    from rich.segment import SegmentLines

    with console.capture() as capture:
        console.print(SegmentLines(lines, new_lines=True), end="", crop=False, soft_wrap=True)
    return tuple(capture.get().split("\n")[: len(lines)])


def frame_output(frame: Frame, *, clear: bool = False) -> str:
    """The escape codes and text that draw a frame, each row placed by absolute cursor position."""
    body = "".join(f"\x1b[{row};1H{text}{RESET_STYLE}" for row, text in enumerate(frame.rows, 1))
    return (CLEAR if clear else "") + body


# --------------------------------------------------------------------------- the terminal


def _size(fd: int) -> tuple[int, int]:
    try:
        size = os.get_terminal_size(fd)
    except OSError:
        return 80, 24
    return max(1, size.columns), max(1, size.lines)


def _write(fd: int, text: str) -> None:
    data = text.encode("utf-8", "replace")
    while data:
        written = os.write(fd, data)
        data = data[written:]


@contextlib.contextmanager
def terminal_session(fd_in: int, fd_out: int) -> Iterator[int]:
    """Raw keys, alternate screen, hidden cursor; yields a pipe's read end that wakes on resize.

    Everything is undone on the way out, in this order: cursor shown, main screen back,
    terminal settings restored, signal handlers restored. SIGTERM and SIGHUP end the
    show through this cleanup (as SystemExit); Ctrl-C arrives as a key, not a signal.
    """
    import signal
    import termios

    saved = termios.tcgetattr(fd_in)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)

    def on_resize(signum: int, frame: object) -> None:
        with contextlib.suppress(OSError):
            os.write(wake_write, b"r")

    def on_stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous: dict[signal.Signals, Any] = {}
    try:
        for signum, handler in ((signal.SIGWINCH, on_resize), (signal.SIGTERM, on_stop), (signal.SIGHUP, on_stop)):
            previous[signum] = signal.signal(signum, handler)
        mode = termios.tcgetattr(fd_in)
        mode[0] &= ~(termios.BRKINT | termios.ICRNL | termios.INPCK | termios.ISTRIP | termios.IXON)
        mode[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
        mode[6] = list(mode[6])
        mode[6][termios.VMIN] = 1
        mode[6][termios.VTIME] = 0
        termios.tcsetattr(fd_in, termios.TCSAFLUSH, mode)
        _write(fd_out, ENTER_SCREEN + HIDE_CURSOR + CLEAR)
        yield wake_read
    finally:
        with contextlib.suppress(OSError):
            _write(fd_out, RESET_STYLE + SHOW_CURSOR + LEAVE_SCREEN)
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(fd_in, termios.TCSAFLUSH, saved)
        for restored, handler in previous.items():
            signal.signal(restored, handler)
        os.close(wake_read)
        os.close(wake_write)


def make_console(look: Look) -> Console:
    """A Rich console for drawing frames: no markup, highlighting or emoji from data."""
    from dmtx.output import rich_console

    return rich_console(
        file=sys.stdout, force_terminal=True, color_system=None if look.plain else "auto", legacy_windows=False
    )


def play(deck: Sequence[Slide], look: Look) -> int:
    """Run the full-screen slideshow until the viewer quits; return the exit code (0)."""
    import select

    sys.stdout.flush()
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    console = make_console(look)
    nav = Navigator(deck)
    with terminal_session(fd_in, fd_out) as wake:
        pending = b""
        drawn: tuple[int, int] | None = None
        dirty = True
        while True:
            size = _size(fd_out)
            if dirty or size != drawn:
                console.size = size
                frame = layout_frame(console, deck, nav=nav, look=look)
                nav.max_scroll, nav.page = frame.max_scroll, frame.page
                nav.scroll = min(nav.scroll, nav.max_scroll)
                _write(fd_out, frame_output(frame, clear=size != drawn))
                drawn, dirty = size, False
            ready, _, _ = select.select([fd_in, wake], [], [], ESCAPE_WAIT if pending else POLL_SECONDS)
            if wake in ready:
                os.read(wake, 1024)
            if fd_in in ready:
                chunk = os.read(fd_in, 1024)
                if not chunk:
                    return 0
                keys, pending = parse_keys(pending + chunk)
            elif pending:
                keys, pending = parse_keys(pending, final=True)
            else:
                continue
            for key in keys:
                if key == "ctrl-l":
                    drawn = None
                elif not nav.handle(key):
                    return 0
                dirty = True
