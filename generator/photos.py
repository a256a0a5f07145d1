"""Photos: checked by content, and published only as renditions without metadata.

A *photo* is the file a unit sends (`profiles/anh/x.jpg`); it is never published. A *rendition* is a resized,
re-encoded copy: EXIF orientation applied, colours converted to sRGB (CMYK, 16-bit, palette, ICC profiles
such as a phone's Display P3), transparency flattened on white, and no metadata at all: EXIF, GPS, XMP,
comments, ICC and embedded thumbnails are dropped because every file is written from bare pixels.

`check_photo` reads a photo's header and end only (the load stage checks every photo on every build);
`derive_photo` decodes it and makes its renditions (`SPECS`, `STORY_SPECS`); `photo_job` is that work as a
job of the derived files' cache (`derived_files.py`), keyed by the photo's content.
"""

from __future__ import annotations

import functools
import io
import os
import warnings
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, cast

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .derived_files import DerivedFile, DerivedFileCache, Job, make_key
from .readers import ReadError, open_input

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
"""Photo formats accepted, by decoded content (not by file extension)."""
ACCEPTED = "chấp nhận JPEG, PNG, WebP"
MAX_PIXELS = 40_000_000
"""Largest photo accepted (a 40-megapixel original); larger headers are refused before decoding."""
MAX_PHOTO_BYTES = 30_000_000
"""Largest photo file accepted."""
TRUNCATED = "tệp ảnh bị cắt cụt hoặc hỏng (chưa tải lên hết?); hãy gửi lại tệp gốc"
SMALL_SIDE = 240
"""A photo narrower or shorter than this (the smallest thumbnail) is published at its own size, with a
warning: an old scanned ID photo of 60 px is better than none, but it looks blurred on a phone."""

