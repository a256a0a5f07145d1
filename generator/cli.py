"""The `vinhdanh` command: new, check, build, serve, report, import, booklet, schema.

Messages are in Vietnamese, for the editors who run it; exit status 0 means success, 1 means the inputs
have problems (all printed), 2 means the command was used wrongly.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from .build import check_site
from .load import Paths, load_site
from .model import KIND_LABELS, STATUS_LABELS, ProfileData
from .problems import BuildFailed, InputError, visible
from .text import slugify


def _paths(config_file: Path) -> Paths:
    from . import mkdocs_plugin

    return mkdocs_plugin.paths_from_config(config_file)


NO_CONSENT_HINT = " (cá nhân cần 'consent', ngày đồng ý công bố thông tin, để được xuất bản)"
"""What `check` adds to the status of an individual waiting for consent: what the file needs."""


def cmd_check(args: argparse.Namespace) -> int:
    try:
        site = check_site(_paths(args.config))
    except InputError as error:
        print(error.problems.report(args.format))
        return 1
    warnings = site.problems.report(args.format)
    if warnings:
        print(warnings)
    if args.format == "text":
        print(f"Không có lỗi. {len(site.profiles)} hồ sơ sẽ được xuất bản.")
        hidden = {p.id: p for p in site.skipped}
        for profile in site.profiles:
            for member in profile.data.members:
                if member.profile in hidden:
                    print(f"Lưu ý: {Path(profile.source).relative_to(site.root).as_posix()}: thành viên "
                          f"'{member.profile}' chưa được xuất bản nên chưa hiện trên trang tập thể.")
        for profile in site.skipped:
            when = f" từ {profile.publish_date:%d/%m/%Y}" if profile.status == "scheduled" else ""
            why = NO_CONSENT_HINT if profile.status == "no-consent" else ""
            print(f"Lưu ý: {Path(profile.source).relative_to(site.root).as_posix()}: {STATUS_LABELS[profile.status]}"
                  f"{when}{why}.")
        if site.articles or site.skipped_articles:
            print(f"{len(site.articles)} tin bài sẽ được đăng.")
        for contest_round in site.contest:
            shown = "đã công bố kết quả" if contest_round.published else "chưa công bố kết quả"
            print(f"Cuộc thi viết: {contest_round.source.parent.name}: {len(contest_round.entries)} bài dự thi, {shown}.")
        for article in site.skipped_articles:
            when = f" từ {article.publish_date:%d/%m/%Y}" if article.status == "scheduled" else ""
            print(f"Lưu ý: {Path(article.source).relative_to(site.root).as_posix()}: {STATUS_LABELS[article.status]}"
                  f"{when}.")
    if args.strict and site.problems.warnings:
        if args.format == "text":
            print("Còn cảnh báo; với --strict, cảnh báo cũng được tính là lỗi.")
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import SiteDirError
    from .publish import AddressError, build_site

    paths = _paths(args.config)
    site_dir = args.site_dir or paths.root / "site"
    try:
        summary = build_site(paths, args.config, site_dir, site_url=args.site_url, deploy=args.deploy)
    except (SiteDirError, AddressError) as error:
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


def cmd_booklet(args: argparse.Namespace) -> int:
    import time

    from . import mkdocs_plugin
    from .booklet import BookletError, make_booklet
    from .build import load
    from .publish import is_example_address

    started = time.perf_counter()
    paths = _paths(args.config)
    output: Path = args.output or paths.root / ("ky-yeu.pdf" if args.size == "A4" else f"ky-yeu-{args.size.lower()}.pdf")
    site_url = args.site_url or mkdocs_plugin.configured_site_url(args.config)
    try:
        site = load(paths)
    except InputError as error:
        print(error.problems.report())
        print("Chưa tạo kỷ yếu: hãy sửa các lỗi trên trước.")
        return 1

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        pdf = make_booklet(site, paths, site_url, args.size, progress=progress)
    except InputError as error:
        print(error.problems.report())
        print("Chưa tạo kỷ yếu: hãy sửa các lỗi trên trước.")
        return 1
    except BookletError as error:
        print(visible(str(error)), file=sys.stderr)
        return 1
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf)
    except OSError as error:
        print(visible(f"Không ghi được {output}: {error.strerror}."), file=sys.stderr)
        return 1
    print(visible(f"Đã ghi {output}: kỷ yếu khổ {args.size}, {len(site.profiles)} hồ sơ đã xuất bản, "
                  f"{len(pdf) / 1e6:.1f} MB, trong {time.perf_counter() - started:.1f} giây."))
    if not site_url:
        print("Lưu ý: chưa có địa chỉ công khai (site_url) nên kỷ yếu không có mã QR; dùng --site-url ĐỊA_CHỈ.")
    elif is_example_address(site_url):
        print(visible(f"Lưu ý: mã QR trỏ tới địa chỉ mẫu {site_url}; trước khi in, hãy tạo lại với "
                      "--site-url và địa chỉ thật của trang."))
    return 0


def _site_url(text: str) -> str:
    """`--site-url`'s value as a public address, or argparse's error in Vietnamese."""
    from .publish import AddressError, site_address

    try:
        return site_address(text)
    except AddressError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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
    contest = report.contest_rows(site)
    if site.contest:
        print()
        print(report.contest_table(contest))
        print(report.contest_summary(site))
    csv_path, markdown_path = args.output_dir / "de-cu.csv", args.output_dir / "de-cu.md"
    try:
        args.output_dir.mkdir(parents=True, exist_ok=True)
        csv_path.write_bytes(report.as_csv(rows))
        if site.contest:
            (args.output_dir / "cuoc-thi-viet.csv").write_bytes(report.contest_csv(contest))
        markdown_path.write_text(report.as_markdown(rows), encoding="utf-8")
    except OSError as error:
        print(visible(f"Không ghi được báo cáo vào {error.filename or args.output_dir}: {error.strerror}."),
              file=sys.stderr)
        return 1
    written = f"{csv_path}, {args.output_dir / 'cuoc-thi-viet.csv'} và {markdown_path}" if site.contest \
        else f"{csv_path} và {markdown_path}"
    print(visible(f"Đã ghi {written}."))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from . import importer
    from .load import load_registries, today_in_hanoi
    from .problems import Problems

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
        print(importer.report(problems, args.file))
    if problems and not result.created:
        print("Chưa nhập dòng nào; hãy sửa các dòng trên rồi nhập lại.")
        return 1
    if not result.created:
        print("Không có đề cử mới nào để nhập.")
    else:
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
{kind_fields}photo: # anh/{slug}.jpg
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

{story}
"""
KIND_FIELDS = {
    "individual": """honorific: # Ông / Bà / Đồng chí
birth_year:
position: # Chức vụ
consent: # Ngày đồng ý công bố thông tin: bỏ dấu # ở dòng dưới và ghi ngày
#  date: "2025-05-20"
""",
    "collective": """headcount: # Số người
members: []
""",
}
"""The fields of a new profile that only its kind has."""


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise SystemExit(f"Thiếu thông tin: {prompt.strip(': ')} (dùng tham số dòng lệnh)")
    return input(prompt).strip()


