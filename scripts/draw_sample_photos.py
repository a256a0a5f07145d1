"""Draw the illustrated portraits of the sample profiles into `profiles/anh/<id>.jpg`.

The sample profiles are fictional, so their "photos" are drawings, never photos of a real person: a soft
two-colour gradient, and a stylised head-and-shoulders silhouette whose hair, skin, clothing and colours
are picked by a seed derived from the profile id (a group of 3-5 smaller silhouettes for a collective).
The output is deterministic: the same id always gives the same picture, so rerunning the script leaves
the files unchanged.

Run from anywhere:  .venv/bin/python scripts/draw_sample_photos.py
"""

from __future__ import annotations

import hashlib
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

# Profiles that get a drawing: (id, figure). Figure is "nam" (short hair), "nu" (long hair or bun) or
# "tap-the" (a collective: a group of silhouettes). Two published individuals, trinh-minh-tuan and
# hoang-van-son, are left out on purpose so that the site shows its no-photo placeholder.
PROFILES = [
    ("dang-thi-thu-huong", "nu"),
    ("nguyen-van-duong", "nam"),
    ("duong-thi-my-linh", "nu"),
    ("le-thi-hang", "nu"),
    ("vu-duc-loi", "nam"),
    ("ngo-thi-phuong", "nu"),
    ("tran-thi-ngoc-anh", "nu"),
    ("phung-ba-khanh", "nam"),
    ("bui-thanh-hai", "nam"),
    ("ly-thi-thoa", "nu"),
    ("tap-the-phong-quan-ly-dau-tu", "tap-the"),
    ("to-smt-so-2-sao-mai", "tap-the"),
    ("doan-thanh-nien-ban-quan-ly", "tap-the"),
    ("phong-an-toan-moi-truong-hai-dang", "tap-the"),
]

OUT_DIR = Path(__file__).resolve().parent.parent / "profiles" / "anh"
WIDTH, HEIGHT = 800, 1000
SUPERSAMPLE = 2
"""Drawn at twice the size and scaled down, for smooth (anti-aliased) edges."""
QUALITY = 85

BACKGROUNDS = [
    ((226, 237, 248), (168, 199, 230)),
    ((252, 236, 218), (232, 186, 156)),
    ((228, 244, 234), (156, 204, 178)),
    ((241, 232, 250), (192, 176, 224)),
    ((250, 245, 222), (222, 200, 136)),
    ((230, 244, 246), (150, 200, 206)),
    ((246, 230, 232), (214, 160, 170)),
]
SKINS = [(241, 208, 178), (229, 189, 153), (216, 171, 134), (236, 199, 166), (222, 181, 146)]
HAIRS = [(33, 29, 31), (52, 40, 36), (27, 27, 38), (68, 50, 42), (45, 35, 30)]
CLOTHES = [
    (31, 78, 121), (44, 92, 68), (120, 44, 54), (68, 70, 86), (24, 112, 136),
    (170, 112, 40), (88, 60, 120), (40, 50, 70),
]
SHIRTS = [(250, 250, 250), (232, 239, 250), (246, 236, 222), (236, 246, 240)]


def rng_for(profile_id: str) -> random.Random:
    """A random generator seeded by the profile id (stable across runs and Python versions)."""
    return random.Random(int.from_bytes(hashlib.sha256(profile_id.encode("utf-8")).digest()[:8], "big"))


def gradient(size: tuple[int, int], top: tuple, bottom: tuple, angle: float) -> Image.Image:
    """A two-colour linear gradient over `size`, rotated by `angle` degrees."""
    w, h = size
    side = math.ceil(math.hypot(w, h))
    mask = Image.linear_gradient("L").resize((side, side), Image.Resampling.BICUBIC)
    mask = mask.rotate(angle, resample=Image.Resampling.BICUBIC)
    left, upper = (side - w) // 2, (side - h) // 2
    mask = mask.crop((left, upper, left + w, upper + h))
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def halo(image: Image.Image, box: tuple, strength: int) -> Image.Image:
    """Lighten a soft, blurred ellipse behind the figure(s)."""
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(60 * SUPERSAMPLE))
    return Image.composite(Image.new("RGB", image.size, (255, 255, 255)), image, mask)


