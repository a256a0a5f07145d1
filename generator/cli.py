"""The `vinhdanh` command: new, check, build, serve, schema.

Messages are in Vietnamese, for the editors who run it; exit status 0 means success, 1 means the inputs
have problems (all printed), 2 means the command was used wrongly.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .model import KIND_LABELS, ProfileData
from .problems import BuildFailed, InputError, visible
from .text import slugify
from .validate import Paths, load_site


def _paths(config_file: Path) -> Paths:
    from . import mkdocs_plugin

    return mkdocs_plugin.paths_from_config(config_file)


def cmd_check(args: argparse.Namespace) -> int:
    try:
        site = load_site(_paths(args.config))
    except InputError as error:
        print(error.problems.report(args.format))
        return 1
    warnings = site.problems.report(args.format)
    if warnings:
        print(warnings)
    if args.format == "text":
        print(f"Không có lỗi. {len(site.profiles)} hồ sơ sẽ được xuất bản.")
        labels = {"draft": "bản nháp", "scheduled": "hẹn ngày xuất bản", "no-consent":
                  "cá nhân chưa có 'consent' (đồng ý công bố thông tin), nên chưa xuất bản"}
        hidden = {p.id: p for p in site.skipped}
        for profile in site.profiles:
            for member in profile.data.members:
                if member.profile in hidden:
                    print(f"Lưu ý: {Path(profile.source).relative_to(site.root).as_posix()}: thành viên "
                          f"'{member.profile}' chưa được xuất bản nên chưa hiện trên trang tập thể.")
        for profile in site.skipped:
            when = f" từ {profile.publish_date:%d/%m/%Y}" if profile.status == "scheduled" else ""
            print(f"Lưu ý: {Path(profile.source).relative_to(site.root).as_posix()}: {labels[profile.status]}{when}.")
    if args.strict and site.problems.warnings:
        if args.format == "text":
            print("Còn cảnh báo; với --strict, cảnh báo cũng được tính là lỗi.")
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import SiteDirError, build_site

    paths = _paths(args.config)
    site_dir = args.site_dir or paths.root / "site"
    try:
        summary = build_site(paths, args.config, site_dir)
    except SiteDirError as error:
        print(error, file=sys.stderr)
        return 2
    except InputError as error:
        print(error.problems.report())
        print("Chưa xây dựng trang; trang cũ (nếu có) được giữ nguyên.")
        return 1
    except BuildFailed:
        print("Xây dựng thất bại (xem các dòng ERROR ở trên); trang cũ (nếu có) được giữ nguyên.")
        return 1
    if summary.warnings:
        print(summary.warnings)
    for line in summary.lines():
        print(line)
    return 0


class _PreviewFormatter(logging.Formatter):
    """The preview's terminal lines: the plugin's as they are (problems as `vinhdanh check` prints them),
    MkDocs' own with their level in Vietnamese."""

    LEVELS = {"WARNING": "Cảnh báo", "ERROR": "Lỗi", "CRITICAL": "Lỗi"}

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        label = self.LEVELS.get(record.levelname)
        return text if record.name.startswith("mkdocs.plugins.vinhdanh") or not label else f"{label}: {text}"


def cmd_serve(args: argparse.Namespace) -> int:
    from . import mkdocs_plugin

    for handler in logging.getLogger().handlers:
        handler.setFormatter(_PreviewFormatter("%(message)s"))
    logging.getLogger("mkdocs.plugins.vinhdanh").setLevel(logging.INFO)  # what the preview is doing
    try:
        mkdocs_plugin.serve(args.config, args.dev_addr)
    except mkdocs_plugin.ServeError as error:
        print(visible(str(error)), file=sys.stderr)
        return 1
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from . import report

    try:
        site = load_site(_paths(args.config))
    except InputError as error:
        print(error.problems.report())
        print("Hãy sửa các lỗi trên trước khi lập báo cáo.")
        return 1
    rows = report.nomination_rows(site)
    print(report.as_table(rows))
    print(report.summary(rows))
    csv_path, markdown_path = args.output_dir / "de-cu.csv", args.output_dir / "de-cu.md"
    try:
        args.output_dir.mkdir(parents=True, exist_ok=True)
        csv_path.write_bytes(report.as_csv(rows))
        markdown_path.write_text(report.as_markdown(rows), encoding="utf-8")
    except OSError as error:
        print(visible(f"Không ghi được báo cáo vào {error.filename or args.output_dir}: {error.strerror}."),
              file=sys.stderr)
        return 1
    print(visible(f"Đã ghi {csv_path} và {markdown_path}."))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from . import importer
    from .problems import Problems
    from .validate import load_registries, today_in_hanoi

    if args.template:
        try:
            importer.write_template(args.template)
        except FileExistsError:
            print(visible(f"Đã có {args.template}; không ghi đè."), file=sys.stderr)
            return 1
        except OSError as error:
            print(visible(f"Không ghi được {args.template}: {error.strerror}."), file=sys.stderr)
            return 1
        print(visible(f"Đã tạo mẫu {args.template}: mỗi dòng một đề cử, giữ nguyên tên các cột."))
        return 0
    if not args.file:
        print("Cần tệp .xlsx hoặc .csv (hoặc --template TỆP để lấy mẫu trống).", file=sys.stderr)
        return 2
    paths = _paths(args.config)
    problems = Problems(paths.root)
    registries = load_registries(paths.data, problems)
    result = importer.import_nominations(args.file, paths.profiles, registries, today_in_hanoi(), problems)
    for line in result.skipped:
        print(visible(f"Bỏ qua {line}."))
    for path in result.created:
        print(visible(f"Đã tạo {problems.relative(path)} (bản nháp)."))
    if problems.items:
        print(problems.report())
    if problems and not result.created:
        print("Chưa nhập dòng nào; hãy sửa các dòng trên rồi nhập lại.")
        return 1
    print(f"Đã nhập {len(result.created)} đề cử; kiểm tra rồi đổi 'draft: true' thành false để xuất bản.")
    return 1 if problems else 0


