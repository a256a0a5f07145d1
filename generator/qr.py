"""QR codes: a PNG for any page of the site, for posters, standees and the printed program.

Codes use error correction level M (15% of the code may be covered or dirty and it still scans) and a
quiet zone of four modules, as the standard asks. The PNG is 1-bit, a few kilobytes, and large enough
(16 pixels a module) to print sharply at 5 cm.
"""

from __future__ import annotations

import io
from importlib.metadata import version

import qrcode
import qrcode.constants

from .derived_files import DerivedFile, make_key

BOX_SIZE = 16
"""Pixels per module."""
BORDER = 4
"""Quiet zone, in modules."""


def qr_png(url: str, box_size: int = BOX_SIZE) -> bytes:
    """A QR code encoding `url`, as PNG bytes (deterministic for the same URL)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=BORDER)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image().get_image()  # a 1-bit Pillow image
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def qr_task(url: str) -> list[DerivedFile]:
    """Cache task: the QR code of one URL."""
    data = qr_png(url)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=BORDER)
    code.add_data(url)
    code.make(fit=True)
    side = (code.modules_count + 2 * BORDER) * BOX_SIZE
    return [DerivedFile("qr.png", data, side, side)]


def qr_key(url: str) -> str:
    """Cache key of the QR code of `url`."""
    return make_key("qr", url, BOX_SIZE, BORDER, version("qrcode"))
