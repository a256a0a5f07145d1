"""Photos: checked by content, published only as derived renditions without metadata.

A rendition is a resized, re-encoded copy of a photo: orientation applied, colours converted to sRGB-ish
RGB, transparency flattened on white, every metadata block (EXIF, GPS, XMP, comments) dropped because
Pillow writes none unless asked. Renditions are cached by a hash of the source bytes and the settings, so
an unchanged photo costs one file read on the next build.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
"""Photo formats accepted, by decoded content (not by file extension)."""
MAX_PIXELS = 40_000_000
"""Largest photo accepted (a 40-megapixel original); larger headers are refused before decoding."""
MAX_PHOTO_BYTES = 30_000_000
"""Largest photo file accepted."""
SETTINGS_VERSION = "1"
# Pillow refuses images over twice this limit before decoding them, and warns above it: the policy of
# the whole process, so that no code path decodes a bomb.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
"""Bump to invalidate every cached rendition when the derivation below changes."""


@dataclass(frozen=True)
class RenditionSpec:
    """One derived size of a photo."""

    name: str
    width: int
    height: int | None
    """None keeps the aspect ratio; a number crops to width x height (centred a little high, on faces)."""
    quality: int = 82


CARD = RenditionSpec("card", 360, 360)
PORTRAIT = RenditionSpec("portrait", 640, None)
SPECS = (CARD, PORTRAIT)


def inspect_photo(path: Path) -> str | None:
    """Return a Vietnamese message saying why `path` is not an acceptable photo, or None if it is.

    Reads only the header: cheap enough for `check` on thousands of photos.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return "không tìm thấy tệp ảnh"
    if size == 0:
        return "tệp ảnh rỗng"
    if size > MAX_PHOTO_BYTES:
        return f"tệp ảnh quá lớn ({size / 1e6:.0f} MB; tối đa {MAX_PHOTO_BYTES // 1_000_000} MB)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                fmt, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        return f"ảnh quá nhiều điểm ảnh (tối đa {MAX_PIXELS // 1_000_000} megapixel)"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return "không phải tệp ảnh đọc được (chấp nhận JPEG, PNG, WebP)"
    if fmt not in ACCEPTED_FORMATS:
        return f"định dạng ảnh {fmt} không được hỗ trợ (chấp nhận JPEG, PNG, WebP)"
    if width * height > MAX_PIXELS:
        return f"ảnh quá nhiều điểm ảnh ({width}x{height}; tối đa {MAX_PIXELS // 1_000_000} megapixel)"
    if width < 64 or height < 64:
        return f"ảnh quá nhỏ ({width}x{height}; cần ít nhất 64x64)"
    return None


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    return image.convert("RGB")


def _derive(data: bytes, spec: RenditionSpec) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        if image.format == "JPEG":
            # Decode at a reduced scale when the target is much smaller (JPEG draft mode).
            image.draft("RGB", (spec.width * 2, (spec.height or spec.width) * 2))
        image = ImageOps.exif_transpose(image)
        image = _to_rgb(image)
        if spec.height:
            image = ImageOps.fit(image, (spec.width, spec.height), Image.Resampling.LANCZOS,
                                 centering=(0.5, 0.35))
        elif image.width > spec.width:
            height = round(image.height * spec.width / image.width)
            image = image.resize((spec.width, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=spec.quality, optimize=True, progressive=True)
        return out.getvalue()


@dataclass(frozen=True)
class Rendition:
    """A derived photo file ready to publish."""

    spec: RenditionSpec
    path: Path
    """The cached file."""
    width: int
    height: int
    digest: str
    """Short content hash, used in the published file name so browsers may cache it forever."""


class RenditionCache:
    """Renditions on disk under `directory`, named by the hash of source bytes and settings."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.used: set[Path] = set()

    def derive(self, source: Path, spec: RenditionSpec) -> Rendition:
        """Return the rendition of `source` for `spec`, deriving it only when not cached."""
        data = source.read_bytes()
        key = hashlib.sha256(data + f"|{SETTINGS_VERSION}|{spec}".encode()).hexdigest()[:20]
        path = self.directory / f"{key}.jpg"
        if not path.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(_derive(data, spec))
            tmp.replace(path)
        self.used.add(path)
        with Image.open(path) as image:
            width, height = image.size
        return Rendition(spec, path, width, height, key[:10])

    def prune(self) -> int:
        """Delete cached renditions not used since this cache was opened; return how many."""
        removed = 0
        if self.directory.is_dir():
            for path in self.directory.glob("*.jpg"):
                if path not in self.used:
                    path.unlink()
                    removed += 1
        return removed