# Pillow refuses images over twice this limit before decoding them, and warns above it: the policy of
# the whole process, so that no code path decodes a bomb.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# Formats recognised by their first bytes only to name them in the refusal (Pillow cannot or must not
# open them): (offset, signature, name).
_REFUSED_SIGNATURES = (
    (4, b"ftypheic", "HEIC (ảnh iPhone)"), (4, b"ftypheix", "HEIC (ảnh iPhone)"), (4, b"ftypmif1", "HEIF"),
    (4, b"ftyphevc", "HEIF"), (4, b"ftypavif", "AVIF"), (0, b"GIF8", "GIF"), (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"), (0, b"BM", "BMP"), (0, b"%PDF", "PDF"), (0, b"<svg", "SVG"), (0, b"<?xml", "SVG/XML"),
    (0, b"\x00\x00\x01\x00", "ICO"), (0, b"8BPS", "Photoshop (PSD)"), (0, b"PK\x03\x04", "ZIP/Word"),
    (0, b"\xd0\xcf\x11\xe0", "Word/Excel cũ"),
)


def sniff_refused(head: bytes) -> str | None:
    """Name of a known format that is refused, from the first bytes of a file."""
    for offset, signature, name in _REFUSED_SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            return name
    return None


# --- checking a photo -------------------------------------------------------------------------------------

def _tail_complete(fmt: str, file: BinaryIO, size: int) -> bool:
    """Whether the file ends as a whole file of `fmt` does: the cheap check of a truncated upload.

    JPEG must end with its end-of-image marker and PNG with its IEND chunk (trailing zero padding is
    tolerated). A file that does not (a phone's "motion photo" appends a video) gets the full walk.
    """
    if fmt == "WEBP":
        file.seek(0)
        head = file.read(12)
        return int.from_bytes(head[4:8], "little") + 8 <= size
    file.seek(max(0, size - 64))
    tail = file.read().rstrip(b"\x00")
    if fmt == "JPEG" and tail.endswith(b"\xff\xd9"):
        return True
    if fmt == "PNG" and tail.endswith(b"IEND\xaeB`\x82"):
        return True
    file.seek(0)
    data = file.read(size)
    return _jpeg_complete(data) if fmt == "JPEG" else _png_complete(data)


def _jpeg_complete(data: bytes) -> bool:
    """Walk the JPEG segments to the end-of-image marker; False when the data stops before it."""
    import re

    next_marker = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # a marker after entropy-coded data
    pos, end = 2, len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:
            return True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next marker
            found = next_marker.search(data, pos)
            if not found:
                return False
            pos = found.start()
    return data[pos:pos + 2] == b"\xff\xd9"


def _png_complete(data: bytes) -> bool:
    """Walk the PNG chunks, checking their CRCs, to IEND."""
    pos, end = 8, len(data)
    while pos + 12 <= end:
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        chunk_end = pos + 12 + length
        if chunk_end > end or zlib.crc32(data[pos + 4:pos + 8 + length]) != int.from_bytes(
                data[pos + 8 + length:chunk_end], "big"):
            return False
        if kind == b"IEND":
            return True
        pos = chunk_end
    return False


def open_photo(path: Path, folder: Path | None = None) -> BinaryIO:
    """The photo at `path` opened for reading: a regular file inside `folder` of at most `MAX_PHOTO_BYTES`.

    Raises ReadError before a byte is read for a link leaving `folder`, a device, a FIFO or an oversized
    file. `folder` defaults to the photo's own folder: a photo checked and resolved by `check` is there, so a
    file swapped for a link or a FIFO since then is refused when it is derived.
    """
    return open_input(path, path.parent if folder is None else folder, MAX_PHOTO_BYTES)


@dataclass(frozen=True)
class PhotoCheck:
    """What `check_photo` found: a refusal, or a photo to publish, perhaps with a warning."""

    error: str | None = None
    """Why the photo is refused, in Vietnamese; None when it is published."""
    warning: str | None = None
    """Why the published photo may disappoint (a small scan), in Vietnamese."""


def check_photo(path: Path, folder: Path | None = None) -> PhotoCheck:
    """Check the photo at `path`, inside `folder` (see `open_photo`), by its content.

    Refuses only what cannot be published safely: a file that is not a regular file inside `folder`, a
    refused format, a decompression bomb, a truncated or unreadable file. Reads the header and the last
    bytes only: cheap enough for `check` on every build of thousands of photos. The pixel limit is checked
    from the header, before any pixel is decoded.
    """
    try:
        file = open_photo(path, folder)
    except ReadError as error:
        return PhotoCheck(error.message)
    with file:
        size = os.fstat(file.fileno()).st_size
        if size == 0:
            return PhotoCheck("tệp ảnh rỗng")
        head = file.read(32)
        if refused := sniff_refused(head.lstrip()):
            return PhotoCheck(f"định dạng {refused} không được hỗ trợ ({ACCEPTED}); hãy lưu lại ảnh dưới dạng JPEG")
        try:
            file.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with Image.open(file, formats=None) as image:
                    fmt, (width, height) = image.format, image.size
        except Image.DecompressionBombError:
            return PhotoCheck(f"ảnh quá nhiều điểm ảnh (tối đa {MAX_PIXELS // 1_000_000} megapixel)")
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or head[8:12] == b"WEBP":
                return PhotoCheck(TRUNCATED)
            return PhotoCheck(f"không phải tệp ảnh đọc được ({ACCEPTED})")
        if fmt not in ACCEPTED_FORMATS:
            return PhotoCheck(f"định dạng ảnh {fmt} không được hỗ trợ ({ACCEPTED})")
        if width * height > MAX_PIXELS:
            return PhotoCheck(f"ảnh quá nhiều điểm ảnh ({width}x{height}; tối đa {MAX_PIXELS // 1_000_000} megapixel)")
        if not _tail_complete(fmt, file, size):
            return PhotoCheck(TRUNCATED)
    if width < SMALL_SIDE or height < SMALL_SIDE:
        return PhotoCheck(warning=f"ảnh nhỏ ({width}x{height} điểm ảnh) được đăng đúng kích thước này nên có thể "
                          f"bị mờ; nếu có ảnh gốc lớn hơn (từ {SMALL_SIDE} điểm ảnh mỗi cạnh), hãy gửi ảnh đó")
    return PhotoCheck()


def inspect_photo(path: Path, folder: Path | None = None) -> str | None:
    """Return a Vietnamese message saying why `path` is not an acceptable photo, or None if it is."""
    return check_photo(path, folder).error


# --- deriving renditions ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RenditionSpec:
    """One derived file of a photo."""

    role: str
    """`thumbnail` (the square crop on a listing's card), `portrait` (the photo of the profile page, cropped to
    a portrait's proportions when extreme), `story` (an image of the story, whole) or `slide` (a collective's
    group photo on the ceremony's slideshow, whole)."""
    width: int
    format: str = "WEBP"
    """`WEBP`, or `JPEG` for the fallback of browsers without WebP."""
    quality: int = 78

    @property
    def name(self) -> str:
        """File name inside the cache entry, which the published name ends with: `card-360.webp` (a thumbnail)."""
        return f"{ROLE_NAMES[self.role]}-{self.width}.{'webp' if self.format == 'WEBP' else 'jpg'}"


ROLE_NAMES = {"thumbnail": "card", "portrait": "portrait", "story": "story", "slide": "slide"}
"""How each role is written in file names. The thumbnail's files say `card` (`card-240.webp`), the role's name
when they were first published: published addresses (`assets/anh/<slug>-<key>-card-240.webp`) and cache keys
stay as they were, so a visitor's browser, a search engine and the cache keep what they have."""


def files_of(role: str, names: Iterable[str]) -> list[str]:
    """The names among `names` of the files of `role` (`thumbnail` -> `card-240.webp`, ...)."""
    prefix = ROLE_NAMES[role] + "-"
    return [name for name in names if name.startswith(prefix)]


@functools.lru_cache(maxsize=16)  # a handful of spec sets, asked for by every photo of every build
def specs_key(specs: tuple[RenditionSpec, ...]) -> bytes:
    """`specs` as a cache key holds them: their `repr`, with each role written as in file names (see
    `ROLE_NAMES`), so that the keys, and the published names that carry them, are those of before the rename."""
    return repr(tuple(replace(spec, role=ROLE_NAMES[spec.role]) for spec in specs)).encode()


THUMBNAIL_WIDTHS = (240, 360, 480)
"""Thumbnails: two columns of cards on a phone (~175 CSS px at 1-3x), ~200 px on a desktop."""
PORTRAIT_WIDTHS = (320, 480, 720)
"""Portrait renditions: 240 CSS px wide on a phone (720 at 3x), up to 300 on a desktop."""
SPECS = (
    *(RenditionSpec("thumbnail", w) for w in THUMBNAIL_WIDTHS), RenditionSpec("thumbnail", 360, "JPEG", 80),
    *(RenditionSpec("portrait", w) for w in PORTRAIT_WIDTHS), RenditionSpec("portrait", 480, "JPEG", 80),
)
STORY_WIDTHS = (480, 800, 1400)
"""Story images, whole: the story column is the phone's width (390 CSS px at 2-3x) or ~700 px on a desktop."""
STORY_SPECS = (*(RenditionSpec("story", w) for w in STORY_WIDTHS), RenditionSpec("story", 800, "JPEG", 80))
SLIDE_WIDTH = 1400
"""A group photo on the slideshow fills up to 1,300 of the projector's 1,920 pixels (an individual's portrait,
at most 720, is the portrait's widest rendition): a rendition of its own, in a cache entry of its own, made
only for the collectives of the ceremony, so that the other renditions and their keys stay as they are."""
SLIDE_SPECS = (RenditionSpec("slide", SLIDE_WIDTH),)
NEAR = 1.1
"""A photo at most this much wider than a rendition is published at its own width instead."""
CROP_CENTRE = (0.5, 0.38)
"""Where a crop is centred (a thumbnail's square, an extreme portrait, a share image's frame): a little above
the middle, where faces are."""
PORTRAIT_ASPECT = (0.5, 1.5)
"""Width / height range kept whole on the profile page; a more extreme photo is cropped into it."""


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB, whatever the mode, depth, palette, alpha or embedded ICC profile."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # 16-bit (or wider) greyscale: scale to 8 bits instead of clipping at 255.
        highest = cast("tuple[float, float]", image.getextrema())[1]  # one band: (lowest, highest)
        top = 65535 if image.mode.startswith("I;16") else max(1, highest)
        image = image.convert("I").point(lambda v: v * (255 / top)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info)
    if has_alpha:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba).convert("RGB")
        return image  # a profile on an image with alpha is rare; flattened pixels are taken as sRGB
    if icc and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                                  renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB")
            assert converted is not None  # None only when converting in place
            return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the plain conversion below is close enough
    return image if image.mode == "RGB" else image.convert("RGB")


