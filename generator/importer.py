"""Import nominations sent by units as spreadsheets (.xlsx or .csv) into profile files.

Units fill in the blank template (`vinhdanh import --template`): one row a nominee, Vietnamese headers.
Every row is validated as `check` validates a profile (the row number is its line); valid rows become
draft profiles in `profiles/` for the editors to review, invalid rows are reported, and no existing file
is ever overwritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems
from .readers import Document, ReadError, decode
from .text import clean_line, fold, slugify
from .validate import ProfileSource, Registries, load_profile

AWARD_SLOTS = 3
"""Award column groups in the template (a nominee with more awards adds them in the profile later)."""

# Template header -> profile field; "{n}" columns repeat for each award slot.
COLUMNS: dict[str, str] = {
    "Họ và tên (hoặc tên tập thể)": "name",
    "Cá nhân hay tập thể": "kind",
    "Đơn vị": "unit",
    "Danh xưng": "honorific",
    "Học hàm, học vị": "prefix",
    "Năm sinh": "birth_year",
    "Chức vụ": "position",
    "Số người (tập thể)": "headcount",
    "Phong trào thi đua (cách nhau bởi dấu ;)": "movements",
    "Thành tích nổi bật (mỗi ý một dòng)": "highlights",
    "Tên bài tham luận": "paper.title",
    "Tóm tắt tham luận": "paper.summary",
    "Ngày đồng ý công bố thông tin": "consent.date",
    "Hình thức lưu sự đồng ý": "consent.note",
    "Câu chuyện": "story",
    **{f"Khen thưởng {n}: danh hiệu, hình thức": f"awards.{n}.title" for n in range(1, AWARD_SLOTS + 1)},
    **{f"Khen thưởng {n}: số quyết định": f"awards.{n}.decision" for n in range(1, AWARD_SLOTS + 1)},
    **{f"Khen thưởng {n}: ngày quyết định": f"awards.{n}.date" for n in range(1, AWARD_SLOTS + 1)},
    **{f"Khen thưởng {n}: cấp quyết định": f"awards.{n}.issuer" for n in range(1, AWARD_SLOTS + 1)},
}
_BY_FOLDED = {fold(clean_line(header)): key for header, key in COLUMNS.items()}
KINDS = {"ca nhan": "individual", "individual": "individual", "tap the": "collective", "collective": "collective"}


@dataclass
class ImportResult:
    """What an import did."""

    created: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Rows not imported because their profile file exists already."""


def _cell(value: Any) -> Any:
    """A spreadsheet cell as text or a number: Excel dates to ISO dates, stray spaces removed."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        # Stray spaces (doubled, leading, non-breaking) go; line breaks stay for lists and stories.
        text = "\n".join(clean_line(line) for line in value.replace("\r\n", "\n").split("\n")).strip()
        return text or None
    return value


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Headers and (row number, cells) of the first sheet of an .xlsx, or of a .csv (UTF-8, `,` or `;`)."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [(i, [_cell(c) for c in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    elif path.suffix.lower() == ".csv":
        text = decode(path.read_bytes())
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t") if text.strip() else csv.excel
        rows = [(i, [_cell(c) for c in row]) for i, row in enumerate(csv.reader(io.StringIO(text), dialect), 1)]
    else:
        raise ReadError("chỉ nhận tệp .xlsx hoặc .csv")
    if not rows:
        raise ReadError("tệp không có dòng nào")
    headers = [clean_line(str(h)) if h is not None else "" for h in rows[0][1]]
    return headers, [(i, cells) for i, cells in rows[1:] if any(c is not None for c in cells)]


def _profile_data(headers: list[str], cells: list[Any]) -> tuple[dict[str, Any], str]:
    """The profile fields of one row, and its story."""
    data: dict[str, Any] = {}
    awards: dict[int, dict[str, Any]] = {}
    story = ""
    for header, value in zip(headers, cells, strict=False):
        key = _BY_FOLDED.get(fold(header))
        if key is None or value is None:
            continue
        if key == "story":
            story = str(value)
        elif key == "kind":
            data["kind"] = KINDS.get(fold(str(value)), str(value))
        elif key == "movements":
            data["movements"] = [m.strip() for m in str(value).replace("\n", ";").split(";") if m.strip()]
        elif key == "highlights":
            data["highlights"] = [h.strip(" -•") for h in str(value).split("\n") if h.strip(" -•")]
        elif key.startswith("awards."):
            _, slot, name = key.split(".")
            awards.setdefault(int(slot), {})[name] = value
        elif "." in key:
            group, name = key.split(".")
            data.setdefault(group, {})[name] = value
        else:
            data[key] = value
    if awards:
        data["awards"] = [awards[n] for n in sorted(awards)]
    return data, story


def write_profile(path: Path, data: dict[str, Any], story: str) -> None:
    """Write a profile file (front matter + story); refuses to replace an existing file."""
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110) + "---\n\n" + story.strip()
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text.rstrip() + "\n")


def import_nominations(source: Path, profiles_dir: Path, registries: Registries, today: dt.date,
                       problems: Problems) -> ImportResult:
    """Validate every row of `source`; write the valid, new ones as draft profiles (only if all are valid)."""
    result = ImportResult()
    try:
        headers, rows = read_rows(source)
    except ReadError as error:
        problems.add(source, error.line, "", error.message)
        return result
    unknown = [h for h in headers if h and fold(h) not in _BY_FOLDED]
    if unknown:
        problems.add(source, 1, "", "cột không có trong mẫu: " + ", ".join(f"'{h}'" for h in unknown)
                     + " (dùng mẫu từ `vinhdanh import --template`)")
    pending = []
    for row, cells in rows:
        data, story = _profile_data(headers, cells)
        data["draft"] = True  # editors review before publishing
        doc = Document(data, {(): row})  # every field of the row reports the row's number as its line
        before = len(problems)
        profile = load_profile(ProfileSource(source, doc, story, source), registries, profiles_dir, today, problems)
        if profile is None or len(problems) > before:
            continue
        target = profiles_dir / f"{slugify(str(data['name']))}.md"
        if target.exists() or target.with_suffix(".yml").exists() or any(t == target for t, _, _ in pending):
            result.skipped.append(f"dòng {row}: đã có {target.name}, không ghi đè")
            continue
        pending.append((target, data, story))
    if problems:
        return result
    profiles_dir.mkdir(parents=True, exist_ok=True)
    for target, data, story in pending:
        write_profile(target, data, story)
        result.created.append(target)
    return result


def write_template(path: Path) -> None:
    """The blank nomination template with its Vietnamese headers and one example row."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "De cu"
    sheet.append(list(COLUMNS))
    sheet.append(["Nguyễn Văn An (ví dụ, hãy xóa dòng này)", "Cá nhân", "Văn phòng", "Ông", "ThS.", 1985,
                  "Chuyên viên", None, "Đẩy mạnh cải cách hành chính", "Rút ngắn thời gian giải quyết hồ sơ",
                  "Số hóa hồ sơ một cửa", None, dt.date(2025, 5, 20), "Phiếu đồng ý, lưu tại Văn phòng", None,
                  "Chiến sĩ thi đua cơ sở", "Quyết định số 315/QĐ-BQL", dt.date(2024, 12, 20), "Trưởng Ban Quản lý"])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="A3161D")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
    sheet.freeze_panes = "B2"
    book.save(path)