def shade(colour: tuple, factor: float) -> tuple:
    """`colour` darkened (factor below 1) or lightened (above 1)."""
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def draw_person(image: Image.Image, cx: float, cy: float, s: float, rng: random.Random, figure: str) -> None:
    """One head-and-shoulders silhouette; (cx, cy) is the centre of the head, `s` the scale."""
    s *= SUPERSAMPLE
    draw = ImageDraw.Draw(image)
    skin, hair = rng.choice(SKINS), rng.choice(HAIRS)
    cloth, shirt = rng.choice(CLOTHES), rng.choice(SHIRTS)
    rx, ry = 118 * s, 150 * s
    hair_style = rng.choice(["long", "bob", "bun"]) if figure == "nu" else rng.choice(["short", "side", "crop"])

    # Hair that falls behind the head and neck.
    if hair_style in ("long", "bob"):
        bottom = cy + ry + (190 if hair_style == "long" else 30) * s
        draw.rounded_rectangle((cx - rx - 24 * s, cy - ry * 0.4, cx + rx + 24 * s, bottom),
                               radius=(90 if hair_style == "long" else 120) * s, fill=hair)
    if hair_style == "bun":
        draw.ellipse((cx - 60 * s, cy - ry - 78 * s, cx + 60 * s, cy - ry + 40 * s), fill=hair)

    # Shoulders and clothing, cut by the bottom of the picture.
    top = cy + ry + 50 * s
    draw.rounded_rectangle((cx - 285 * s, top, cx + 285 * s, top + 900 * s), radius=190 * s, fill=cloth)
    collar = rng.choice(["v", "round", "v-tie"])
    if collar == "round":
        draw.chord((cx - 92 * s, top - 60 * s, cx + 92 * s, top + 70 * s), 0, 180, fill=shirt)
    else:
        draw.polygon([(cx - 90 * s, top + 2 * s), (cx + 90 * s, top + 2 * s), (cx, top + 170 * s)], fill=shirt)
        if collar == "v-tie":
            draw.polygon([(cx - 15 * s, top + 38 * s), (cx + 15 * s, top + 38 * s),
                          (cx + 23 * s, top + 145 * s), (cx, top + 172 * s), (cx - 23 * s, top + 145 * s)],
                         fill=rng.choice(CLOTHES))

    # Neck (a shade darker, as in the chin's shadow), ears, head.
    draw.rounded_rectangle((cx - 48 * s, cy + ry * 0.5, cx + 48 * s, top + 30 * s), radius=36 * s,
                           fill=shade(skin, 0.92))
    for side in (-1, 1):
        ear_x = cx + side * rx
        draw.ellipse((ear_x - 16 * s, cy - 6 * s, ear_x + 16 * s, cy + 50 * s), fill=shade(skin, 0.96))
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=skin)

    # Hair on the head: a cap a little larger than the head, less a tall "face opening" ellipse whose
    # upper edge is the hairline; short styles stop at the temples.
    size = image.size
    mask = Image.new("L", size, 0)
    masker = ImageDraw.Draw(mask)
    masker.ellipse((cx - rx - 9 * s, cy - ry - 15 * s, cx + rx + 9 * s, cy + ry + 6 * s), fill=255)
    shift = {"side": 26 * s, "crop": 0, "short": -10 * s}.get(hair_style, 0)
    width = {"long": 0.78, "bob": 0.82, "bun": 0.9}.get(hair_style, 0.92)
    hairline = {"crop": 0.72, "short": 0.58, "side": 0.55, "bun": 0.62}.get(hair_style, 0.5)
    masker.ellipse((cx + shift - rx * width, cy - ry * hairline, cx + shift + rx * width, cy + ry * 1.7), fill=0)
    if hair_style in ("short", "side", "crop", "bun"):
        masker.rectangle((0, cy - ry * 0.05, size[0], size[1]), fill=0)
    image.paste(hair, mask=mask)


def draw_portrait(profile_id: str, figure: str) -> Image.Image:
    """The drawing of one profile, at its final size."""
    rng = rng_for(profile_id)
    size = (WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE)
    top, bottom = rng.choice(BACKGROUNDS)
    image = gradient(size, top, bottom, rng.uniform(-35, 35))
    k = SUPERSAMPLE
    if figure == "tap-the":
        image = halo(image, (80 * k, 180 * k, 720 * k, 760 * k), 110)
        count = rng.randint(3, 5)
        back, front = count // 2, count - count // 2
        for i in range(back):  # back row, a little smaller and higher
            draw_person(image, WIDTH * k * (i + 1) / (back + 1), 400 * k, 0.48, rng, rng.choice(["nam", "nu"]))
        for i in range(front):
            draw_person(image, WIDTH * k * (i + 1) / (front + 1), 590 * k, 0.55, rng, rng.choice(["nam", "nu"]))
    else:
        image = halo(image, (150 * k, 180 * k, 650 * k, 720 * k), 120)
        draw_person(image, 400 * k, 440 * k, 1.0, rng, figure)
    return image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for profile_id, figure in PROFILES:
        path = OUT_DIR / f"{profile_id}.jpg"
        # No EXIF or other metadata is written: Pillow adds none unless asked.
        draw_portrait(profile_id, figure).save(path, "JPEG", quality=QUALITY, optimize=True)
        print(f"{path.relative_to(OUT_DIR.parent.parent)}  {path.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
