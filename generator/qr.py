"""QR codes: a PNG for any page of the site, for posters, standees and the printed program.

Codes use error correction level M (15% of the code may be covered or dirty and it still scans) and a
quiet zone of four modules, as the standard asks. The PNG is 1-bit, a few kilobytes, and large enough
(16 pixels a module) to print sharply at 5 cm.
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib.metadata import version

import qrcode
import qrcode.constants
from PIL import Image

from .derived_files import DerivedFile, make_key

BOX_SIZE = 16
"""Pixels per module."""
BORDER = 4
"""Quiet zone, in modules."""


FILE_NAME = "qr.png"
"""The QR code's file in its cache entry."""


def _code(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=BOX_SIZE, border=BORDER)
    code.add_data(url)
    return code


def _qr_image(url: str, box_size: int) -> Image.Image:
    """The 1-bit image `qrcode` draws (its `make_image`), made from the code's matrix at one pixel a module
    and enlarged, instead of a rectangle drawn a module at a time: the same pixels in a tenth of the time."""
    code = _code(url)
    code.make(fit=True)
    count = code.modules_count
    modules = Image.frombytes("L", (count, count), bytes(0 if dark else 255 for row in code.modules for dark in row))
    side = count + 2 * BORDER
    image = Image.new("L", (side, side), 255)
    image.paste(modules, (BORDER, BORDER))
    # Nearest neighbour at a whole factor copies each pixel into a square; 0 and 255 stay black and white.
    return image.resize((side * box_size, side * box_size), Image.Resampling.NEAREST).convert("1", dither=Image.Dither.NONE)


def qr_modules(url: str) -> list[list[bool]]:
    """The modules of the QR code of `url`, row by row (True: dark), without the quiet zone: for drawing it
    as vectors, which print sharp at any size (the printed booklet)."""
    code = _code(url)
    code.make(fit=True)
    return [[bool(dark) for dark in row] for row in code.modules]


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def qr_png(url: str, box_size: int = BOX_SIZE) -> bytes:
    """A QR code encoding `url`, as PNG bytes (deterministic for the same URL)."""
    return _png(_qr_image(url, box_size))


def qr_task(url: str) -> list[DerivedFile]:
    """Cache task: the QR code of one URL (its matrix made once: the image's size is the code's)."""
    image = _qr_image(url, BOX_SIZE)
    return [DerivedFile(FILE_NAME, _png(image), image.width, image.height)]


@lru_cache(maxsize=1 << 14)
def qr_side(url: str) -> int:
    """The width and height in pixels of the QR code of `url`, known without making it: its version, the
    smallest that holds the address, gives the modules a side. Remembered: finding the version encodes the
    address (half a millisecond), and a preview asks again for every page on every edit."""
    version = _code(url).best_fit()
    return (version * 4 + 17 + 2 * BORDER) * BOX_SIZE


@lru_cache(maxsize=1)
def _library_version() -> str:
    return version("qrcode")  # read from the installed package's metadata: once, not once a profile


def qr_key(url: str) -> str:
    """Cache key of the QR code of `url`."""
    return make_key("qr", url, BOX_SIZE, BORDER, _library_version())
