"""`vinhdanh booklet` and the build's `hoi-nghi/ky-yeu.pdf`: the printed booklet (kỷ yếu), laid out with fpdf2.

    load (build.load) -> derive (portraits, through the cache) -> render_booklet (what each page says, plain
    data) -> `BookletPDF` lays it out on A4 or A5: cover, introduction, program, contents, one chapter per
    published profile (its QR code drawn as vectors), index

A build lays the booklet out in a process of its own while MkDocs writes the pages (`start_booklet`), and
only when what it says changed.

fpdf2 was chosen by measurement (docs/design/booklet.md, bench/BOOKLET.md): WeasyPrint laid out 1,000 profiles
in six minutes with 1.9 GB of memory, Chromium needs a browser on every machine that builds the site and two
passes for the contents' page numbers; fpdf2 is pure Python (its dependencies are the site's own: Pillow,
fontTools, defusedxml), embeds the font subset and knows each page number as it writes.

Text is drawn as text (fpdf2 parses no markup in it); the two HTML fragments, the introduction and a story,
were sanitised when they were read and go through fpdf2's HTML renderer, and a story that renderer cannot
lay out is printed as its plain paragraphs. The contents are laid out last, on pages reserved for them whose
number is known beforehand (each entry's height is measured first).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import json
import logging
import os
import pickle
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from multiprocessing.process import BaseProcess
from pathlib import Path

from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import Align, TableCellFillMode, XPos, YPos
from markupsafe import Markup

from . import fonts
from .derive import DerivedFiles, Media, derive_site
from .derived_files import DerivedFileCache, pool_context, write_atomic
from .load import TIMEZONE, Paths
from .model import Site
from .problems import InputError, Problems
from .qr import BORDER as QR_BORDER
from .qr import qr_modules
from .readers import ReadError, read_text, split_front_matter
from .render_booklet import SIZES, Booklet, Chapter, booklet_context
from .stories import StoryError, render_story
from .templates import Templates

INTRO = "gioi-thieu.md"
"""The Board's introduction, a page of `content/`: the booklet's first text."""

Progress = Callable[[str], None]
"""Told what the booklet's making is doing, one Vietnamese line at a time."""

FONT = "bvp"
FACES = {"": "BeVietnamPro-Regular.ttf", "B": "BeVietnamPro-SemiBold.ttf", "I": "BeVietnamPro-Italic.ttf",
         "BI": "BeVietnamPro-SemiBoldItalic.ttf"}
"""The faces of the site's font the booklet uses, by fpdf2 style (bold is the site's semibold, 600)."""
HEAVY = "heavy"
HEAVY_FACE = "BeVietnamPro-Bold.ttf"
"""The bold (700) face, for the cover and the names."""

RED, RED_DARK, GOLD, GOLD_SOFT = (163, 22, 29), (125, 15, 21), (224, 180, 58), (251, 243, 220)
INK, MUTED, LINE, WHITE = (31, 31, 36), (85, 85, 95), (231, 226, 214), (255, 255, 255)
"""The site's colours (vinhdanh.css)."""


@dataclass(frozen=True)
class Paper:
    """One paper size: the page, its margins (in mm, mirrored: wider on the binding side) and the type sizes."""

    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    text: float
    """Body text, in points."""
    side: float
    """Width of a chapter's column of portrait and QR code."""

    def pt(self, scale: float) -> float:
        """A type size `scale` times the body's, in points."""
        return round(self.text * scale, 2)


PAPERS = {"A4": Paper(210, 297, 18, 20, 22, 16, 10.5, 48), "A5": Paper(148, 210, 14, 16, 17, 12, 8.5, 36)}
"""A4 (the default) and A5 (half of it: the program and chapters fit the same way, smaller)."""
assert set(PAPERS) == set(SIZES)


class BookletError(Exception):
    """The booklet could not be made; the message says why, in Vietnamese."""


def intro_html(paths: Paths) -> Markup:
    """The Board's introduction (`content/gioi-thieu.md`) as sanitised HTML, without its title (the booklet
    has its own heading); empty when the page is missing."""
    path = paths.content / INTRO
    if not path.is_file():
        return Markup("")
    try:
        _, body, _ = split_front_matter(read_text(path, paths.content))
    except ReadError as error:
        raise BookletError(f"Không đọc được {path.relative_to(paths.root)}: {error}") from None
    lines = body.lstrip().splitlines()
    if lines and lines[0].startswith("# "):  # the page's title: the booklet's heading says "Lời giới thiệu"
        body = "\n".join(lines[1:])
    try:
        return Markup(render_story(body).html)
    except StoryError as error:
        raise BookletError(f"Không đọc được {path.relative_to(paths.root)}: {error}") from None