def profile_schema() -> dict:
    """JSON Schema of the profile format, for editors that check YAML as it is typed."""
    schema = ProfileData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def cmd_schema(args: argparse.Namespace) -> int:
    text = json.dumps(profile_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


PROFILE_TEMPLATE = """---
name: {name}
kind: {kind}
unit: {unit}
{kind_fields}position: # Chức vụ
photo: # anh/{slug}.jpg
movements: []
awards: []
#  - title: Chiến sĩ thi đua cơ sở
#    year: 2024
#    decision: Quyết định số .../QĐ-BQL
#    date: "2024-12-20"
#    issuer: Trưởng Ban Quản lý
highlights: []
draft: true # Đổi thành false khi hồ sơ đã sẵn sàng
---

Viết câu chuyện về {name} ở đây.
"""


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise SystemExit(f"Thiếu thông tin: {prompt.strip(': ')} (dùng tham số dòng lệnh)")
    return input(prompt).strip()


def cmd_new(args: argparse.Namespace) -> int:
    paths = _paths(args.config)
    name = args.name or _ask("Họ tên cá nhân hoặc tên tập thể: ")
    kind = args.kind or ("collective" if _ask("Tập thể? (c/k) [k]: ").lower().startswith("c") else "individual")
    unit = args.unit or _ask("Đơn vị (mã hoặc tên trong data/units.yml): ")
    if not name or not unit:
        print("Cần có tên và đơn vị.", file=sys.stderr)
        return 2
    slug = slugify(name)
    target = paths.profiles / f"{slug}.md"
    if target.exists() or target.with_suffix(".yml").exists():
        print(f"Đã có hồ sơ {target.relative_to(paths.root)}; không ghi đè.", file=sys.stderr)
        return 1
    kind_fields = ("honorific: # Ông / Bà / Đồng chí\nbirth_year:\nconsent: # date: \"2025-05-20\"\n"
                   if kind == "individual" else "headcount:\nmembers: []\n")
    paths.profiles.mkdir(parents=True, exist_ok=True)
    target.write_text(PROFILE_TEMPLATE.format(name=json.dumps(name, ensure_ascii=False), kind=kind,
                                              unit=json.dumps(unit, ensure_ascii=False), slug=slug,
                                              kind_fields=kind_fields), encoding="utf-8")
    print(f"Đã tạo {target.relative_to(paths.root)} ({KIND_LABELS[kind].lower()}, bản nháp).")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of `vinhdanh`."""
    top = argparse.ArgumentParser(prog="vinhdanh", description="Trang tôn vinh điển hình tiên tiến.")
    top.add_argument("-f", "--config", type=Path, default=Path("mkdocs.yml"),
                     help="tệp cấu hình mkdocs.yml (mặc định: ./mkdocs.yml)")
    sub = top.add_subparsers(dest="command", required=True, metavar="LỆNH")

    new = sub.add_parser("new", help="tạo hồ sơ mới từ mẫu")
    new.add_argument("name", nargs="?", help="họ tên hoặc tên tập thể")
    new.add_argument("--kind", choices=sorted(KIND_LABELS), help="individual (cá nhân) hoặc collective (tập thể)")
    new.add_argument("--unit", help="mã hoặc tên đơn vị")
    new.set_defaults(run=cmd_new)

    check = sub.add_parser("check", help="kiểm tra mọi hồ sơ và danh mục")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: in chú thích cho GitHub Actions")
    check.add_argument("--strict", action="store_true",
                       help="cảnh báo cũng là lỗi (dùng khi kiểm tra pull request)")
    check.set_defaults(run=cmd_check)

    build = sub.add_parser("build", help="kiểm tra rồi xây dựng trang")
    build.add_argument("-d", "--site-dir", type=Path, help="thư mục xuất (mặc định: ./site)")
    build.set_defaults(run=cmd_build)

    serve = sub.add_parser("serve", help="xem trước, tự tải lại khi hồ sơ thay đổi")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng")
    serve.set_defaults(run=cmd_serve)

    report = sub.add_parser("report", help="báo cáo tình hình đề cử theo đơn vị (bảng, CSV, Markdown)")
    report.add_argument("-o", "--output-dir", type=Path, default=Path("bao-cao"), help="thư mục ghi CSV và Markdown")
    report.set_defaults(run=cmd_report)

    imp = sub.add_parser("import", help="nhập đề cử từ tệp Excel (.xlsx) hoặc .csv theo mẫu")
    imp.add_argument("file", nargs="?", type=Path, help="tệp đề cử")
    imp.add_argument("--template", type=Path, help="ghi mẫu trống (.xlsx) vào tệp này")
    imp.set_defaults(run=cmd_import)

    schema = sub.add_parser("schema", help="in JSON Schema của định dạng hồ sơ")
    schema.add_argument("-o", "--output", type=Path, help="ghi ra tệp thay vì in ra màn hình")
    schema.set_defaults(run=cmd_schema)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if not args.config.is_file():
        print(f"Không tìm thấy {args.config}; hãy chạy trong thư mục dự án hoặc dùng -f.", file=sys.stderr)
        return 2
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
