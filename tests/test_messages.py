"""The interface's English (theme/messages/en.yml): complete, without dead entries, and checked as input."""

import ast
import datetime as dt
import re
from pathlib import Path

import jinja2
import yaml
from jinja2 import nodes

from generator import messages, routes
from generator.messages import Catalogue, load_catalogue, source_text
from generator.problems import Problems
from tests.helpers import REPO

THEME = REPO / "theme"
CATALOGUE = THEME / "messages" / "en.yml"
LABEL_TABLES = ("KIND_LABELS", "LEVEL_LABELS", "UNIT_GROUP_LABELS", "KIND_HEADINGS", "KIND_TITLES", "STATS",
                "STATES", "LABELS", "ITEM_KINDS", "SORTS", "UNNAMED_SPEAKER", "TBA", "EXPLORER_TITLE", "EXPLORER_INTRO")
"""Python tables of interface text that reach English pages through `t(value)`: their values are keys."""


def template_keys() -> dict[str, str]:
    """Every constant `t("…")` of the theme's templates and fragments, with where it is."""
    env = jinja2.Environment()
    keys = {}
    for path in sorted(THEME.rglob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == "t" and call.args \
                    and isinstance(call.args[0], nodes.Const):
                keys[call.args[0].value] = f"{path.relative_to(REPO)}:{call.lineno}"
    return keys


def python_keys() -> dict[str, str]:
    """Every constant `t("…")` / `templates.t("…", lang)` of the generator, and the values of its label tables."""
    keys = {}
    for path in sorted((REPO / "generator").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(REPO)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) \
                    and ((isinstance(node.func, ast.Name) and node.func.id == "t")
                         or (isinstance(node.func, ast.Attribute) and node.func.attr == "t")):
                keys[node.args[0].value] = where
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in LABEL_TABLES
                                                    for t in node.targets):
                for value in ast.walk(node.value):
                    if isinstance(value, ast.Constant) and isinstance(value.value, str) \
                            and any(ch not in "abcdefghijklmnopqrstuvwxyz_-" for ch in value.value):
                        keys[value.value] = where
    return keys


def config_keys() -> dict[str, str]:
    """The texts of mkdocs.yml the theme translates: the site's name, description, author and copyright, and
    the titles of the English navigation (the entries whose pages have an English twin)."""
    config = yaml.safe_load(re.sub(r"!!python/\S+", "", (REPO / "mkdocs.yml").read_text(encoding="utf-8")))
    keys = {config[name]: f"mkdocs.yml: {name}" for name in ("site_name", "site_description", "site_author",
                                                            "copyright") if config.get(name)}

    def titles(items: list) -> None:
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list) or routes.has_english(value):  # news and the contest: Vietnamese only
                        keys[title] = "mkdocs.yml: nav"
                    if isinstance(value, list):
                        titles(value)

    titles(config.get("nav", []))
    return {key.strip(): where for key, where in keys.items()}


def catalogue() -> Catalogue:
    problems = Problems(REPO)
    result = load_catalogue((THEME,), problems)
    assert not problems.items, problems.report()
    return result


def test_every_interface_text_has_its_english_and_every_entry_is_used():
    used = {**config_keys(), **python_keys(), **template_keys()}
    entries = catalogue().entries
    missing = {key: where for key, where in used.items() if key not in entries}
    assert not missing, "thiếu bản dịch tiếng Anh trong theme/messages/en.yml:\n" + "\n".join(
        f"{where}: {key}" for key, where in sorted(missing.items(), key=lambda kv: kv[1]))
    unused = sorted(set(entries) - set(used) - {source_text(k) for k in used})
    assert not unused, f"bản dịch không còn dùng ở đâu: {unused}"


def test_an_english_entry_keeps_the_placeholders_and_a_count_has_both_forms(tmp_path: Path):
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "en.yml").write_text(
        '"{n} hồ sơ":\n  one: "{n} profile"\n  other: "{n} profiles"\n'
        '"Tin bài về {name}": "News about"\n'
        '"{n} kết quả":\n  one: "{n} result"\n'
        '"Xem thêm": ""\n'
        '"Trang chủ": Home\n', encoding="utf-8")
    problems = Problems(tmp_path)
    result = load_catalogue((tmp_path,), problems)
    assert [str(p) for p in problems.sorted()] == [
        "messages/en.yml:4: Tin bài về {name}: bản dịch phải có đúng các chỗ điền của câu gốc ({name})",
        "messages/en.yml:5: {n} kết quả: bản dịch số nhiều cần đúng hai dạng 'one' và 'other'",
        "messages/en.yml:7: Xem thêm: thiếu bản dịch tiếng Anh",
    ]
    assert result.translate("{n} hồ sơ", "en", n=1) == "1 profile"
    assert result.translate("{n} hồ sơ", "en", n="1,250") == "1,250 profiles"
    assert result.translate("{n} hồ sơ", "vi", n="1.250") == "1.250 hồ sơ"
    assert result.translate("Trang chủ", "en") == "Home"


def test_a_broken_catalogue_stops_the_build_with_its_line(tmp_path: Path):
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "en.yml").write_text('"Trang chủ": [Home\n', encoding="utf-8")
    problems = Problems(tmp_path)
    load_catalogue((tmp_path,), problems)
    assert problems and problems.sorted()[0].path == "messages/en.yml"


def test_dates_and_numbers_in_each_language():
    day = dt.date(2025, 6, 19)
    moment = dt.datetime(2025, 6, 19, 8, 0)
    assert messages.format_date_in(day, "vi") == "19/6/2025"
    assert messages.format_date_in(day, "en") == "19 June 2025"
    assert messages.format_instant_in(moment, "vi") == "08:00, thứ Năm, 19/6/2025"
    assert messages.format_instant_in(moment, "en") == "Thursday 19 June 2025, 08:00"
    assert messages.format_number_in(1250, "vi") == "1.250"
    assert messages.format_number_in(1250, "en") == "1,250"