_TAG = re.compile(r"<[^>]*>")
_INTERNAL_LINK = re.compile(r'<a\b[^>]*\bhref="#[^"]*"[^>]*>')
_BLOCK_END = re.compile(r"</(p|li|h[2-6]|tr|dt|dd|pre|blockquote|figcaption)>|<br\s*/?>", re.I)


def plain_paragraphs(fragment: str) -> list[str]:
    """The text of sanitised HTML, one paragraph per block: what is printed of a story fpdf2 cannot lay out."""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", fragment)))
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


class BookletPDF(FPDF):
    """The booklet's pages: running head and page number on the outer side, margins mirrored for binding."""

    def __init__(self, booklet: Booklet, paper: Paper,
                 squares: Callable[[str], list[tuple[int, int, int, int]]] | None = None):
        super().__init__(unit="mm", format=(paper.width, paper.height))
        self.booklet = booklet
        self.paper = paper
        self.qr_squares = squares or qr_squares
        """The shapes of a page's QR code (`QrMemo.squares` keeps them between layouts)."""
        self.set_auto_page_break(True, paper.bottom)
        self.set_margins(paper.inner, paper.top, paper.outer)
        for style, name in FACES.items():
            self.add_font(FONT, style, fonts.package_font(name))
        self.add_font(HEAVY, "", fonts.package_font(HEAVY_FACE))
        self.set_font(FONT, size=paper.text)
        self.set_text_color(*INK)
        self.set_title(f"Kỷ yếu: {booklet.campaign}")
        self.set_author(booklet.organiser)
        self.set_subject(booklet.title)
        self.set_creator("vinhdanh")
        self.set_lang("vi")
        self.chapter_pages: dict[str, int] = {}
        """The page each chapter starts on, by its anchor."""
        self.chapter_links: dict[int, int] = {}
        """The internal link to each page a chapter (or the index) starts on."""
        self.toc_pages: tuple[int, int] = (0, 0)
        """The first page of the contents and how many pages they take."""
        self.toc_top = 0.0
        """Where the contents' entries start on their first page."""

    # --- every page --------------------------------------------------------------------------------------
    @property
    def right_hand(self) -> bool:
        """Whether the current page is a right-hand (odd) page: binding on its left."""
        return self.page % 2 == 1

    def place_margins(self) -> None:
        """The current page's margins: the wider one on the binding side."""
        inner, outer = self.paper.inner, self.paper.outer
        left, right = (inner, outer) if self.right_hand else (outer, inner)
        self.set_left_margin(left)
        self.set_right_margin(right)
        self.set_x(left)

    def header(self) -> None:
        self.place_margins()
        if self.page == 1:  # the cover
            return
        self.set_font(FONT, "", self.paper.pt(0.7))
        self.set_text_color(*MUTED)
        self.set_y(self.paper.top - 9)
        self.cell(0, 4, self.booklet.campaign, align=Align.R if self.right_hand else Align.L)
        self.set_text_color(*INK)
        self.set_xy(self.l_margin, self.paper.top)

    def footer(self) -> None:
        if self.page == 1:
            return
        self.set_y(-self.paper.bottom + 6)
        self.set_font(FONT, "B", self.paper.pt(0.85))
        self.set_text_color(*INK)
        self.cell(0, 5, str(self.page), align=Align.R if self.right_hand else Align.L)

    # --- type --------------------------------------------------------------------------------------------
    def style(self, scale: float = 1.0, emphasis: str = "", color: tuple[int, int, int] = INK,
              family: str = FONT) -> None:
        """Set the font: `scale` times the body size, `emphasis` ("", "B", "I", "BI"), colour."""
        self.set_font(family, emphasis if family == FONT else "", self.paper.pt(scale))
        self.set_text_color(*color)

    def line_height(self, scale: float = 1.0, leading: float = 1.45) -> float:
        """The height of a line of text at `scale`, in mm."""
        return self.paper.pt(scale) * leading * 25.4 / 72

    def text_block(self, text: str, scale: float = 1.0, emphasis: str = "", color: tuple[int, int, int] = INK,
                   width: float = 0, align: str = "L", family: str = FONT, leading: float = 1.45) -> None:
        """A paragraph of plain text (never parsed as markup) at the current position, wrapped to `width`
        (0: to the right margin); a word longer than the line is broken where it must be."""
        self.style(scale, emphasis, color, family)
        x = self.get_x()
        self.multi_cell(width, self.line_height(scale, leading), text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_x(x)

    def lines(self, width: float, height: float, text: str) -> list[str]:
        """The lines `text` takes at `width` in the current font (nothing is drawn)."""
        lines = self.multi_cell(width, height, text, dry_run=True, output="LINES")
        assert isinstance(lines, list)
        return lines

    def part_heading(self, title: str) -> None:
        """A part's title (Lời giới thiệu, Mục lục...), red over a gold rule, and its bookmark."""
        self.start_section(title, level=0)
        self.text_block(title, 1.9, "B", RED, family=HEAVY, leading=1.2)
        self.gold_rule(1.5)
        self.ln(5)

    def gold_rule(self, weight: float = 1.0) -> None:
        """A gold rule across the text column, under the current line."""
        self.set_draw_color(*GOLD)
        self.set_line_width(weight * 0.3528)
        y = self.get_y() + 1
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_y(y + 1)

    def fragment(self, markup: str) -> None:
        """Sanitised HTML (a story, the introduction): through fpdf2's HTML renderer, or as plain paragraphs
        when that renderer cannot lay it out."""
        styles = {
            "p": TextStyle(font_family=FONT, font_size_pt=self.paper.text, color=INK, t_margin=0, b_margin=2),
            "h2": TextStyle(font_family=FONT, font_style="B", font_size_pt=self.paper.pt(1.2), color=RED_DARK,
                            t_margin=3, b_margin=1.5),
            **{tag: TextStyle(font_family=FONT, font_style="B", font_size_pt=self.paper.pt(1.05), color=INK,
                              t_margin=2.5, b_margin=1) for tag in ("h3", "h4", "h5", "h6")},
            "blockquote": TextStyle(font_family=FONT, font_style="I", color=MUTED, l_margin=6),
            "pre": TextStyle(font_family=FONT, font_size_pt=self.paper.pt(0.9), color=INK),
            "code": TextStyle(font_family=FONT, color=INK),
            "li": TextStyle(font_family=FONT, color=INK, l_margin=5),
            "dt": TextStyle(font_family=FONT, font_style="B", color=INK),
            "dd": TextStyle(font_family=FONT, color=INK, l_margin=6),
        }
        page, y = self.page, self.get_y()
        # A footnote's link (`href="#fn-1"`) names a place fpdf2 does not know, and stops its output: on paper
        # the reader finds the note below; the text of the link stays.
        markup = _INTERNAL_LINK.sub("<a>", str(markup))
        try:
            self.write_html(markup, font_family=FONT, tag_styles=styles, li_prefix_color=RED,
                            warn_on_tags_not_matching=False, image_map=self.story_image)
        except Exception:  # noqa: BLE001 - fpdf2's renderer fails on some nestings: the text is printed plainly
            # What the renderer drew before it failed stays where it is; the plain text follows it.
            self.page = max(self.page, page)
            self.set_y(max(self.get_y(), y) if self.page == page else self.get_y())
            self.set_x(self.l_margin)
            for paragraph in plain_paragraphs(markup):
                self.text_block(paragraph)
                self.ln(1.5)
        self.style()

    def story_image(self, src: str) -> str:
        """A story image's file (`render_booklet` names them by path): nothing else is read."""
        return src if src in self.booklet.files else ""


# --- the parts, in order ---------------------------------------------------------------------------------

def _cover(pdf: BookletPDF) -> None:
    b, paper = pdf.booklet, pdf.paper
    pdf.add_page()
    pdf.set_fill_color(*RED)
    pdf.rect(0, 0, pdf.w, pdf.h, style="F")
    pdf.set_auto_page_break(False)
    side = paper.outer + 8
    width = pdf.w - 2 * side
    pdf.set_xy(side, paper.top + 14)
    pdf.text_block(b.organiser.upper(), 1.0, "B", WHITE, width)
    pdf.set_xy(side, pdf.h * 0.34)
    pdf.text_block("KỶ YẾU", 1.3, "B", GOLD, width)
    pdf.ln(2)
    pdf.text_block(b.campaign, 2.7, "", WHITE, width, family=HEAVY, leading=1.15)
    if b.tagline:
        pdf.ln(4)
        pdf.text_block(b.tagline, 1.05, "", WHITE, width * 0.85)
    # The conference, at the foot of the cover: measured first, so that a long title grows upwards.
    pdf.style(1.0, "B")
    lines = len(pdf.lines(width, pdf.line_height(), b.title))
    pdf.style(1.0)
    lines += len(pdf.lines(width, pdf.line_height(), b.when))
    lines += len(pdf.lines(width, pdf.line_height(), b.where))
    top = max(pdf.get_y() + 8, pdf.h - paper.bottom - 14 - lines * pdf.line_height() - 6)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.7)
    pdf.line(side, top, pdf.w - side, top)
    pdf.set_xy(side, top + 5)
    pdf.text_block(b.title, 1.0, "B", WHITE, width)
    pdf.ln(1.5)
    pdf.text_block(b.when, 1.0, "", WHITE, width)
    pdf.text_block(b.where, 1.0, "", WHITE, width)
    pdf.set_auto_page_break(True, paper.bottom)


