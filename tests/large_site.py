"""A synthetic large site: the sample profiles among N generated ones that compete with them in search.

The generated profiles mention sample people in their stories ("phối hợp cùng bà Đặng Thị Thu Hường"),
use the verb "đang" everywhere, and have names, units, movements and awards chosen so that none of them is
a right answer to a query of the battery: a search that still finds the sample pages first ranks a name
above a mention in someone else's story. Used by tests/test_search.py (N = 300) and bench/search_speed.py
(N = 1,000 and 5,000).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FAMILY = ["Cao", "Tạ", "Kiều", "Quách", "Lục", "Châu", "Mạc", "Khúc", "Giáp", "La"]
MIDDLE = ["Hồng", "Xuân", "Bích", "Kim", "Gia", "Thế", "Như", "Bảo"]
GIVEN = ["Nhung", "Quyên", "Tùng", "Hiếu", "Thắng", "Toàn", "Yên", "Kiên", "Nhi", "Uyên", "Quế", "Vinh"]
UNITS = ["lanh-dao-ban", "phong-quan-ly-doanh-nghiep-lao-dong", "cong-doan-ban-quan-ly", "bao-bi-la-sen"]
AWARDS = ["Lao động tiên tiến", "Giấy khen", "Chiến sĩ thi đua cơ sở"]
MENTIONED = ["Đặng Thị Thu Hường", "Nguyễn Văn Dương", "Dương Thị Mỹ Linh", "Trần Thị Ngọc Ánh", "Vũ Đức Lợi",
             "Lê Thị Hằng", "Phùng Bá Khánh", "Ngô Thị Phượng", "Hoàng Văn Sơn", "Trịnh Minh Tuấn"]
STORY = """{name} hiện đang công tác tại đơn vị với {years} năm kinh nghiệm, luôn hoàn thành tốt nhiệm vụ
được giao và đang tham gia nhiều hoạt động chung của cơ quan.

Trong năm, {name} phối hợp cùng {mentioned} trong công việc chuyên môn, học hỏi kinh nghiệm giải quyết
thủ tục cho {count} hồ sơ và đang hướng dẫn đồng nghiệp mới.
"""


def generate_large_project(root: Path, n: int, seed: int = 7) -> Path:
    """Write a project with the repository's sample profiles and `n` generated ones into `root`."""
    if (root / "profiles").is_dir() and len(list((root / "profiles").glob("g*.md"))) == n:
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("content", "theme", "data", "profiles"):
        shutil.copytree(REPO / name, root / name)
    rng = random.Random(seed)
    for i in range(n):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {i}"
        awards = "".join(
            f"\n  - title: {title}\n    year: {2021 + (i + j) % 5}\n    issuer: Chủ tịch Công đoàn"
            for j, title in enumerate(rng.sample(AWARDS, 2)))
        text = (f"---\nname: {name}\nkind: individual\nunit: {rng.choice(UNITS)}\nposition: Chuyên viên\n"
                f"awards:{awards}\nconsent:\n  date: \"2025-05-20\"\n---\n\n"
                + STORY.format(name=name, years=3 + i % 20, mentioned=rng.choice(MENTIONED), count=10 + i % 90))
        (root / "profiles" / f"g{i:05d}.md").write_text(text, encoding="utf-8")
    return root
