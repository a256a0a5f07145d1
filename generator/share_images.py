"""Share images: the 1200x630 picture a link to a profile shows on Facebook, Zalo and other apps.

A share image shows the portrait (or the initials placeholder), the kind, the name, the highest award, the unit and
the campaign's branding, drawn with Pillow in Be Vietnam Pro, a face designed for Vietnamese: every letter
with its stacked marks (Ấ, Ỗ, Ặ...) is a precomposed glyph, and lines are spaced from the font's own
ascent and descent so no mark is clipped. Text that does not fit is set smaller, then wrapped, then ended
with an ellipsis; `draw_share_image` returns where each line went so tests can check it.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from .derived_files import DerivedFile, make_key
from .fonts import package_font
from .photos import CROP_CENTRE

WIDTH, HEIGHT = 1200, 630
FILE_NAME = "share.jpg"
"""The share image's file in its cache entry."""
LAYOUT_VERSION = "1"
"""Bump when the drawing below changes: every cached share image is redrawn."""

RED, RED_DARK, GOLD, WHITE = (163, 22, 29), (110, 10, 16), (224, 180, 58), (255, 255, 255)
CREAM = (251, 243, 220)
MARGIN = 56
PHOTO_BOX = (MARGIN, 44, MARGIN + 380, 44 + 475)
"""Portrait frame, 4:5."""
TEXT_LEFT = PHOTO_BOX[2] + 52
TEXT_RIGHT = WIDTH - MARGIN
BAR_TOP = 548
"""The campaign band along the bottom."""

FONTS = {"bold": "BeVietnamPro-Bold.ttf", "semibold": "BeVietnamPro-SemiBold.ttf",
         "regular": "BeVietnamPro-Regular.ttf", "medium": "BeVietnamPro-Medium.ttf"}


@dataclass(frozen=True)
class ShareText:
    """What a share image says; every field is plain NFC text."""

    kind: str
    """`Cá nhân` or `Tập thể`."""
    name: str
    """Name with academic prefix, `ThS. Đặng Thị Thu Hường`."""
    initials: str
    award: str | None
    """Wording of the highest award."""
    unit: str
    campaign: str
    organiser: str


@dataclass(frozen=True)
class Line:
    """One line drawn on the share image: its role, text and ink box (left, top, right, bottom)."""

    role: str
    text: str
    box: tuple[int, int, int, int]


def _ink_box(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str,
             font: ImageFont.FreeTypeFont) -> tuple[int, int, int, int]:
    """The ink box of `text` drawn with its baseline's left end at `xy`, in whole pixels."""
    left, top, right, bottom = draw.textbbox(xy, text, font=font, anchor="ls")
    return round(left), round(top), round(right), round(bottom)


@lru_cache(maxsize=64)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(package_font(FONTS[weight])), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a single word wider than `width` stays whole on its line."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`line` cut at a word boundary (within a word only if one word is too long) and ended with "…"."""
    words = line.split()
    while len(words) > 1 and font.getlength(" ".join(words) + " …") > width:
        words.pop()
    line = " ".join(words)
    while line and font.getlength(line + " …") > width:
        line = line[:-1]
    return line.rstrip(" ,;:-") + " …"


def fit_text(text: str, weight: str, sizes: tuple[int, ...], width: int, max_lines: int
             ) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest of `sizes` at which `text` fits in `max_lines` lines of `width`; else the smallest, cut."""
    # No line of a share image holds more than about 60 letters: measuring more would only be cut, and cutting a very
    # long text a word at a time costs the square of its length.
    text = text[:max_lines * 80]
    for size in sizes:
        font = _font(weight, size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    lines = _wrap(text, font, width)
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], _ellipsize(" ".join(lines[max_lines - 1:]), font, width)]
    lines = [line if font.getlength(line) <= width else _ellipsize(line, font, width) for line in lines]
    return font, lines


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return round((ascent + descent) * 1.08)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    """The site's emblem (theme/assets/images/logo.svg): a gold star on a red disc in a gold ring."""
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=GOLD)
    inner = radius * 25 / 30
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=RED)
    # The logo's star path, in its 64-unit box centred on (32, 32).
    points = [(32, 12), (37.9, 30.1), (57, 30.1), (41.6, 41.3), (47.5, 59.4), (32, 48.2), (16.5, 59.4),
              (22.4, 41.3), (7, 30.1), (26.1, 30.1)]
    scale = radius / 30
    draw.polygon([(cx + (x - 32) * scale, cy + (y - 34) * scale) for x, y in points], fill=GOLD)


