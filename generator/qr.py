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


def _qr_image(url: str, box_size: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=BORDER)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image().get_image()  # a 1-bit Pillow image


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
    return [DerivedFile("qr.png", _png(image), image.width, image.height)]


@lru_cache(maxsize=1)
def _library_version() -> str:
    return version("qrcode")  # read from the installed package's metadata: once, not once a profile


def qr_key(url: str) -> str:
    """Cache key of the QR code of `url`."""
    return make_key("qr", url, BOX_SIZE, BORDER, _library_version())