def cmd_new(args: argparse.Namespace) -> int:
    from .load import PLACEHOLDER_STORY, load_registries
    from .problems import Problems

    paths = _paths(args.config)
    name = args.name or _ask("Họ tên cá nhân hoặc tên tập thể: ")
    kind = args.kind or ("collective" if _ask("Tập thể? (c/k) [k]: ").lower().startswith("c") else "individual")
    unit = args.unit or _ask("Đơn vị (mã hoặc tên trong data/units.yml): ")
    if not name or not unit:
        print("Cần có tên và đơn vị.", file=sys.stderr)
        return 2
    problems = Problems(paths.root)
    units = load_registries(paths.data, problems).units
    if units.find(unit) is None:
        print(visible(f"Chưa tạo hồ sơ: {units.unknown(unit, 'data/units.yml')}"), file=sys.stderr)
        return 2
    slug = slugify(name)
    target = paths.profiles / f"{slug}.md"
    if target.exists() or target.with_suffix(".yml").exists():
        print(visible(f"Đã có hồ sơ {target.relative_to(paths.root)}; không ghi đè."), file=sys.stderr)
        return 1
    paths.profiles.mkdir(parents=True, exist_ok=True)
    target.write_text(PROFILE_TEMPLATE.format(name=json.dumps(name, ensure_ascii=False), kind=kind,
                                              unit=json.dumps(unit, ensure_ascii=False), slug=slug,
                                              kind_fields=KIND_FIELDS[kind],
                                              story=PLACEHOLDER_STORY.format(name=name)), encoding="utf-8")
    print(visible(f"Đã tạo {target.relative_to(paths.root)} ({KIND_LABELS[kind].lower()}, bản nháp)."))
    return 0


