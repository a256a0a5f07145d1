"""The nomination report: per unit, who is nominated and what their file still lacks.

The plan asks every unit for one individual or one collective, with a paper for the conference. The
report lists every unit of the registry, its nominees (drafts and scheduled ones included: they are
nominations in progress) and what each lacks: photo, consent (individuals), paper, award record.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .model import KIND_LABELS, STATUS_LABELS, Profile, Site
from .problems import visible
from .render_opendata import excel_csv

HEADERS = ["Đơn vị", "Đề cử", "Loại", "Tình trạng", "Còn thiếu", "Ghi chú"]


@dataclass
class Row:
    """One line of the report: a nominee, or a unit without one."""

    unit: str
    nominee: str
    kind: str
    status: str
    missing: str
    note: str

    def cells(self) -> list[str]:
        return [self.unit, self.nominee, self.kind, self.status, self.missing, self.note]


def _capitalised(text: str) -> str:
    """A cell's text starting with a capital letter, as the table's other cells do."""
    return text[:1].upper() + text[1:]


def missing(profile: Profile) -> list[str]:
    """What a nominee's file lacks for the conference."""
    lacks = []
    if profile.photo is None:
        lacks.append("ảnh")
    if profile.kind == "individual" and profile.data.consent is None:
        lacks.append("đồng ý công bố")
    if profile.data.paper is None:
        lacks.append("tham luận")
    if not profile.awards:
        lacks.append("khen thưởng")
    return lacks


def nomination_rows(site: Site) -> list[Row]:
    """The report's rows, units in registry order, nominees in the default order."""
    nominees: dict[str, list[Profile]] = {}
    for profile in sorted(site.profiles + site.skipped, key=Profile.sort_key):
        nominees.setdefault(profile.unit.id, []).append(profile)
    rows = []
    for unit in site.registries.units.entries:
        mine = nominees.get(unit.id, [])
        if not mine:
            rows.append(Row(unit.name, "", "", "", "", "Chưa có đề cử"))
        for profile in mine:
            note = f"Có {len(mine)} đề cử (mỗi đơn vị 01)" if len(mine) > 1 else ""
            rows.append(Row(unit.name, profile.name, KIND_LABELS[profile.kind], _capitalised(STATUS_LABELS[profile.status]),
                            ", ".join(missing(profile)), note))
    return rows


def summary(rows: list[Row]) -> str:
    """One line: units with no nominee, with several, and nominees with something missing."""
    units = {r.unit for r in rows}
    empty = sum(1 for r in rows if not r.nominee)
    several = len({r.unit for r in rows if r.note.startswith("Có ")})
    incomplete = sum(1 for r in rows if r.missing)
    return (f"{len(units)} đơn vị: {empty} chưa có đề cử, {several} có hơn một đề cử; "
            f"{incomplete} hồ sơ còn thiếu thông tin.")


def as_table(rows: list[Row], width: int = 36) -> str:
    """A fixed-width table for the terminal (long cells shortened with an ellipsis; control characters shown
    as `<U+001B>`, never sent to the terminal)."""
    def cut(text: str) -> str:
        text = visible(text)
        return text if len(text) <= width else text[: width - 1] + "…"

    table = [HEADERS] + [[cut(c) for c in r.cells()] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def as_csv(rows: list[Row]) -> bytes:
    """CSV for Excel (`excel_csv`: UTF-8 with a byte-order mark, no cell read as a formula)."""
    return excel_csv([HEADERS, *(r.cells() for r in rows)])


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|])")


def as_markdown(rows: list[Row]) -> str:
    """A Markdown table (for a pull request comment or the repository); cells are text, never markup."""
    def cell(text: str) -> str:
        return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False)) or " "

    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(cell(c) for c in r.cells()) + " |" for r in rows]
    return "# Tình hình đề cử điển hình tiên tiến\n\n" + summary(rows) + "\n\n" + "\n".join(lines) + "\n"


# --- the writing contest ----------------------------------------------------------------------------------

CONTEST_HEADERS = ["Đợt thi", "Đơn vị", "Kết quả", "Số bài"]


def contest_rows(site: Site) -> list[list[str]]:
    """Entries of the writing contest counted per round (its folder), unit and result (every round, published or not: the
    report is for the organisers); units in Vietnamese order, prizes highest first."""
    from .model import PRIZES
    from .text import collation_key

    order = [*PRIZES.values(), "Không đạt giải"]
    rows = []
    for contest_round in site.contest:
        counts: dict[tuple[str, str], int] = {}
        for entry in contest_round.entries:
            key = (entry.data.unit, entry.result_label)
            counts[key] = counts.get(key, 0) + 1
        for (unit, result), n in sorted(counts.items(), key=lambda kv: (collation_key(kv[0][0]), order.index(kv[0][1]))):
            rows.append([contest_round.source.parent.name, unit, result, str(n)])
    return rows


def contest_summary(site: Site) -> str:
    """One line: rounds, entries, and entries per result."""
    entries = [e for r in site.contest for e in r.entries]
    by_result: dict[str, int] = {}
    for entry in sorted(entries, key=lambda e: e.sort_key()):
        by_result[entry.result_label] = by_result.get(entry.result_label, 0) + 1
    parts = ", ".join(f"{label}: {n}" for label, n in by_result.items())
    return f"Cuộc thi viết: {len(site.contest)} đợt thi, {len(entries)} bài dự thi" + (f" ({parts})." if parts else ".")


def contest_table(rows: list[list[str]], width: int = 36) -> str:
    """The contest's rows as a fixed-width table for the terminal (as `as_table`)."""
    def cut(text: str) -> str:
        text = visible(text)
        return text if len(text) <= width else text[: width - 1] + "…"

    table = [CONTEST_HEADERS] + [[cut(c) for c in r] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(CONTEST_HEADERS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def contest_csv(rows: list[list[str]]) -> bytes:
    """The contest's rows as CSV for Excel (`excel_csv`)."""
    return excel_csv([CONTEST_HEADERS, *rows])