def _intro(pdf: BookletPDF) -> None:
    if not pdf.booklet.intro.strip():
        return
    pdf.add_page()
    pdf.part_heading("Lời giới thiệu")
    pdf.fragment(pdf.booklet.intro)


def _program(pdf: BookletPDF) -> None:
    b = pdf.booklet
    pdf.add_page()
    pdf.part_heading("Chương trình Hội nghị")
    details = f"{b.when}. {b.where}." + (f" Đại biểu: {b.delegates}." if b.delegates else "")
    pdf.text_block(details, 0.95, "", MUTED)
    pdf.ln(3)
    if not b.sessions:
        pdf.text_block(f"Chương trình chi tiết {b.tba}.")
        return
    time_width = 30 if pdf.paper.width > 200 else 25
    for session in b.sessions:
        body_width = pdf.w - pdf.l_margin - pdf.r_margin - time_width
        lines = [(session.kind_label.upper(), 0.78, "B", RED), (str(session.title), 1.0, "B", INK)]
        speakers = "; ".join(f"{s.name} ({''.join(map(str, s.role))})" if s.role else str(s.name) for s in session.speakers)
        lines += [(text, 0.92, "", MUTED) for text in (speakers, str(session.notes or "")) if text]
        height = 4.0
        for text, scale, emphasis, _ in lines:
            pdf.style(scale, emphasis)
            height += len(pdf.lines(body_width, pdf.line_height(scale), text)) \
                * pdf.line_height(scale)
        if pdf.get_y() + height > pdf.h - pdf.paper.bottom:  # an item is not split across pages
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_xy(pdf.l_margin, top + 2)
        pdf.text_block(f"{session.start.shown} – {session.end.shown}", 1.0, "B", INK, time_width - 2)
        pdf.set_xy(pdf.l_margin + time_width, top + 2)
        for text, scale, emphasis, color in lines:
            pdf.text_block(text, scale, emphasis, color, body_width)
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.2)
        bottom = max(pdf.get_y(), top + height - 2) + 2
        pdf.line(pdf.l_margin, bottom, pdf.w - pdf.r_margin, bottom)
        pdf.set_xy(pdf.l_margin, bottom)