@dataclass(frozen=True)
class Command:
    """What `vinhdanh LỆNH --help` says about a command."""

    summary: str
    """One line, in the list of commands of `vinhdanh --help`."""
    description: str
    examples: tuple[str, ...]


COMMANDS = {
    "new": Command(
        "tạo hồ sơ mới (bản nháp) từ mẫu",
        "Tạo tệp hồ sơ mới trong thư mục profiles/, ở dạng bản nháp (draft: true); tên tệp là tên viết không dấu. "
        "Thiếu tên, loại hay đơn vị thì lệnh hỏi lại. Đơn vị phải có trong data/units.yml. Không bao giờ ghi đè "
        "hồ sơ đã có.",
        ('vinhdanh new "Nguyễn Văn An" --kind individual --unit "Văn phòng"',
         'vinhdanh new "Tổ Một cửa" --kind collective --unit van-phong')),
    "check": Command(
        "kiểm tra mọi hồ sơ và danh mục",
        "Kiểm tra mọi hồ sơ, danh mục và chương trình Hội nghị, không ghi gì. Mỗi lỗi hoặc cảnh báo in một dòng "
        "'tệp:dòng: trường: thông báo'. Nên chạy trước khi gửi thay đổi.",
        ("vinhdanh check", "vinhdanh check --strict")),
    "build": Command(
        "kiểm tra rồi xây dựng trang",
        "Kiểm tra mọi hồ sơ rồi xây dựng trang web vào thư mục site/. Khi còn lỗi, trang không được xây dựng và "
        "trang cũ được giữ nguyên. Bản để xuất bản cần địa chỉ công khai thật của trang.",
        ("vinhdanh build", "vinhdanh build --site-dir ../ban-xem-truoc",
         "vinhdanh build --deploy --site-url https://dien-hinh.example.gov.vn/")),
    "serve": Command(
        "xem trước trang trên máy, tự tải lại khi hồ sơ thay đổi",
        "Xem trước trang trên máy tính này, tại địa chỉ in ra khi chạy; trang tự tải lại mỗi khi một hồ sơ được "
        "lưu. Nhấn Ctrl+C để dừng.",
        ("vinhdanh serve", "vinhdanh serve --dev-addr 127.0.0.1:8080")),
    "report": Command(
        "báo cáo tình hình đề cử theo đơn vị (bảng, CSV, Markdown)",
        "In bảng tình hình đề cử theo đơn vị (đơn vị chưa đề cử, hồ sơ còn thiếu ảnh, đồng ý công bố, tham luận "
        "hay khen thưởng) và ghi de-cu.csv (mở bằng Excel) và de-cu.md vào thư mục báo cáo.",
        ("vinhdanh report", "vinhdanh report --output-dir bao-cao/thang-5")),
    "import": Command(
        "nhập đề cử từ tệp Excel (.xlsx) hoặc .csv theo mẫu",
        "Nhập đề cử của các đơn vị từ bảng tính theo mẫu (lấy mẫu trống bằng --template). Mỗi dòng được kiểm tra "
        "như một hồ sơ; lỗi được báo theo dòng và cột của bảng tính, và khi còn lỗi thì chưa dòng nào được nhập. "
        "Dòng hợp lệ thành hồ sơ bản nháp trong profiles/; hồ sơ đã có không bao giờ bị ghi đè.",
        ("vinhdanh import --template mau-de-cu.xlsx", "vinhdanh import de-cu-van-phong.xlsx")),
    "booklet": Command(
        "tạo kỷ yếu (PDF để in) của các điển hình đã xuất bản",
        "Tạo kỷ yếu dạng PDF để in cho đại biểu Hội nghị: bìa, lời giới thiệu (content/gioi-thieu.md), chương "
        "trình Hội nghị, mục lục có số trang, mỗi điển hình một trang (ảnh, thông tin, khen thưởng, thành tích, "
        "câu chuyện, mã QR dẫn tới trang của họ) và danh mục tên, đơn vị. Chỉ có hồ sơ đã xuất bản: bản nháp, "
        "hồ sơ hẹn ngày và cá nhân chưa đồng ý công bố không bao giờ có mặt. Mặc định khổ A4, ghi vào ky-yeu.pdf.",
        ("vinhdanh booklet", "vinhdanh booklet --size A5 --output in/ky-yeu-a5.pdf",
         "vinhdanh booklet --site-url https://dien-hinh.example.gov.vn/")),
    "schema": Command(
        "in lược đồ JSON (JSON Schema) của định dạng hồ sơ",
        "In lược đồ JSON (JSON Schema) của định dạng hồ sơ, để trình soạn thảo (như VS Code) kiểm tra tệp .yml "
        "ngay khi gõ.",
        ("vinhdanh schema --output profiles/_schema.json",)),
}
"""Every command's help: a description and examples each (a test checks that none lacks them)."""

