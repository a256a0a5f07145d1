"""Photos, share images and QR codes: what a unit sends in, what visitors and sharing apps get out."""

from __future__ import annotations

import io
import json
import re
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
import zxingcpp
from fontTools.ttLib import TTFont
from PIL import Image

from generator import derived_files, qr, share_images
from generator import photos as photos_module
from generator.cli import main
from generator.derived_files import DerivedFileCache
from generator.fonts import package_font
from generator.load import Paths
from generator.photos import derive_photo, describe_failure, inspect_photo, open_upright, photo_job
from generator.problems import BuildFailed
from generator.publish import build_site
from tests.helpers import INDIVIDUAL

GPS = 0x8825
ORIENTATION = 0x0112


def outputs_by_name(source: Path) -> dict[str, Image.Image]:
    return {o.name: Image.open(io.BytesIO(o.data)) for o in derive_photo(source)}


def assert_bare(data: bytes) -> None:
    """No metadata block of any kind in an encoded file."""
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "dpi"} & set(image.info)
    for marker in (b"Exif", b"GPS", b"http://ns.adobe.com/xap", b"ICC_PROFILE", b"secret"):
        assert marker not in data


def phone_photo(path: Path) -> Path:
    """A phone picture stored landscape (red left half, blue right) with orientation 6, GPS, XMP, comment, ICC."""
    image = Image.new("RGB", (800, 600), "blue")
    image.paste((220, 0, 0), (0, 0, 400, 600))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker secret"
    exif.get_ifd(GPS).update({1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 30.0, 0.0)})
    from PIL import ImageCms
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(path, "JPEG", exif=exif.tobytes(), comment=b"secret comment", icc_profile=icc,
               xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret location</x:xmpmeta>", quality=95)
    return path


# --- decoding and conversion --------------------------------------------------------------------------------

def test_orientation_applied_and_every_metadata_block_dropped(tmp_path):
    source = phone_photo(tmp_path / "phone.jpg")
    with Image.open(source) as original:  # the fixture really carries what a phone writes
        assert original.getexif().get_ifd(GPS) and "comment" in original.info and "icc_profile" in original.info
    outputs = derive_photo(source)
    assert {o.name for o in outputs} == {"card-240.webp", "card-360.webp", "card-480.webp", "card-360.jpg",
                                         "portrait-320.webp", "portrait-480.webp", "portrait-720.webp",
                                         "portrait-480.jpg"}
    for output in outputs:
        assert_bare(output.data)
        image = Image.open(io.BytesIO(output.data)).convert("RGB")
        assert (image.width, image.height) == (output.width, output.height)
        # Upright: the stored left half (red) is the top of the picture the phone showed.
        top, bottom = image.getpixel((image.width // 2, 5)), image.getpixel((image.width // 2, image.height - 5))
        assert top[0] > 180 and top[2] < 60, output.name
        assert bottom[2] > 180 and bottom[0] < 60, output.name
    sizes = {o.name: (o.width, o.height) for o in outputs}
    assert sizes["portrait-480.webp"] == (480, 640)  # the whole photo, upright
    assert sizes["portrait-720.webp"] == (600, 800)  # never upscaled
    card = next(o for o in outputs if o.name == "card-360.jpg")
    assert (card.width, card.height) == (360, 360)


def test_cmyk_converted_to_rgb_colours(tmp_path):
    source = tmp_path / "scan.jpg"
    Image.new("CMYK", (300, 300), (0, 255, 255, 0)).save(source, "JPEG", quality=95)  # pure red ink
    for image in outputs_by_name(source).values():
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((100, 100))
        assert red > 200 and green < 60 and blue < 60


def test_16_bit_greyscale_scaled_not_clipped(tmp_path):
    source = tmp_path / "scan16.png"
    Image.new("I;16", (200, 200), 32768).save(source)
    assert Image.open(source).mode.startswith("I;16")
    for image in outputs_by_name(source).values():
        value = image.convert("RGB").getpixel((50, 50))
        assert 120 <= value[0] <= 136 and value[0] == value[1] == value[2]


def test_palette_transparency_flattened_on_white(tmp_path):
    source = tmp_path / "logo.png"
    image = Image.new("P", (200, 200), 0)
    image.putpalette([0, 0, 0, 0, 128, 0] + [0] * 762)
    image.paste(1, (100, 0, 200, 200))
    image.save(source, transparency=0)  # left half transparent, right half green
    for out in outputs_by_name(source).values():
        assert out.convert("RGB").getpixel((5, out.height // 2)) == (255, 255, 255)
        green = out.convert("RGB").getpixel((out.width - 5, out.height // 2))
        assert green[1] > 100 and green[0] < 40


def test_rgba_png_flattened_on_white(tmp_path):
    source = tmp_path / "cutout.png"
    Image.new("RGBA", (120, 120), (10, 20, 200, 0)).save(source)
    for out in outputs_by_name(source).values():
        assert out.convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_large_jpeg_decoded_at_reduced_size(tmp_path):
    source = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), "#886644").save(source, quality=80)
    image = open_upright(source, 720)
    assert image.size == (1000, 750)  # 1/4 scale: the smallest still larger than 720 on both sides


def test_same_input_same_bytes(tmp_path):
    source = phone_photo(tmp_path / "p.jpg")
    assert [o.data for o in derive_photo(source)] == [o.data for o in derive_photo(source)]


# --- refusing bad files -------------------------------------------------------------------------------------

def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def lying_png(width: int, height: int) -> bytes:
    """A 60-byte PNG whose header claims `width` x `height` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\0" * 16))
            + png_chunk(b"IEND", b""))


def lying_jpeg(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header is rewritten to claim `width` x `height`."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize("name, data", [
    ("png", lying_png(100_000, 100_000)),
    ("jpeg", lying_jpeg(60_000, 60_000)),
])
def test_bombs_refused_before_decoding_in_bounded_time_and_memory(tmp_path, name, data):
    source = tmp_path / f"bomb.{name}"
    source.write_bytes(data)
    tracemalloc.start()
    started = time.perf_counter()
    message = inspect_photo(source)
    with pytest.raises(Image.DecompressionBombError):
        derive_photo(source)  # the derivation refuses it too, should a file change after the check
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert message == "ảnh quá nhiều điểm ảnh (tối đa 40 megapixel)"
    assert elapsed < 1.0 and peak < 5_000_000
    assert describe_failure(Image.DecompressionBombError("x")) == message


def test_header_just_over_the_limit_refused(tmp_path):
    source = tmp_path / "big.png"
    source.write_bytes(lying_png(8000, 6000))  # 48 megapixels: under Pillow's hard limit, over ours
    assert inspect_photo(source) == "ảnh quá nhiều điểm ảnh (8000x6000; tối đa 40 megapixel)"


def truncated(tmp_path: Path, fmt: str) -> Path:
    out = io.BytesIO()
    Image.effect_noise((400, 400), 60).convert("RGB").save(out, fmt)
    data = out.getvalue()
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_uploads_refused(tmp_path, fmt):
    assert inspect_photo(truncated(tmp_path, fmt)) == \
        "tệp ảnh bị cắt cụt hoặc hỏng (chưa tải lên hết?); hãy gửi lại tệp gốc"


def test_motion_photo_with_trailing_video_accepted(tmp_path):
    # Phones append a short video after the JPEG's end marker; the picture itself is whole.
    path = tmp_path / "motion.jpg"
    out = io.BytesIO()
    Image.new("RGB", (200, 200), "green").save(out, "JPEG")
    path.write_bytes(out.getvalue() + b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 20)
    assert inspect_photo(path) is None


@pytest.mark.parametrize("content, message", [
    (b"", "tệp ảnh rỗng"),
    (b"Xin chao, day khong phai anh", "không phải tệp ảnh đọc được (chấp nhận JPEG, PNG, WebP)"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "định dạng HEIC (ảnh iPhone) không được hỗ trợ "
     "(chấp nhận JPEG, PNG, WebP); hãy lưu lại ảnh dưới dạng JPEG"),
    (b"%PDF-1.7\n", "định dạng PDF không được hỗ trợ (chấp nhận JPEG, PNG, WebP); hãy lưu lại ảnh dưới dạng JPEG"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "định dạng SVG không được hỗ trợ (chấp nhận JPEG, PNG, WebP); "
     "hãy lưu lại ảnh dưới dạng JPEG"),
])
def test_non_photos_refused_by_content(tmp_path, content, message):
    path = tmp_path / "anh.jpg"  # the extension says JPEG; the content decides
    path.write_bytes(content)
    assert inspect_photo(path) == message


def test_png_named_jpg_accepted(tmp_path):
    path = tmp_path / "really-a-png.jpg"
    Image.new("RGB", (100, 100)).save(path, "PNG")
    assert inspect_photo(path) is None


def test_check_names_each_bad_photo_on_its_line(project):
    anh = project.profiles / "anh"
    anh.mkdir()
    truncated(anh, "JPEG").rename(anh / "a.jpg")
    (anh / "b.png").write_bytes(lying_png(100_000, 100_000))
    project.write("profiles/a.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg"))
    project.write("profiles/b.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/b.png"))
    from generator.problems import InputError
    with pytest.raises(InputError) as error:
        project.load()
    assert error.value.problems.report().splitlines() == [
        "profiles/a.md:8: photo: tệp ảnh bị cắt cụt hoặc hỏng (chưa tải lên hết?); hãy gửi lại tệp gốc: anh/a.jpg",
        "profiles/b.md:8: photo: ảnh quá nhiều điểm ảnh (tối đa 40 megapixel): anh/b.png",
        "Có 2 lỗi trong 2 tệp.",
    ]


@pytest.mark.own_cache
def test_a_photo_failing_in_derivation_fails_the_build_naming_it(project, monkeypatch, caplog):
    project.photo("anh/a.jpg")
    project.write("profiles/a.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg"))

    def broken(source, specs):
        raise OSError("broken data stream when reading image file")

    monkeypatch.setattr("generator.photos.derive_photo", broken)
    with pytest.raises(BuildFailed):
        build_site(Paths.at(project.root), project.root / "mkdocs.yml", project.root / "site")
    assert ("profiles/a.md:8: photo: không giải mã được ảnh (tệp hỏng hoặc bị cắt cụt): broken data stream when "
            "reading image file: anh/a.jpg") in caplog.text
    assert not (project.root / "site").exists()


@pytest.mark.own_cache
def test_check_derives_the_photos_and_names_one_that_fails_with_its_line(project, monkeypatch, capsys):
    project.photo("anh/a.jpg")
    project.write("profiles/a.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg"))

    def broken(source, specs):
        raise OSError("broken data stream when reading image file")

    monkeypatch.setattr("generator.photos.derive_photo", broken)
    assert main(["-f", str(project.root / "mkdocs.yml"), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "profiles/a.md:8: photo: không giải mã được ảnh (tệp hỏng hoặc bị cắt cụt): broken data stream when "
        "reading image file: anh/a.jpg",
        "Có 1 lỗi trong 1 tệp."]
    monkeypatch.undo()
    assert main(["-f", str(project.root / "mkdocs.yml"), "check"]) == 0
    assert list((project.root / ".cache/vinhdanh/renditions").glob("*.card-240.webp"))  # warm for the build


# --- the cache ----------------------------------------------------------------------------------------------

def make_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"p{i}.jpg"
        Image.new("RGB", (300, 400), (i * 20 % 256, 80, 160)).save(path, quality=85)
        paths.append(path)
    return paths


def test_cache_derives_once_in_parallel_and_prunes(tmp_path, monkeypatch):
    photos = make_photos(tmp_path / "in", derived_files.PARALLEL_MIN + 2)
    cache = DerivedFileCache(tmp_path / "cache")
    entries, failures = cache.run([photo_job(cache, p) for p in photos])
    assert failures == {} and len(entries) == len(photos)
    stored = {p.name: p.stat().st_mtime_ns for p in cache.directory.iterdir() if p.name != ".lock"}
    # Bytes made in the worker processes are those made here.
    first = photos[0]
    (key,) = [k for k in entries if k == photo_job(cache, first).key]
    assert {f.name: f.path.read_bytes() for f in entries[key]} == {o.name: o.data for o in derive_photo(first)}

    # A second build: nothing derived, and no photo even read (digests memoised by stat).
    warm = DerivedFileCache(tmp_path / "cache")
    monkeypatch.setattr("generator.photos.derive_photo", lambda *a: pytest.fail("derived again"))
    monkeypatch.setattr("generator.derived_files.read_input", lambda path, *a: pytest.fail(f"read {path}"))
    entries_again, _ = warm.run([photo_job(warm, p) for p in photos])
    monkeypatch.undo()
    assert entries_again == entries
    assert {p.name: p.stat().st_mtime_ns for p in cache.directory.iterdir() if p.name != ".lock"} == stored

    # One photo removed: its entry is pruned, the others stay.
    cache.release()
    warm.release()
    pruning = DerivedFileCache(tmp_path / "cache")
    pruning.run([photo_job(pruning, p) for p in photos[1:]])
    assert pruning.prune() == 9  # 8 renditions and the manifest
    assert not list(cache.directory.glob(f"{key}*"))
    assert str(first) not in json.loads((cache.directory / "sources.json").read_text())


def test_progress_only_on_a_terminal_outside_ci(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    shown = Terminal()
    progress = derived_files.Progress("Ảnh", 3, shown)
    for _ in range(3):
        progress.step()
    lines = shown.getvalue().split("\r")[1:]
    assert lines and all(re.fullmatch(r"Ảnh: \[[█░]{20}\] \d/3 · \d+/giây *\n?", line) for line in lines)
    assert lines[-1].startswith("Ảnh: [" + "█" * 20 + "] 3/3 · ") and lines[-1].endswith("\n")

    # Half way through a long run, the bar is half full and the line says how long is left.
    half = derived_files.Progress("Ảnh", 1000, Terminal())
    half.done = 500
    assert half.line(50.0) == "Ảnh: [" + "█" * 10 + "░" * 10 + "] 500/1000 · 10/giây · còn khoảng 50 giây"
    assert half.line(500.0).endswith("1/giây · còn khoảng 8 phút")

    quiet = io.StringIO()  # a CI log: not a terminal
    progress = derived_files.Progress("Ảnh", 3, quiet)
    progress.step()
    assert quiet.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    ci_terminal = Terminal()
    derived_files.Progress("Ảnh", 3, ci_terminal).step()
    assert ci_terminal.getvalue() == ""


# --- share images ---------------------------------------------------------------------------------------------

SHARE_TEXT = share_images.ShareText(
    kind="Cá nhân", name="ThS. Nguyễn Thị Thuỳ Dương", initials="ND",
    award="Chiến sĩ thi đua cấp bộ, ngành, tỉnh, đoàn thể trung ương",
    unit="Trung tâm Dịch vụ và Hỗ trợ doanh nghiệp", campaign="Tôn vinh điển hình tiên tiến giai đoạn 2020 - 2025",
    organiser="Ban Quản lý các Khu Công nghệ cao và khu công nghiệp thành phố Hà Nội")


def test_font_has_every_vietnamese_letter():
    letters = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ")
    for weight in share_images.FONTS.values():
        cmap = TTFont(package_font(weight)).getBestCmap()
        missing = [c for c in letters + letters.upper() if ord(c) not in cmap]
        assert missing == [], weight


def ink_in(image: Image.Image, box: tuple[int, int, int, int], colour: tuple[int, int, int]) -> int:
    """Pixels close to `colour` inside `box`."""
    region = image.crop(box).convert("RGB")
    return sum(1 for p in region.get_flattened_data() if sum(abs(a - b) for a, b in zip(p, colour, strict=True)) < 90)


@pytest.mark.parametrize("with_photo", [True, False])
def test_share_image_text_fits_and_is_drawn(tmp_path, with_photo):
    photo = None
    if with_photo:
        photo = tmp_path / "portrait.webp"
        Image.new("RGB", (720, 900), "#3060a0").save(photo)
    data, lines = share_images.draw_share_image(SHARE_TEXT, photo)
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (1200, 630)
    assert_bare(data)
    by_role: dict[str, list[str]] = {}
    for line in lines:
        by_role.setdefault(line.role, []).append(line.text)
    assert by_role == {
        "kind": ["CÁ NHÂN ĐIỂN HÌNH TIÊN TIẾN"],
        "name": ["ThS. Nguyễn Thị", "Thuỳ Dương"],
        "award": ["Chiến sĩ thi đua cấp bộ, ngành, tỉnh,", "đoàn thể trung ương"],
        "unit": ["Trung tâm Dịch vụ và Hỗ trợ doanh nghiệp"],
        "campaign": ["Tôn vinh điển hình tiên tiến giai đoạn 2020 - 2025"],
        "organiser": ["Ban Quản lý các Khu Công nghệ cao và khu công nghiệp thành phố Hà Nội"],
    }
    boxes = [line.box for line in lines]
    for left, top, right, bottom in boxes:  # inside the image with a margin: no mark clipped at an edge
        assert 20 <= left < right <= 1180 and 20 <= top < bottom <= 625
    for a, b in zip(boxes, boxes[1:], strict=False):  # stacked without overlap
        assert a[3] <= b[1] or b[3] <= a[1] or a[2] <= b[0], (a, b)
    name_box = next(line.box for line in lines if line.role == "name")
    assert ink_in(image, name_box, (255, 255, 255)) > 500  # the name is really drawn, in white
    photo_centre = image.getpixel((246, 280))
    if with_photo:
        assert abs(photo_centre[0] - 0x30) < 20 and abs(photo_centre[2] - 0xA0) < 20
    else:
        assert photo_centre[0] < 140  # the dark red placeholder panel


def test_long_names_shrink_then_wrap_then_end_with_an_ellipsis():
    long = share_images.ShareText(
        "Tập thể", "Tổ Sản xuất SMT số 2, Công ty TNHH Điện tử Sao Mai Việt Nam chi nhánh Khu công nghiệp Thăng "
        "Long mở rộng giai đoạn hai", "TS", None, "Công ty TNHH Điện tử Sao Mai Việt Nam",
        SHARE_TEXT.campaign, SHARE_TEXT.organiser)
    _, lines = share_images.draw_share_image(long, None)
    names = [line for line in lines if line.role == "name"]
    assert len(names) == 3 and names[-1].text.endswith(" …")
    assert all(line.box[2] <= 1200 - share_images.MARGIN for line in names)


# --- QR codes -----------------------------------------------------------------------------------------------

def decode_qr(data: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))]


def test_qr_code_decodes_to_the_url():
    url = "https://example.github.io/vinhdanh/ho-so/dang-thi-thu-huong/"
    data = qr.qr_png(url)
    assert decode_qr(data) == [url]
    assert data == qr.qr_png(url)  # deterministic
    (output,) = qr.qr_task(url)
    assert Image.open(io.BytesIO(output.data)).size == (output.width, output.height)


@pytest.mark.parametrize("length", [0, 1, 20, 47, 48, 100, 200, 400])
def test_qr_code_is_the_image_the_library_draws_and_its_size_is_known_before(length):
    import qrcode

    url = ("https://example.github.io/vinhdanh/ho-so/" + "nguyen-van-an-" * 30)[:length]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=qr.BOX_SIZE, border=qr.BORDER)
    code.add_data(url)
    drawn = code.make_image().get_image()  # a rectangle a module, as qrcode draws it
    made = qr._qr_image(url, qr.BOX_SIZE)
    assert (made.mode, made.size, made.info, made.tobytes()) == (drawn.mode, drawn.size, drawn.info, drawn.tobytes())
    (output,) = qr.qr_task(url)
    assert output.data == qr._png(drawn)
    assert qr.qr_side(url) == output.width == output.height == drawn.width


def test_a_photo_narrower_than_two_sizes_is_encoded_once_for_both(monkeypatch, tmp_path):
    photo = tmp_path / "a.jpg"
    Image.new("RGB", (500, 600), "#8a6d3b").save(photo)
    encoded = []
    real = photos_module._encode
    monkeypatch.setattr(photos_module, "_encode", lambda image, spec: encoded.append(spec.name) or real(image, spec))
    outputs = {o.name: o for o in derive_photo(photo)}
    assert outputs["portrait-720.webp"].data == outputs["portrait-480.webp"].data
    assert (outputs["portrait-720.webp"].width, outputs["portrait-480.webp"].width) == (500, 500)
    assert len(encoded) == len(outputs) - 1 and "portrait-480.webp" not in encoded


def test_built_site_shares_and_codes_point_at_the_public_address(project):
    project.photo("anh/a.jpg")
    project.write("profiles/a.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg")
                  .replace("name: Nguyễn Văn An", 'name: Nguyễn Văn "An"'))
    base = "https://vinhdanh.example.vn/dien-hinh-2025/"
    build_site(Paths.at(project.root), project.root / "mkdocs.yml", project.root / "site", site_url=base)
    site = project.root / "site"
    assert decode_qr((site / "assets/qr/ho-so/a.png").read_bytes()) == [base + "ho-so/a/"]
    assert decode_qr((site / "assets/qr/chuong-trinh.png").read_bytes()) == [base + "hoi-nghi/chuong-trinh/"]
    page = (site / "ho-so/a/index.html").read_text()
    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', page))
    assert meta["og:url"] == base + "ho-so/a/"
    assert meta["og:title"] == "Nguyễn Văn &#34;An&#34;"  # escaped inside the attribute (markupsafe's form)
    assert meta["twitter:card"] == "summary_large_image"
    image = meta["og:image"]
    assert image.startswith(base + "assets/chia-se/a-") and image == meta["twitter:image"]
    card = site / image.removeprefix(base)
    assert Image.open(card).size == (1200, 630) and (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fvinhdanh.example.vn%2Fdien-hinh-2025%2Fho-so%2Fa%2F"' in page
    assert 'download="ma-qr-a.png"' in page
    # Links between pages stay relative, so the site works from its sub-path.
    assert 'src="../../assets/anh/a-' in page and 'href="../../don-vi/van-phong/"' in page