def _toc_entry_height(pdf: BookletPDF, chapter: Chapter, width: float) -> float:
    pdf.style(1.0, "B")
    lines = len(pdf.lines(width, pdf.line_height(), chapter.display_name))
    pdf.style(0.85)
    if chapter.unit != chapter.name:
        lines_unit = len(pdf.lines(width, pdf.line_height(0.85), chapter.unit))
        return lines * pdf.line_height() + lines_unit * pdf.line_height(0.85) + 1.5
    return lines * pdf.line_height() + 1.5


def _toc_width(pdf: BookletPDF) -> float:
    return pdf.w - pdf.paper.inner - pdf.paper.outer - 14  # the page numbers' column


def _reserve_contents(pdf: BookletPDF) -> None:
    """Pages for the contents, as many as its entries will take (measured now, drawn once the chapters' pages
    are known)."""
    pdf.add_page()
    pdf.part_heading("Mục lục")
    first, top = pdf.page, pdf.get_y()
    width = _toc_width(pdf)
    y, pages = top, 1
    for chapter in [*pdf.booklet.chapters, None]:
        height = _toc_entry_height(pdf, chapter, width) if chapter else pdf.line_height() + 4
        if y + height > pdf.h - pdf.paper.bottom:
            pages, y = pages + 1, pdf.paper.top
        y += height
    for _ in range(pages - 1):
        pdf.add_page()
    pdf.toc_pages = (first, pages)
    pdf.toc_top = top