@lru_cache(maxsize=1)
def _background() -> Image.Image:
    """Deep red, darker towards the bottom, with a soft gold glow at the top right, as the site's hero."""
    vertical = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    image = Image.composite(Image.new("RGB", (WIDTH, HEIGHT), RED_DARK), Image.new("RGB", (WIDTH, HEIGHT), RED),
                            vertical.point(lambda v: v * 0.6))
    # Drawn at 1/10 scale, blurred and enlarged: a smooth glow for little work.
    small = Image.new("L", (WIDTH // 10, HEIGHT // 10), 0)
    ImageDraw.Draw(small).ellipse((80, -40, 150, 30), fill=95)
    mask = small.filter(ImageFilter.GaussianBlur(14)).resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", (WIDTH, HEIGHT), GOLD), image, mask)


def _portrait(photo: Path | None, initials: str) -> Image.Image:
    box_w, box_h = PHOTO_BOX[2] - PHOTO_BOX[0], PHOTO_BOX[3] - PHOTO_BOX[1]
    if photo is not None:
        with Image.open(photo) as source:
            # `fit` makes a new image: a rendition, already RGB, needs no copy first.
            picture = ImageOps.fit(source if source.mode == "RGB" else source.convert("RGB"), (box_w, box_h),
                                   Image.Resampling.LANCZOS, centering=CROP_CENTRE)
    else:
        # The placeholder: initials on the site's colours, as on the page.
        picture = Image.new("RGB", (box_w, box_h), RED_DARK)
        draw = ImageDraw.Draw(picture)
        radius = 120
        cx, cy = box_w / 2, box_h / 2
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=GOLD, width=6)
        font = _font("bold", 110 if len(initials) <= 2 else 80)
        draw.text((cx, cy), initials, font=font, fill=CREAM, anchor="mm")
    return picture


@lru_cache(maxsize=1)
def _framed() -> tuple[Image.Image, Image.Image]:
    """The background with the portrait's gold frame, and the mask of the portrait's rounded corners."""
    image = _background().copy()
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = PHOTO_BOX
    draw.rounded_rectangle((left - 8, top - 8, right + 7, bottom + 7), radius=30, fill=GOLD)
    draw.rounded_rectangle((left - 3, top - 3, right + 2, bottom + 2), radius=25, fill=WHITE)
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, mask.width - 1, mask.height - 1), radius=22, fill=255)
    return image, mask


@lru_cache(maxsize=4)
def _band(campaign: str, organiser: str) -> tuple[Image.Image, tuple[Line, ...]]:
    """The campaign band along the bottom (emblem, campaign, organiser), the same on every share image of a
    site, and its lines placed on the whole image."""
    image = Image.new("RGB", (WIDTH, HEIGHT - BAR_TOP))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, HEIGHT - BAR_TOP), fill=RED_DARK)
    draw.rectangle((0, 0, WIDTH, 4), fill=GOLD)
    _star(draw, MARGIN + 30, (HEIGHT - BAR_TOP) / 2 + 2, 30)
    band_left = MARGIN + 80
    band_width = WIDTH - MARGIN - band_left
    lines = []
    for role, weight, sizes, baseline, colour in (("campaign", "semibold", (26, 24, 22, 20), 38, WHITE),
                                                  ("organiser", "regular", (19, 18, 17, 16), 68, CREAM)):
        value = campaign if role == "campaign" else organiser
        font, (line, *_) = fit_text(value, weight, sizes, band_width, 1)
        draw.text((band_left, baseline), line, font=font, fill=colour, anchor="ls")
        left, top, right, bottom = draw.textbbox((band_left, baseline), line, font=font, anchor="ls")
        lines.append(Line(role, line, (round(left), round(top) + BAR_TOP, round(right), round(bottom) + BAR_TOP)))
    return image, tuple(lines)