def _crop_to_aspect(image: Image.Image, low: float, high: float, centre: tuple[float, float]) -> Image.Image:
    """Crop `image` so that width / height lies in [low, high]."""
    aspect = image.width / image.height
    if low <= aspect <= high:
        return image
    target = high if aspect > high else low
    width = min(image.width, round(image.height * target))
    height = min(image.height, round(image.width / target))
    left = round((image.width - width) * centre[0])
    top = round((image.height - height) * centre[1])
    return image.crop((left, top, left + width, top + height))


def _encode(image: Image.Image, spec: RenditionSpec) -> bytes:
    image.info = {}  # nothing from the source (comment, ICC, EXIF) may reach the published file
    out = io.BytesIO()
    if spec.format == "WEBP":
        # method 2: a third of the time of the default 4 for files ~8% larger (bench/IMAGES.md).
        image.save(out, "WEBP", quality=spec.quality, method=2)
    else:
        image.save(out, "JPEG", quality=spec.quality, progressive=True)  # a fallback: few browsers fetch it
    return out.getvalue()


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (ValueError, TypeError, SyntaxError):
        return 1


def open_upright(source: Path, need: int, folder: Path | None = None) -> Image.Image:
    """The photo at `source` decoded upright in sRGB, at least `need` pixels on its shorter side if it has them.

    JPEG decodes at 1/2, 1/4 or 1/8 scale when that is still big enough (draft mode): most of the cost of a
    20-megapixel original is decoding it. The file is opened as `open_photo` does.
    """
    with open_photo(source, folder) as file, Image.open(file) as image:
        if image.format not in ACCEPTED_FORMATS:
            raise ValueError(f"định dạng ảnh {image.format} không được hỗ trợ")
        if image.format == "JPEG":
            image.draft("RGB" if image.mode != "CMYK" else "CMYK", (need, need))
        image.load()
        # In place: no copy of an already upright photo (a rotated one is still a new image).
        upright = ImageOps.exif_transpose(image, in_place=False) if _orientation(image) > 1 else image
        return _to_srgb(upright)