def _draw_contents(pdf: BookletPDF, index_page: int) -> None:
    """The contents on their reserved pages: each chapter's name, unit and first page."""
    first, pages = pdf.toc_pages
    last_page = pdf.page
    pdf.set_auto_page_break(False)
    pdf.page = first
    pdf.place_margins()
    y = pdf.toc_top
    width = _toc_width(pdf)
    entries: list[tuple[str, str | None, int]] = [
        (c.display_name, c.unit if c.unit != c.name else None, pdf.chapter_pages[c.anchor]) for c in pdf.booklet.chapters]
    entries.append(("Danh mục tên và đơn vị", None, index_page))
    for number, (name, unit, page) in enumerate(entries):
        last = number == len(entries) - 1
        height = pdf.line_height() * (len(pdf.lines(width, pdf.line_height(), name)) if not last else 1) + 1.5
        if unit:
            pdf.style(0.85)
            height += len(pdf.lines(width, pdf.line_height(0.85), unit)) \
                * pdf.line_height(0.85)
        if last:
            y += 4
        if y + height > pdf.h - pdf.paper.bottom:
            pdf.page += 1
            assert pdf.page < first + pages
            pdf.place_margins()
            y = pdf.paper.top
        pdf.set_xy(pdf.l_margin, y)
        pdf.text_block(name, 1.0, "B", INK, width)
        end_of_name = pdf.get_y()
        if unit:
            pdf.text_block(unit, 0.85, "", MUTED, width)
        # The page number on the name's first line, with dotted leaders from the end of that line.
        pdf.style(1.0, "B")
        first_line = pdf.lines(width, pdf.line_height(), name)[0]
        start = pdf.l_margin + pdf.get_string_width(first_line) + 2
        number_x = pdf.w - pdf.r_margin - 12
        baseline = y + pdf.line_height() * 0.7
        if end_of_name - y <= pdf.line_height() * 1.01 and number_x - start > 4:
            pdf.set_draw_color(*MUTED)
            pdf.set_line_width(0.25)
            pdf.set_dash_pattern(dash=0.3, gap=1.2)
            pdf.line(start, baseline, number_x, baseline)
            pdf.set_dash_pattern()
        pdf.set_xy(number_x, y)
        pdf.style(1.0, "B")
        pdf.cell(12, pdf.line_height(), str(page), align=Align.R)
        pdf.link(pdf.l_margin, y, pdf.w - pdf.l_margin - pdf.r_margin, height - 1.5, pdf.chapter_links[page])
        y += height
    pdf.page = last_page
    pdf.set_auto_page_break(True, pdf.paper.bottom)


def _portrait(pdf: BookletPDF, chapter: Chapter, x: float, y: float, width: float) -> float:
    """The portrait (or the initials on the site's red) at `x`, `y`; returns its bottom."""
    if chapter.portrait is not None:
        path, w, h = chapter.portrait
        height = width * h / w
        pdf.image(str(path), x, y, width, height)
    else:
        height = width * 5 / 4
        pdf.set_fill_color(*RED)
        pdf.rect(x, y, width, height, style="F", round_corners=True, corner_radius=2)
        pdf.set_xy(x, y + height / 2 - 6)
        pdf.style(2.8, color=WHITE, family=HEAVY)
        pdf.cell(width, 12, chapter.initials, align=Align.C)
    return y + height


def qr_squares(address: str) -> list[tuple[int, int, int, int]]:
    """The dark modules of the QR code of `address` as rectangles (column, row, width, height, in modules,
    the quiet zone not counted): a run of dark modules in a row is one rectangle, grown downwards while the
    rows below have the same run. About a third as many shapes as modules, to draw."""
    squares: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], int] = {}  # (start, end) of a run in the row above -> index in `squares`
    for r, row in enumerate(qr_modules(address)):
        runs: dict[tuple[int, int], int] = {}
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                above = open_runs.get((start, c))
                if above is not None:
                    x, y, w, h = squares[above]
                    squares[above] = (x, y, w, h + 1)
                    runs[(start, c)] = above
                else:
                    runs[(start, c)] = len(squares)
                    squares.append((start, r, c - start, 1))
            c += 1
        open_runs = runs
    return squares


class QrMemo:
    """The QR codes' rectangles by address, kept in a file of the booklet's cache between layouts: making a
    code is ten milliseconds of pure Python, and a booklet of 1,000 profiles is laid out again after any
    edit. A file that cannot be read is made again; only the codes of the last layout are kept."""

    def __init__(self, path: Path):
        self.path = path
        self.used: dict[str, list[tuple[int, int, int, int]]] = {}
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
            self.known = known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            self.known = {}

    def squares(self, address: str) -> list[tuple[int, int, int, int]]:
        """`qr_squares(address)`, from the file when it has them."""
        found = self.known.get(address)
        if isinstance(found, list) and all(isinstance(square, list) and len(square) == 4
                                           and all(type(n) is int for n in square) for square in found):
            squares = [(c, r, w, h) for c, r, w, h in found]
        else:
            squares = qr_squares(address)
        self.used[address] = squares
        return squares

    def save(self) -> None:
        """Keep the codes used by this layout for the next."""
        with contextlib.suppress(OSError):
            write_atomic(self.path, json.dumps(self.used, separators=(",", ":")).encode())


def _qr_memo(folder: Path) -> QrMemo:
    """The QR codes kept in the booklet's cache `folder`, for the installed version of the QR library."""
    return QrMemo(folder / f"qr-{version('qrcode')}.json")