def draw_share_image(text: ShareText, photo: Path | None, *, boxes: bool = True) -> tuple[bytes, list[Line]]:
    """The share image as JPEG bytes, and every line of text with its ink box (none without `boxes`: measuring
    them takes a tenth of the drawing's time, and only tests look at them)."""
    # What is the same on every share image (background, frame, campaign band) is drawn once per process.
    framed, mask = _framed()
    image = framed.copy()
    draw = ImageDraw.Draw(image)
    lines: list[Line] = []

    # Portrait in the gold frame, with rounded corners.
    image.paste(_portrait(photo, text.initials), PHOTO_BOX[:2], mask)

    # Text blocks, stacked and centred vertically beside the photo.
    width = TEXT_RIGHT - TEXT_LEFT
    blocks = [("kind", *fit_text(f"{text.kind} điển hình tiên tiến".upper(), "bold", (24,), width, 1), GOLD, 18),
              ("name", *fit_text(text.name, "bold", (64, 58, 52, 46, 42, 38), width, 3), WHITE, 22)]
    if text.award:
        blocks.append(("award", *fit_text(text.award, "semibold", (32, 29, 26), width, 3), GOLD, 18))
    blocks.append(("unit", *fit_text(text.unit, "regular", (28, 26, 24), width, 2), CREAM, 0))
    total = sum(_line_height(font) * len(block_lines) + gap for _, font, block_lines, _, gap in blocks)
    y = max(36, (BAR_TOP - total) // 2)
    for role, font, block_lines, colour, gap in blocks:
        ascent, _ = font.getmetrics()
        for line in block_lines:
            baseline = y + ascent
            draw.text((TEXT_LEFT, baseline), line, font=font, fill=colour, anchor="ls")
            if boxes:
                lines.append(Line(role, line, _ink_box(draw, (TEXT_LEFT, baseline), line, font)))
            y += _line_height(font)
        if role == "name":
            # A short gold rule between the name and the award, as on the page's badge.
            draw.rectangle((TEXT_LEFT, y + 4, TEXT_LEFT + 72, y + 9), fill=GOLD)
            y += 12
        y += gap

    # The campaign band, last: it covers whatever of a very long text would reach into it.
    band, band_lines = _band(text.campaign, text.organiser)
    image.paste(band, (0, BAR_TOP))
    lines += band_lines if boxes else ()

    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue(), lines


def share_image_task(text: ShareText, photo: Path | None) -> list[DerivedFile]:
    """Cache task: the share image of one profile."""
    data, _ = draw_share_image(text, photo, boxes=False)
    return [DerivedFile(FILE_NAME, data, WIDTH, HEIGHT)]


def _text_key(text: ShareText) -> bytes:
    """`text` as a cache key holds it: as `repr` wrote it when the class was called `CardText`, so that the
    keys, and the published names that carry them (`assets/chia-se/<slug>-<key>.jpg`), stay as they were."""
    fields = ", ".join(f"{f.name}={getattr(text, f.name)!r}" for f in dataclasses.fields(text))
    return f"CardText({fields})".encode()


@lru_cache(maxsize=1)
def _fonts_key() -> tuple:
    """The fonts drawn with, as a share image's key holds them: files of an installed package, read once."""
    return tuple(package_font(f).stat().st_size for f in FONTS.values()), ImageFont.core.freetype2_version


def share_image_key(text: ShareText, photo_key: str | None) -> str:
    """Cache key: the text, the photo's rendition entry, the fonts and the layout."""
    fonts, freetype = _fonts_key()
    return make_key("share", LAYOUT_VERSION, _text_key(text), photo_key, fonts, freetype)