def derive_photo(source: Path, specs: tuple[RenditionSpec, ...] = SPECS, folder: Path | None = None) -> list[DerivedFile]:
    """Every rendition of one photo, decoded once; never upscaled (a small photo gives fewer sizes)."""
    need = max(s.width for s in specs)
    image = open_upright(source, need, folder)
    outputs = []
    for role in dict.fromkeys(s.role for s in specs):
        if role == "thumbnail":
            side = min(image.size)
            left = round((image.width - side) * CROP_CENTRE[0])
            top = round((image.height - side) * CROP_CENTRE[1])
            base = image.crop((left, top, left + side, top + side))
        elif role in ("story", "slide"):
            base = image
        else:
            base = _crop_to_aspect(image, *PORTRAIT_ASPECT, centre=CROP_CENTRE)
        # Largest first, each smaller size from the previous one: cheaper, and as sharp. The first step
        # from the decoded photo is bicubic; later steps start from a clean, small picture, where the
        # cheaper Hamming filter looks the same.
        current = base
        # A photo narrower than two sizes gives both the same picture (`portrait-720` and `portrait-480` of a
        # 500-pixel photo): encoded once, the same bytes under both names.
        encoded: dict[tuple[int, int, str, int], bytes] = {}
        for spec in sorted((s for s in specs if s.role == role), key=lambda s: (-s.width, s.format)):
            width = min(spec.width, base.width)
            if base.width <= spec.width * NEAR:
                width = base.width  # a resample by a few percent costs as much as a halving, for nothing
            height = round(base.height * width / base.width)
            if current.size != (width, height):
                method = Image.Resampling.BICUBIC if current is base else Image.Resampling.HAMMING
                current = current.resize((width, height), method)
            same = (width, height, spec.format, spec.quality)
            if same not in encoded:
                encoded[same] = _encode(current, spec)
            outputs.append(DerivedFile(spec.name, encoded[same], width, height))
    return outputs


# --- the job of a photo -------------------------------------------------------------------------------

def describe_failure(error: BaseException) -> str:
    """Vietnamese reason why a photo's renditions could not be derived, naming what went wrong."""
    if isinstance(error, ReadError):  # the file changed since it was checked (a link, a FIFO, a bigger file)
        return error.message
    if isinstance(error, Image.DecompressionBombError):
        return f"ảnh quá nhiều điểm ảnh (tối đa {MAX_PIXELS // 1_000_000} megapixel)"
    if isinstance(error, (OSError, SyntaxError, ValueError, EOFError, UnidentifiedImageError)):
        return f"không giải mã được ảnh (tệp hỏng hoặc bị cắt cụt): {error}"
    return f"lỗi khi xử lý ảnh: {type(error).__name__}: {error}"


def _refuse(message: str) -> list[DerivedFile]:
    raise ReadError(message)


def photo_job(cache: DerivedFileCache, source: Path, specs: tuple[RenditionSpec, ...] = SPECS) -> Job:
    """The job deriving every rendition of the photo at `source` (checked: see `open_photo`)."""
    try:
        digest = cache.source_digest(source, MAX_PHOTO_BYTES)
    except ReadError as error:  # changed since it was checked: the job fails with the reason
        return Job(make_key("refused", str(source), error.message), _refuse, (error.message,), str(source),
                   describe_failure)
    return Job(make_key("photo", digest, specs_key(specs)), derive_photo, (source, specs), str(source),
               describe_failure)