def _qr_code(pdf: BookletPDF, address: str, x: float, y: float, side: float) -> None:
    """The QR code of `address` as vector shapes, `side` mm wide with its quiet zone, at (`x`, `y`): sharp at
    any printer's resolution, and no image to make. Each shape is a hair taller than its modules so that no
    seam shows between rows on screen."""
    squares = pdf.qr_squares(address)
    count = max((c + w for c, _, w, _ in squares), default=0)  # the code's side: its finder patterns reach it
    module = side / (count + 2 * QR_BORDER)
    pdf.set_fill_color(0, 0, 0)
    for c, r, w, h in squares:
        pdf.rect(x + (c + QR_BORDER) * module, y + (r + QR_BORDER) * module, w * module, (h + 0.02) * module,
                 style="F")


def _chapter(pdf: BookletPDF, chapter: Chapter) -> None:
    paper = pdf.paper
    pdf.add_page()
    pdf.chapter_pages[chapter.anchor] = pdf.page
    link = pdf.add_link(page=pdf.page)
    pdf.chapter_links[pdf.page] = link
    pdf.start_section(chapter.display_name, level=1)
    kind = f"{chapter.kind_label.upper()} ĐIỂN HÌNH TIÊN TIẾN"
    pdf.text_block(kind + (" (hồ sơ mẫu, hư cấu)" if chapter.sample else ""), 0.82, "B", RED)
    name = f"{chapter.honorific} {chapter.display_name}" if chapter.honorific else chapter.display_name
    pdf.text_block(name, 1.9, "", INK, family=HEAVY, leading=1.2)
    if chapter.badge:
        pdf.ln(1)
        pdf.style(0.92, "B")
        width = min(pdf.get_string_width(chapter.badge) + 6, pdf.w - pdf.l_margin - pdf.r_margin)
        pdf.set_fill_color(*GOLD_SOFT)
        pdf.set_draw_color(*GOLD)
        pdf.set_line_width(0.25)
        pdf.multi_cell(width, pdf.line_height(0.92, 1.6), chapter.badge, border=1, fill=True, align=Align.C,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.gold_rule(1.5)
    pdf.ln(3)

    # Two columns: the portrait and the QR code beside the facts, the quote and the highlights.
    top, page = pdf.get_y(), pdf.page
    left = pdf.l_margin
    bottom = _portrait(pdf, chapter, left, top, paper.side)
    if chapter.address is not None:
        qr_size = paper.side * 0.55
        _qr_code(pdf, chapter.address, left - 1, bottom + 3, qr_size)
        pdf.set_xy(left, bottom + 3 + qr_size)
        pdf.text_block(chapter.address or "", 0.62, "", MUTED, paper.side, leading=1.3)
        bottom = pdf.get_y()
    column = left + paper.side + 6
    width = pdf.w - pdf.r_margin - column
    pdf.set_xy(column, top)
    term_width = 24 if paper.width > 200 else 19
    for term, value in chapter.facts:
        y = pdf.get_y()
        pdf.text_block(term, 1.0, "", MUTED, term_width)
        pdf.set_xy(column + term_width, y)
        pdf.text_block(value, 1.0, "B", INK, width - term_width)
        pdf.set_x(column)
        pdf.ln(0.8)
        pdf.set_x(column)
    if chapter.quote:
        pdf.ln(2)
        pdf.set_x(column)
        pdf.set_fill_color(*GOLD_SOFT)
        pdf.style(1.0, "I")
        pdf.multi_cell(width, pdf.line_height(), chapter.quote, fill=True, padding=(2, 3, 2, 4),
                       new_x=XPos.LEFT, new_y=YPos.NEXT)
    if chapter.highlights:
        _section_title(pdf, "Thành tích nổi bật", column)
        for highlight in chapter.highlights:
            y = pdf.get_y()
            pdf.style(1.0, "B", RED)
            pdf.set_x(column)
            pdf.cell(4, pdf.line_height(), "•")
            pdf.set_xy(column + 4, y)
            pdf.text_block(highlight, 1.0, "", INK, width - 4)
            pdf.set_x(column)
    pdf.set_x(pdf.l_margin)
    if pdf.page == page:
        pdf.set_y(max(pdf.get_y(), bottom) + 2)

    if chapter.awards:
        _section_title(pdf, "Khen thưởng")
        pdf.style(0.88)
        pdf.set_fill_color(*WHITE)
        pdf.set_draw_color(*LINE)
        heading = FontFace(family=FONT, emphasis="BOLD", color=MUTED, fill_color=WHITE)
        with pdf.table(col_widths=(32, 26, 17, 25), text_align="LEFT", headings_style=heading,
                       borders_layout="HORIZONTAL_LINES", line_height=pdf.line_height(0.88),
                       cell_fill_mode=TableCellFillMode.NONE, padding=(1, 1.5, 1, 1.5),
                       first_row_as_headings=True) as table:
            table.row(["Danh hiệu, hình thức", "Số quyết định", "Ngày", "Cấp quyết định"])
            for row in chapter.awards:
                table.row([row.wording, row.decision, row.when, row.issuer])
        pdf.style()
    if chapter.members:
        _section_title(pdf, "Thành viên tiêu biểu")
        for member, role in chapter.members:
            pdf.text_block(f"• {member}" + (f", {role}" if role else ""))
    if chapter.paper is not None:
        _section_title(pdf, "Tham luận tại Hội nghị")
        pdf.text_block(chapter.paper.title, 1.0, "B")
        if chapter.paper.summary:
            pdf.text_block(chapter.paper.summary)
    if chapter.story.strip():
        _section_title(pdf, "Câu chuyện")
        pdf.fragment(chapter.story)
    if chapter.movements:
        pdf.ln(3)
        pdf.text_block("Phong trào thi đua: " + "; ".join(chapter.movements), 0.88, "", MUTED)


def _section_title(pdf: BookletPDF, title: str, x: float | None = None) -> None:
    """A section's title in a chapter; it never ends a page (the section starts on the next one)."""
    if pdf.get_y() + pdf.line_height() * 3 > pdf.h - pdf.paper.bottom:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_x(pdf.l_margin if x is None else x)
    pdf.text_block(title.upper(), 0.95, "B", RED_DARK)
    pdf.ln(0.5)
    pdf.set_x(pdf.l_margin if x is None else x)


def _index(pdf: BookletPDF) -> int:
    """The index of names and of units, two columns, with each chapter's page; returns its first page."""
    b = pdf.booklet
    pdf.add_page()
    first = pdf.page
    pdf.part_heading("Danh mục tên và đơn vị")
    gutter = 8
    with pdf.text_columns(ncols=2, gutter=gutter, text_align=Align.L, line_height=1.3) as columns:
        pdf.style(1.2, "B", RED_DARK)
        columns.write("Tên điển hình\n")
        pdf.style(0.92)
        for entry in b.names:
            (anchor, _), = entry.anchors
            columns.write(f"{entry.name}, {pdf.chapter_pages[anchor]}\n")
        columns.ln()
        pdf.style(1.2, "B", RED_DARK)
        columns.write("Đơn vị\n")
        for entry in b.units:
            pdf.style(0.92, "B")
            columns.write(f"{entry.name}\n")
            pdf.style(0.92)
            for anchor, name in entry.anchors:
                columns.write(f"    {name}, {pdf.chapter_pages[anchor]}\n")
    pdf.ln(6)
    online = f"; bản trực tuyến: {b.site_url}" if b.site_url else ""
    pdf.text_block(f"{b.organiser}. Kỷ yếu in ngày {b.built}{online}.", 0.8, "", MUTED)
    return first


def lay_out(booklet: Booklet, size: str, created: dt.datetime, progress: Progress | None = None,
            qr: QrMemo | None = None) -> bytes:
    """The booklet's pages on `size` paper, as PDF bytes; `created` is written as the file's creation time,
    `qr` keeps the QR codes between layouts."""
    pdf = BookletPDF(booklet, PAPERS[size], qr.squares if qr else qr_squares)
    pdf.set_creation_date(created.astimezone(dt.UTC))
    _cover(pdf)
    _intro(pdf)
    _program(pdf)
    _reserve_contents(pdf)
    step = max(1, len(booklet.chapters) // 10)
    for number, chapter in enumerate(booklet.chapters, 1):
        _chapter(pdf, chapter)
        if progress and (number % step == 0 or number == len(booklet.chapters)) and len(booklet.chapters) >= 50:
            progress(f"Đã dàn trang {number}/{len(booklet.chapters)} hồ sơ...")
    index_page = _index(pdf)
    pdf.chapter_links[index_page] = pdf.add_link(page=index_page)
    _draw_contents(pdf, index_page)
    if progress:
        progress(f"Ghi tệp PDF ({pdf.page_no()} trang)...")
    return bytes(pdf.output())


STALE_SECONDS = 7 * 24 * 3600
"""A cached booklet unused this long is removed when another is laid out."""
CODE_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12] + version("fpdf2")
"""What a cached booklet was laid out by: this module and fpdf2's version."""


def booklet_bytes(site: Site, derived: DerivedFiles, paths: Paths, size: str, built: dt.datetime,
                  progress: Progress | None = None) -> bytes:
    """The booklet of `site` whose derived files (complete) are `derived`, as PDF bytes; `built` is the time
    written as its creation (the build's, so the same inputs give the same bytes)."""
    media = Media(derived, Templates.of(paths.theme))
    booklet = booklet_context(site, media, intro_html(paths), built.astimezone(TIMEZONE).date())
    logging.getLogger("fpdf").setLevel(logging.ERROR)  # fpdf2 warns of each HTML tag it ignores
    qr = _qr_memo(paths.cache_dir / "booklet")
    laid_out = lay_out(booklet, size, built, progress, qr)
    qr.save()
    return laid_out


@dataclass
class BookletJob:
    """The build's booklet (A4), a file of the cache: found there, or being laid out in a process of its own
    while the engine writes the pages (`complete` waits for it)."""

    path: Path
    """Where the booklet is once `complete` has returned."""
    process: BaseProcess | None = None
    """The process laying it out, until `complete` or `abandon`."""

    @property
    def pending(self) -> bool:
        """Whether the booklet is still being laid out."""
        return self.process is not None

    def complete(self) -> None:
        """Wait for the layout. Raises OSError when it failed: a bug or a full disk, which no editor's input can
        cause (the process wrote its traceback to the error output)."""
        process, self.process = self.process, None
        if process is None:
            return
        process.join()
        if process.exitcode != 0 or not self.path.is_file():
            raise OSError(f"Không dàn trang được kỷ yếu (tiến trình dừng với mã {process.exitcode}).")

    def abandon(self) -> None:
        """Stop the layout of a build that stopped (a cached booklet is written whole or not at all)."""
        process, self.process = self.process, None
        if process is not None:
            process.terminate()
            process.join()


def start_booklet(site: Site, derived: DerivedFiles, paths: Paths, built: dt.datetime) -> BookletJob:
    """The build's booklet (A4): laid out, in a process of its own, only when what it says changed. Its key in
    the cache is the digest of everything it shows (the portraits by their content-addressed paths) and of
    the layout's code. The portraits are derived already; the QR codes are drawn from the addresses."""
    media = Media(derived, Templates.of(paths.theme))
    booklet = booklet_context(site, media, intro_html(paths), built.astimezone(TIMEZONE).date())
    key = hashlib.sha256(pickle.dumps((booklet, built.isoformat(), CODE_VERSION))).hexdigest()[:24]
    folder = paths.cache_dir / "booklet"
    target = folder / f"ky-yeu-{key}.pdf"
    if target.exists():
        os.utime(target)  # used now: not stale
        return BookletJob(target)
    folder.mkdir(parents=True, exist_ok=True)
    # Booklets unused for a week go: not sooner, since another build sharing the cache may be copying one.
    for stale in folder.glob("ky-yeu-*.pdf"):
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
    # A process, not a thread: the layout is a minute of pure Python at 1,000 profiles, and the engine's
    # rendering needs the interpreter meanwhile. Started as the photo workers are (no inherited threads).
    process = pool_context().Process(  # type: ignore[attr-defined]  # every context has it; typeshed's base lacks it
        target=_lay_out_into, args=(booklet, built, target), name="vinhdanh-booklet")
    process.start()
    return BookletJob(target, process)


def _lay_out_into(booklet: Booklet, built: dt.datetime, target: Path) -> None:
    """The booklet process: lay `booklet` out on A4 and write it to `target`, whole or not at all."""
    logging.getLogger("fpdf").setLevel(logging.ERROR)  # fpdf2 warns of each HTML tag it ignores
    qr = _qr_memo(target.parent)
    write_atomic(target, lay_out(booklet, "A4", built, qr=qr))
    qr.save()


def make_booklet(site: Site, paths: Paths, site_url: str | None, size: str = "A4", built: dt.datetime | None = None,
                 progress: Progress | None = None) -> bytes:
    """The booklet of a loaded `site` as PDF bytes, on `size` paper (`A4`, `A5`), with QR codes of the pages
    at `site_url` (none without it). Only published profiles are in `site.profiles` (`load.py` decides).
    Raises InputError when a photo cannot be derived, BookletError when the introduction cannot be read."""
    if size not in SIZES:
        raise BookletError(f"Khổ giấy '{size}' không dùng được; chọn một trong: {', '.join(SIZES)}.")
    cache = DerivedFileCache(paths.cache_dir / "renditions")
    try:
        if progress:
            progress(f"Chuẩn bị ảnh và mã QR của {len(site.profiles)} hồ sơ...")
        derived = derive_site(site, cache, site_url)
        if derived.problems.errors:
            raise InputError(Problems(site.root, derived.problems.errors))
        return booklet_bytes(site, derived, paths, size, built or dt.datetime.now(TIMEZONE), progress)
    finally:
        cache.release()