ARGPARSE_WORDS = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "unexpected option string: %s": "không hiểu tùy chọn: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
}
"""argparse's own words in Vietnamese, by their English text (the gettext message ids of Python's argparse)."""


@contextlib.contextmanager
def argparse_in_vietnamese() -> Iterator[None]:
    """argparse's own words (usage, options, its errors) in Vietnamese while the parser is built and used.

    argparse looks each of them up through its module's gettext functions `_` and `ngettext` at the moment it
    needs it; they are swapped for `ARGPARSE_WORDS` here and put back after, so that other parsers in the same
    process keep their language. A wording a later Python changes stays in English until it is added here.
    """
    def words(message: str) -> str:
        return ARGPARSE_WORDS.get(message, message)

    hooks = vars(argparse)  # the module's globals: its type stubs do not list these private names
    saved = hooks["_"], hooks["ngettext"]
    hooks["_"] = words
    hooks["ngettext"] = lambda singular, plural, n: words(singular if n == 1 else plural)
    try:
        yield
    finally:
        hooks["_"], hooks["ngettext"] = saved


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions wrapped to the terminal's width; examples (lines indented by two spaces) kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(line if line.startswith("  ") or not line else
                         textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
                         for line in text.splitlines())


class _Parser(argparse.ArgumentParser):
    """A parser whose errors say, in Vietnamese, where to find the help."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, visible(f"{self.prog}: lỗi: {message}\nXem hướng dẫn: {self.prog} --help\n"))


def _examples(*lines: str) -> str:
    return "Ví dụ:\n" + "\n".join(f"  {line}" for line in lines)


def _command(sub: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    text = COMMANDS[name]
    return sub.add_parser(name, help=text.summary, description=text.description,
                          epilog=_examples(*text.examples), formatter_class=_Formatter)


def parser() -> argparse.ArgumentParser:
    """The argument parser of `vinhdanh` (use it inside `argparse_in_vietnamese`)."""
    top = _Parser(prog="vinhdanh", formatter_class=_Formatter,
                  description="Trang tôn vinh điển hình tiên tiến: kiểm tra hồ sơ, xây dựng và xem trước trang, nhập "
                              "đề cử từ bảng tính. Chạy trong thư mục của dự án (thư mục có mkdocs.yml).",
                  epilog=_examples("vinhdanh check", "vinhdanh new --help") + "\n\nXem hướng dẫn của từng lệnh: "
                                                                               "vinhdanh LỆNH --help")
    top.add_argument("-f", "--config", type=Path, default=Path("mkdocs.yml"), metavar="TỆP",
                     help="tệp cấu hình mkdocs.yml (mặc định: ./mkdocs.yml)")
    sub = top.add_subparsers(dest="command", required=True, metavar="LỆNH", title="các lệnh")

    new = _command(sub, "new")
    new.add_argument("name", nargs="?", metavar="TÊN", help="họ tên hoặc tên tập thể")
    new.add_argument("--kind", choices=sorted(KIND_LABELS), help="individual (cá nhân) hoặc collective (tập thể)")
    new.add_argument("--unit", metavar="ĐƠN_VỊ", help="mã hoặc tên đơn vị trong data/units.yml")
    new.set_defaults(run=cmd_new)

    check = _command(sub, "check")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text: mỗi vấn đề một dòng (mặc định); github: chú thích cho GitHub Actions")
    check.add_argument("--strict", action="store_true",
                       help="cảnh báo cũng là lỗi (dùng khi kiểm tra pull request)")
    check.set_defaults(run=cmd_check)

    build = _command(sub, "build")
    build.add_argument("-d", "--site-dir", type=Path, metavar="THƯ_MỤC", help="thư mục xuất (mặc định: ./site)")
    build.add_argument("--site-url", type=_site_url, metavar="ĐỊA_CHỈ",
                       help="địa chỉ công khai của trang, in trong mã QR, thẻ chia sẻ, sitemap và bảng tin "
                            "(mặc định: site_url trong mkdocs.yml)")
    build.add_argument("--deploy", action="store_true",
                       help="bản để xuất bản: dừng nếu chưa có địa chỉ thật (còn địa chỉ mẫu)")
    build.set_defaults(run=cmd_build)

    serve = _command(sub, "serve")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="ĐỊA_CHỈ:CỔNG",
                       help="địa chỉ và cổng xem trước (mặc định: 127.0.0.1:8000)")
    serve.set_defaults(run=cmd_serve)

    report = _command(sub, "report")
    report.add_argument("-o", "--output-dir", type=Path, default=Path("bao-cao"), metavar="THƯ_MỤC",
                        help="thư mục ghi de-cu.csv và de-cu.md (mặc định: ./bao-cao)")
    report.set_defaults(run=cmd_report)

    imp = _command(sub, "import")
    imp.add_argument("file", nargs="?", type=Path, metavar="TỆP", help="tệp đề cử .xlsx hoặc .csv")
    imp.add_argument("--template", type=Path, metavar="TỆP", help="ghi mẫu trống (.xlsx) vào tệp này")
    imp.set_defaults(run=cmd_import)

    booklet = _command(sub, "booklet")
    booklet.add_argument("--size", choices=("A4", "A5"), default="A4", type=str.upper,
                         help="khổ giấy: A4 (mặc định) hoặc A5")
    booklet.add_argument("-o", "--output", type=Path, metavar="TỆP",
                         help="tệp PDF ghi ra (mặc định: ./ky-yeu.pdf, hoặc ./ky-yeu-a5.pdf với --size A5)")
    booklet.add_argument("--site-url", type=_site_url, metavar="ĐỊA_CHỈ",
                         help="địa chỉ công khai của trang, in trong mã QR (mặc định: site_url trong mkdocs.yml)")
    booklet.set_defaults(run=cmd_booklet)

    schema = _command(sub, "schema")
    schema.add_argument("-o", "--output", type=Path, metavar="TỆP", help="ghi ra tệp thay vì in ra màn hình")
    schema.set_defaults(run=cmd_schema)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    with argparse_in_vietnamese():
        args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if not args.config.is_file():
        print(f"Không tìm thấy {args.config}; hãy chạy trong thư mục dự án hoặc dùng -f.", file=sys.stderr)
        return 2
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
