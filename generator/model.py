"""The domain model: what editors write, validated; the registries it refers to; and the same data resolved.

Input models (pydantic) say what a file may hold: `ProfileData`, the registries' entries (`Unit`,
`Movement`, `AwardTitle`) and `ConferenceData`. Resolved models (dataclasses) are what the load stage makes
of them once every reference is checked: `Profile`, `Registry`, `Conference`, `Session`, `Site`. Every
later stage (derive, render, report) reads these and nothing else.

Glossary (one word per concept, used in code, tests and messages):

- **profile**: one exemplar, an *individual* or a *collective* (its *kind*), written as `profiles/<file>.md`
  (front matter + story) or `profiles/<file>.yml` (+ optional same-named `.md` story). `ProfileData` is what
  the file says; `Profile` is that data resolved against the registries.
- **status**: whether a valid profile is published now: `published`, `draft`, `scheduled` (`publish_on` or a
  consent in the future) or `no-consent` (an individual without a consent record); `STATUS_LABELS`.
- **story**: the Markdown narrative of a profile, made safe HTML when it is loaded (`stories.py`).
- **unit**: a department, centre or enterprise of the Board that nominates exemplars (`data/units.yml`).
- **movement**: an emulation movement ("phong trào thi đua", `data/movements.yml`).
- **award title**: an entry of the award vocabulary (`data/awards.yml`): an emulation title or a form of
  commendation, with its wordings under the 2003 and 2022 laws, who it applies to and its rank.
- **award**: one award a profile received: an award title plus decision number, date and issuer.
- **registry**: one of the three vocabularies above.
- **English edition**: the site's pages in English under `/en/` (docs/design/english.md). Its words come from
  **English fields**: a registry entry's `en` (`EnglishName`, `MovementEnglish`: the official rendering,
  its source, whether an editor confirmed it) and a profile's `en` (`ProfileEnglish`: name as written in
  English, position, summary). Nothing is machine-translated: what has no English field is shown in
  Vietnamese.
- **conference**: the event the campaign leads to. `ConferenceData` is what `data/conference.yml` says;
  `Conference` is that data with its times resolved.
- **ceremony**: the exemplars honoured at the conference's award item, in the order they are called up:
  the award item's speakers, else the conference file's `ceremony` list, else every published profile by
  award rank; the **slideshow** (trình chiếu) shows one slide for each.
- **program**: the conference's items in time order; a **program item** (`ProgramItem`) as written, a
  **session** (`Session`) once its times are resolved and its **speakers** matched to profiles.
- **photo**: the picture file a unit sends (`profiles/anh/x.jpg`); never published itself.
- **rendition**: a resized, re-encoded copy of a photo, for one *role*: **thumbnail** (the square crop on a
  card), **portrait** (the profile page) or **story** (an image of a story, whole).
- **share image**: the 1200x630 picture a link to a profile shows in other apps.
- **QR code**: a PNG of a page's public address, for paper.
- **derived file**: a rendition, share image or QR code, made by the derive stage through the cache.
- **card**: a profile's entry in a listing (name, kind, unit, award, thumbnail); **listing**: a paged grid
  of cards.
- **page**, **asset**: a generated page of the site, a generated or copied file (`output.py`).
- **problem**: one thing wrong with an input, an error or a warning (`problems.py`).
- **article** (tin bài): a piece of news or a story of the campaign, written as `articles/<file>.md` (front
  matter + body), dated, with an author, a **category** (`ARTICLE_CATEGORIES`), an optional **cover**
  (a photo, published through the same pipeline as portraits) and the profiles it is about. `ArticleData`
  is what the file says; `Article` is that data checked, with its status and its body made safe HTML.
- **contest round** (đợt thi viết), **entry** (bài dự thi): the writing contest, `contest/<round>/dot-thi.yml`
  and `contest/<round>/<entry>.md`; entries are public once their round's results are.
- **body**: the Markdown text of an article, rendered as a story is (`stories.py`).

Field descriptions are in Vietnamese: they are published in the JSON Schema that editors' editors show.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .problems import Problems
from .readers import Document
from .text import MAX_ID, clean_line, collation_key, fold, nfc, person_name_key, strip_invisible, tone_key
from .urls import safe_url


def _plain(value: str, *, multiline: bool) -> str:
    """Text published as text: NFC, invisible characters removed, white space folded (one line) or trimmed.

    Any character may be written, `<`, `>`, `&` and quotes included: text is data, escaped where it is
    written. The readers remove invisible characters first and warn about them with their line; removing
    them here again covers data that comes from elsewhere (a spreadsheet).
    """
    value = strip_invisible(nfc(value).replace("\r\n", "\n"))[0]
    value = value.strip() if multiline else clean_line(value)
    if not value:
        raise ValueError("không được để trống")
    return value


def _text_before(value: object) -> object:
    # Numbers typed where text is expected ("decision: 315") are accepted as text.
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _name_before(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"phải là họ tên hoặc tên tập thể, không phải số ({value})")
    return value


Text = Annotated[str, BeforeValidator(_text_before), AfterValidator(lambda v: _plain(v, multiline=False))]
"""One line of plain text, NFC, white space folded."""
Paragraph = Annotated[str, BeforeValidator(_text_before), AfterValidator(lambda v: _plain(v, multiline=True))]
"""Plain text that may span lines (quotes, summaries)."""
Name = Annotated[str, BeforeValidator(_name_before), AfterValidator(lambda v: _plain(v, multiline=False))]
"""A person's or a collective's name: text, never a number (`name: 12345` is a slip)."""

FIRST_YEAR, LAST_YEAR = 1900, 2100
"""Years a date may have: a plausible record, and far from the ends of the calendar, where arithmetic
with time zones overflows and feeds get invalid dates."""
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value: object) -> dt.date:
    """Parse `2025-06-19`, `19/6/2025`, `19-06-2025` or `19.06.2025` into a date."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("phải là ngày dạng 2025-06-19 hoặc 19/6/2025 (đặt trong dấu nháy)")
    return _parse_date_text(value.strip())


@lru_cache(maxsize=4096)  # strptime is slow, and the same dates recur on many awards (errors are not kept)
def _parse_date_text(text: str) -> dt.date:
    for fmt in _DATE_FORMATS:
        try:
            date = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise ValueError(f"năm {date.year} của ngày '{text}' nằm ngoài khoảng {FIRST_YEAR} - {LAST_YEAR}")
        return date
    raise ValueError(f"ngày không hợp lệ '{text}' (dùng dạng 2025-06-19 hoặc 19/6/2025)")


Date = Annotated[dt.date, BeforeValidator(parse_date), Field(json_schema_extra={"type": "string"})]
"""A calendar date, written `2025-06-19` or `19/6/2025`."""

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _id(value: str) -> str:
    if len(value) > MAX_ID:
        raise ValueError(f"quá dài ({len(value)} ký tự; tối đa {MAX_ID})")
    if not _ID.fullmatch(value):
        raise ValueError("chỉ gồm chữ thường không dấu, số và dấu gạch nối, ví dụ 'nguyen-van-an'")
    return value


Id = Annotated[str, BeforeValidator(_text_before), AfterValidator(_id)]
"""A stable identifier: lower-case ASCII words joined by hyphens."""

Kind = Literal["individual", "collective"]
KIND_LABELS = {"individual": "Cá nhân", "collective": "Tập thể"}
"""Vietnamese label of each profile kind."""

Status = Literal["published", "draft", "scheduled", "no-consent"]
STATUS_LABELS: dict[str, str] = {
    "published": "đã xuất bản",
    "draft": "bản nháp",
    "scheduled": "hẹn ngày xuất bản",
    "no-consent": "chưa có đồng ý công bố",
}
"""The one Vietnamese wording of each status, in messages, the build's summary, `check` and the report."""


class Model(BaseModel):
    """Base of every input model: unknown fields are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Award(Model):
    """One award a profile received."""

    title: Text = Field(description="Tên danh hiệu hoặc hình thức khen thưởng, hoặc mã trong data/awards.yml.")
    year: int | None = Field(None, ge=1945, le=2100, description="Năm được khen thưởng, ví dụ 2024.")
    decision: Text | None = Field(None, description="Số quyết định, ví dụ 'Quyết định số 315/QĐ-BQL'.")
    date: Date | None = Field(None, description="Ngày ký quyết định, ví dụ '2024-12-20' hoặc '20/12/2024'.")
    issuer: Text | None = Field(None, description="Cấp/người ký quyết định, ví dụ 'Chủ tịch UBND Thành phố'.")

    @property
    def award_year(self) -> int | None:
        """Year of the award: `year`, else the year of `date`."""
        return self.year or (self.date.year if self.date else None)


class Member(Model):
    """A member of a collective: a link to another profile, or a name with a role."""

    profile: Text | None = Field(None, description="Mã (id) hồ sơ cá nhân của thành viên, nếu có hồ sơ riêng.")
    name: Text | None = Field(None, description="Họ và tên thành viên (khi không có hồ sơ riêng).")
    role: Text | None = Field(None, description="Vai trò trong tập thể, ví dụ 'Trưởng phòng'.")


class Paper(Model):
    """The paper a nominee presents at the conference ("tham luận")."""

    title: Text = Field(description="Tên bài tham luận.")
    summary: Paragraph | None = Field(None, description="Tóm tắt nội dung tham luận.")
    file: Text | None = Field(None, description="Tệp toàn văn (đường dẫn tương đối so với tệp hồ sơ).")


class Consent(Model):
    """Consent of an individual to publication of their personal data (Law 91/2025/QH15)."""

    date: Date = Field(description="Ngày người được tôn vinh đồng ý công bố thông tin cá nhân.")
    note: Paragraph | None = Field(None, description="Hình thức đồng ý và nơi lưu, ví dụ 'Phiếu đồng ý, lưu tại Văn phòng'.")


def _consent_before(value: object) -> object:
    # A date alone (`consent: "20/5/2025"`), `consent: true` or a group without its date are the usual slips:
    # the message shows the right form, with the editor's own date when there is one.
    if value is None or (isinstance(value, dict) and "date" in value):
        return value
    date = value if isinstance(value, str) and value.strip() and "\n" not in value else "20/5/2025"
    form = f"'consent: {{date: \"{date}\"}}', hoặc hai dòng 'consent:' và '  date: \"{date}\"' (thụt vào hai dấu cách)"
    if isinstance(value, dict):
        raise ValueError(f"thiếu ngày đồng ý công bố (date); ghi theo mẫu {form}")
    raise ValueError(f"phải ghi ngày đồng ý công bố trong trường date, theo mẫu {form}")


MAX_EN_SUMMARY = 1500
"""Longest English summary, in characters: a paragraph or two, not the story (which stays Vietnamese)."""


class ProfileEnglish(Model):
    """What the English edition shows of a profile besides the registries' English names.

    Every field is optional: a profile without them is listed in English with its Vietnamese name and
    position and the registries' English names. Plain text, escaped where it is written.
    """

    model_config = ConfigDict(title="Thông tin tiếng Anh")

    name: Name | None = Field(None, max_length=160, description=(
        "Tên viết bằng tiếng Anh, chỉ khi khác tên tiếng Việt: tên tiếng Anh của tập thể (ví dụ 'Investment "
        "Management Division'), hay tên người nước ngoài. Tên người Việt không dịch: trang tiếng Anh giữ "
        "nguyên họ tên có dấu."))
    position: Text | None = Field(None, max_length=200, description="Chức vụ bằng tiếng Anh, ví dụ 'Senior Officer'.")
    summary: Paragraph | None = Field(None, max_length=MAX_EN_SUMMARY, description=(
        f"Tóm tắt thành tích bằng tiếng Anh (tối đa {MAX_EN_SUMMARY} ký tự), dịch trung thành nội dung tiếng "
        "Việt của hồ sơ, không thêm điều hồ sơ không nói."))


class ProfileData(Model):
    """What a profile file says. Field names are English; editors' documentation is in Vietnamese."""

    model_config = ConfigDict(
        title="Hồ sơ điển hình tiên tiến",
        json_schema_extra={"description": "Hồ sơ một cá nhân hoặc tập thể điển hình tiên tiến (vinhdanh)."},
    )

    name: Name = Field(max_length=160, description="Họ và tên cá nhân, hoặc tên tập thể. Bắt buộc.")
    kind: Kind = Field(description="'individual' (cá nhân) hoặc 'collective' (tập thể). Bắt buộc.")
    unit: Text = Field(description="Đơn vị: mã hoặc tên trong data/units.yml. Bắt buộc.")
    id: Id | None = Field(None, description="Mã hồ sơ, dùng trong đường dẫn; mặc định lấy theo tên tệp.")
    honorific: Literal["Ông", "Bà", "Đồng chí", "Anh", "Chị"] | None = Field(
        None, description="Danh xưng: Ông, Bà, Đồng chí, Anh, Chị.")
    prefix: Text | None = Field(None, max_length=30, description="Học hàm, học vị viết tắt, ví dụ 'ThS.', 'TS.', 'PGS.TS.'.")
    birth_year: int | None = Field(None, ge=1930, le=2015, description="Năm sinh, ví dụ 1985.")
    position: Text | None = Field(None, description="Chức vụ, vị trí công tác.")
    photo: Text | None = Field(None, description="Ảnh chân dung: đường dẫn tương đối so với tệp hồ sơ, ví dụ 'anh/nguyen-van-an.jpg'.")
    photo_alt: Text | None = Field(None, description="Mô tả ảnh cho người khiếm thị; mặc định 'Ảnh chân dung <tên>'.")
    movements: list[Text] = Field(default_factory=list, description="Các phong trào thi đua: mã hoặc tên trong data/movements.yml.")
    awards: list[Award] = Field(default_factory=list, description="Danh hiệu thi đua và hình thức khen thưởng đã nhận.")
    highlights: list[Text] = Field(default_factory=list, description="Thành tích nổi bật, mỗi dòng một ý ngắn.")
    quote: Paragraph | None = Field(None, max_length=600, description="Câu nói, phương châm tiêu biểu.")
    members: list[Member] = Field(default_factory=list, description="Thành viên tiêu biểu của tập thể.")
    headcount: int | None = Field(None, ge=1, le=1_000_000, description="Số người của tập thể.")
    paper: Paper | None = Field(None, description="Bài tham luận tại Hội nghị.")
    story: str | None = Field(None, description="Câu chuyện (Markdown) khi viết hồ sơ dạng .yml không có tệp .md đi kèm.")
    featured: bool = Field(False, description="true để giới thiệu trên trang chủ.")
    draft: bool = Field(False, description="true khi còn là bản nháp: không xuất bản.")
    publish_on: Date | None = Field(None, description="Ngày bắt đầu xuất bản (hẹn giờ), ví dụ '2025-06-01'.")
    consent: Annotated[Consent | None, BeforeValidator(_consent_before)] = Field(
        None, description="Sự đồng ý công bố thông tin; bắt buộc với cá nhân trước khi xuất bản.")
    sample: bool = Field(False, description="true cho hồ sơ mẫu, hư cấu (hiện nhãn 'Hồ sơ mẫu').")
    en: ProfileEnglish | None = Field(None, description=(
        "Thông tin cho trang tiếng Anh: name (tên tiếng Anh, chỉ khi khác tên tiếng Việt), position (chức vụ), "
        "summary (tóm tắt thành tích). Tên đơn vị, phong trào, danh hiệu lấy từ danh mục trong data/."))


class EnglishName(Model):
    """The English rendering of a registry entry, for the English edition: never a machine translation.

    Award titles take the vocabulary of the official English texts of the emulation laws; units the name
    the Board uses on its e-portal, an enterprise the one on its registration. A literal rendering that no
    editor has checked against such a source yet stays `confirmed: false`.
    """

    name: Text = Field(max_length=200)
    """The full English name, e.g. "Emulation Fighter at Grassroots Level"."""
    short_name: Text | None = Field(None, max_length=80)
    """A shorter form for cards, as `short_name` is for the Vietnamese one."""
    source: Text | None = None
    """Where the rendering comes from (e.g. "Law 06/2022/QH15, official English text"), for editors."""
    confirmed: bool = False
    """Whether an editor has checked the rendering against its source; false for a literal rendering
    awaiting confirmation (the English edition shows it all the same: it is the best there is)."""


class MovementEnglish(EnglishName):
    """A movement's English name and description."""

    description: Paragraph | None = Field(None, max_length=1500)
    """The movement's description in English, faithful to the Vietnamese one."""


class Unit(Model):
    """A unit of the Board, or an enterprise in its parks, that nominates exemplars."""

    id: Id
    name: Text
    short_name: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    group: Literal["board", "department", "centre", "company", "enterprise", "union"] = "department"
    """Lãnh đạo Ban / phòng / trung tâm / công ty / doanh nghiệp trong KCN / đoàn thể."""
    park: Text | None = None
    """For enterprises: the park they are in ("KCN Thăng Long")."""
    en: EnglishName | None = None
    """The unit's English name, for the English edition."""


UNIT_GROUP_LABELS = {
    "board": "Lãnh đạo Ban",
    "department": "Phòng, ban chuyên môn",
    "centre": "Đơn vị sự nghiệp",
    "company": "Doanh nghiệp trực thuộc",
    "enterprise": "Doanh nghiệp trong các khu công nghiệp",
    "union": "Đoàn thể",
}


class Movement(Model):
    """An emulation movement."""

    id: Id
    name: Text
    short_name: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    description: Paragraph | None = None
    en: MovementEnglish | None = None
    """The movement's English name and description, for the English edition."""


class Wording(Model):
    """An alternative wording of an award title, with the dates it was the legal one."""

    name: Text
    since: Date | None = None
    until: Date | None = None
    en: EnglishName | None = None
    """This wording's English rendering (the 2003 law's English text for its titles), shown on English pages
    where the decision used this wording."""


class AwardTitle(Model):
    """An entry of the award vocabulary."""

    id: Id
    name: Text
    """Wording under the 2022 law (in force from 2024-01-01)."""
    aliases: list[Text | Wording] = Field(default_factory=list)
    """Other wordings: plain aliases, or wordings with the dates they were legal (2003 law)."""
    applies_to: Literal["individual", "collective", "both"]
    rank: int = Field(ge=1, le=1000)
    """Higher ranks are presented first at ceremonies and on listings."""
    category: Literal["title", "commendation"]
    """Emulation title ("danh hiệu thi đua") or form of commendation ("hình thức khen thưởng")."""
    level: Literal["state", "ministry", "city", "board", "unit"]
    """Who confers it: the State, a ministry, the City, the Board, a unit."""
    en: EnglishName | None = None
    """The title's English rendering under the 2022 law, for the English edition."""


LEVEL_LABELS = {
    "state": "Nhà nước",
    "ministry": "Bộ, ngành Trung ương",
    "city": "Thành phố",
    "board": "Ban Quản lý",
    "unit": "Cơ sở",
}


def quoted(value: object, limit: int = 60) -> str:
    """`value` as quoted in a message: in single quotes, cut to `limit` characters (a pasted page, or a
    number of thousands of digits, must not flood the terminal)."""
    text = str(value) if not isinstance(value, str) else value
    return f"'{text if len(text) <= limit else text[:limit - 1] + '…'}'"


def _map_url(value: str) -> str:
    url = safe_url(value)
    if url is None:
        raise ValueError(f"liên kết chỉ đường {quoted(value)} không dùng được: chỉ nhận địa chỉ web bắt đầu "
                         "bằng https:// hoặc http://, ví dụ liên kết chia sẻ của trang bản đồ")
    return url


class VenueEnglish(Model):
    """The venue in English, for the English edition; what is not given is shown in Vietnamese."""

    name: Text | None = Field(None, max_length=200)
    """The hall and building, e.g. "2nd-floor meeting room, Research and Development Building"."""
    address: Text | None = Field(None, max_length=200)
    """The address, place names without diacritics as English texts of the parks write them."""


class Venue(Model):
    """Where the conference takes place; what is not decided yet is left out and announced later."""

    name: Text | None = None
    """The hall and building, e.g. "Phòng họp tầng 2, nhà Hội thảo và Triển khai"."""
    address: Text | None = None
    """The street address, e.g. "Km29 Đại lộ Thăng Long, Thạch Thất, Hà Nội"."""
    map_url: Annotated[Text, AfterValidator(_map_url)] | None = None
    """A directions link (a map service's https address), shown as "Chỉ đường"; any other scheme is refused."""
    en: VenueEnglish | None = None
    """The hall and address in English."""


ITEM_KINDS = {
    "welcome": "Đón tiếp đại biểu",
    "art": "Văn nghệ",
    "opening": "Khai mạc",
    "report": "Báo cáo",
    "paper": "Tham luận",
    "discussion": "Giao lưu, tọa đàm",
    "award": "Khen thưởng",
    "speech": "Phát biểu",
    "break": "Giải lao",
    "closing": "Bế mạc",
    "other": "Hoạt động",
}
"""Kinds of program items and their Vietnamese labels."""


def _item_kind(value: object) -> object:
    # Named here, with the value and a guess, rather than pydantic's bare list of choices.
    if isinstance(value, str) and value not in ITEM_KINDS:
        choices = ", ".join(f"{key} ({label})" for key, label in ITEM_KINDS.items())
        by_label = {fold(label): key for key, label in ITEM_KINDS.items()}
        guess = by_label.get(fold(value.strip())) or next(iter(difflib.get_close_matches(value, ITEM_KINDS, n=1)), None)
        hint = f"; có phải ý bạn là '{guess}'?" if guess else "."
        raise ValueError(f"không có loại mục {quoted(value)}{hint} Dùng một trong: {choices}")
    return value


class SpeakerEnglish(Model):
    """A speaker's name and role in English: for a name that is a description ("Board Leadership"), or a
    foreign speaker's; a Vietnamese personal name is never translated."""

    name: Text | None = Field(None, max_length=160)
    role: Text | None = Field(None, max_length=200)


class Speaker(Model):
    """Who speaks or presents: a profile of the site, a name with a role, or both.

    With both, `name` is the organisers' own wording: it is shown (linked to the profile while the profile is
    published), and it is all that is shown while the profile is unpublished.
    """

    profile: Id | None = None
    """Id of a profile; while it is published its page is linked and a paper without title takes its paper's."""
    name: Text | None = None
    """The name as the organisers write it; without `profile`, required."""
    role: Text | None = None
    """Position and unit, e.g. "Trưởng Ban Quản lý"; defaults to a published profile's position and unit."""
    en: SpeakerEnglish | None = None
    """The name and role in English, for the English edition."""

    @model_validator(mode="after")
    def _someone(self) -> Speaker:
        if not self.profile and not self.name:
            raise ValueError("người trình bày cần 'profile' (mã hồ sơ) hoặc 'name' (họ tên)")
        return self


class ItemEnglish(Model):
    """A program item's title and notes in English; without them the English program shows the Vietnamese."""

    title: Text | None = Field(None, max_length=300)
    notes: Paragraph | None = Field(None, max_length=1000)


class ProgramItem(Model):
    """One item of the conference program."""

    start: Text
    """Local time "08:00" on the conference day, or a full "2025-06-19 08:00"."""
    end: Text
    """Like `start`; a clock time not after `start` is on the next day, for an item of at most 6 hours."""
    # The values are ITEM_KINDS' keys, for the schema's list of choices: a Literal made at run time.
    kind: Annotated[Literal[tuple(ITEM_KINDS)], BeforeValidator(_item_kind)]  # type: ignore[valid-type]
    title: Text | None = None
    """Required, except for a paper whose speaker's profile has one."""
    speakers: list[Speaker] = Field(default_factory=list)
    notes: Paragraph | None = None
    en: ItemEnglish | None = None
    """The title and notes in English, for the English edition."""


class ConferenceEnglish(Model):
    """The conference's own words in English, for the English edition (`en` of `data/conference.yml`): all
    optional, plain text; what has no English is shown in Vietnamese, marked as such."""

    title: Text | None = Field(None, max_length=300)
    campaign: Text | None = Field(None, max_length=200)
    tagline: Paragraph | None = Field(None, max_length=1000)
    organiser: Text | None = Field(None, max_length=200)
    """The organiser's English name; without it, the English name of the unit of that name in the registry."""
    recap: Paragraph | None = Field(None, max_length=1500)


class ConferenceData(Model):
    """What `data/conference.yml` says: the conference the campaign leads to, and the campaign's own words.

    Only the title and the start must be known to publish the pages: a missing end, venue or program is
    announced on every page as "sẽ thông báo sau".
    """

    campaign: Text
    """Campaign title shown on the home page."""
    tagline: Paragraph | None = None
    organiser: Text
    title: Text
    start: Text
    """Local start, `2025-06-19 08:00`, in `timezone`, or an instant with its offset."""
    end: Text | None = None
    """Like `start`; without it, the conference ends with its last program item (or is "sẽ thông báo sau")."""
    timezone: Text = "Asia/Ho_Chi_Minh"
    """An IANA time zone name, e.g. `Asia/Ho_Chi_Minh`."""
    venue: Venue | None = None
    delegates: Text | None = None
    """Expected delegates, e.g. "100 - 150"."""
    program: list[ProgramItem] = Field(default_factory=list)
    banner: bool = False
    """Show a countdown banner on every page until the conference ends."""
    recap: Paragraph | None = None
    """Shown on the conference page once it has been held."""
    # Plain text, not `Id`: a name written instead of an id is matched to its profile by the load stage, which
    # names the id to write (`load_conference.resolve_ceremony`).
    ceremony: list[Text] = Field(default_factory=list)
    """Ids of the profiles honoured, in the order of the ceremony's slideshow; used when the program's award
    item lists no speakers (without either, every published profile by award rank)."""
    en: ConferenceEnglish | None = None
    """The title, campaign, tagline, organiser and recap in English, for the English edition."""


ARTICLE_CATEGORIES: dict[str, str] = {
    "campaign": "Tin phong trào",
    "story": "Câu chuyện điển hình",
    "conference": "Tin Hội nghị",
}
"""Categories of articles and their Vietnamese labels: news of the campaign, a story about an exemplar,
news of the conference."""
ARTICLE_CATEGORY_SLUGS = {"campaign": "tin-phong-trao", "story": "cau-chuyen-dien-hinh", "conference": "tin-hoi-nghi"}
"""Each category as it appears in addresses: `tin-bai/chuyen-muc/<slug>/`."""


def _article_category(value: object) -> object:
    # Named with the value, a guess and the choices, as a program item's kind; the label is accepted too.
    if not isinstance(value, str) or value in ARTICLE_CATEGORIES:
        return value
    by_label = {fold(label): key for key, label in ARTICLE_CATEGORIES.items()}
    if fold(value.strip()) in by_label:
        return by_label[fold(value.strip())]
    choices = ", ".join(f"{key} ({label})" for key, label in ARTICLE_CATEGORIES.items())
    guess = next(iter(difflib.get_close_matches(value, ARTICLE_CATEGORIES, n=1)), None)
    hint = f"; có phải ý bạn là '{guess}'?" if guess else "."
    raise ValueError(f"không có chuyên mục {quoted(value)}{hint} Dùng một trong: {choices}")


class ArticleData(Model):
    """What an article file says (its front matter); the body below it is the text."""

    model_config = ConfigDict(
        title="Tin bài",
        json_schema_extra={"description": "Một tin bài về phong trào, về một điển hình hoặc về Hội nghị (vinhdanh)."},
    )

    title: Text = Field(max_length=200, description="Tiêu đề tin bài. Bắt buộc.")
    date: Date = Field(description="Ngày đăng ghi trên bài, ví dụ '2025-05-20' hoặc '20/5/2025'. Bắt buộc.")
    author: Text = Field(max_length=160, description="Tác giả hoặc đơn vị viết bài, ví dụ 'Phòng Chính sách và Truyền thông'. Bắt buộc.")
    # The values are ARTICLE_CATEGORIES' keys, for the schema's list of choices: a Literal made at run time.
    category: Annotated[Literal[tuple(ARTICLE_CATEGORIES)], BeforeValidator(_article_category)] = Field(  # type: ignore[valid-type]
        description="Chuyên mục: 'campaign' (Tin phong trào), 'story' (Câu chuyện điển hình), 'conference' (Tin Hội nghị). Bắt buộc.")
    summary: Paragraph | None = Field(None, max_length=600, description="Tóm tắt một, hai câu, hiện trên danh sách tin bài và khi chia sẻ.")
    cover: Text | None = Field(None, description="Ảnh đại diện: đường dẫn tương đối so với tệp tin bài, ví dụ '../profiles/anh/le-thi-hang.jpg'.")
    cover_alt: Text | None = Field(None, description="Mô tả ảnh đại diện cho người khiếm thị; bắt buộc khi có ảnh.")
    profiles: list[Id] = Field(default_factory=list, description="Mã (id) các hồ sơ mà bài viết nói tới, ví dụ [le-thi-hang].")
    id: Id | None = Field(None, description="Mã tin bài, dùng trong đường dẫn; mặc định lấy theo tên tệp.")
    draft: bool = Field(False, description="true khi còn là bản nháp: không xuất bản.")
    publish_on: Date | None = Field(None, description="Ngày bắt đầu xuất bản (hẹn giờ); mặc định là ngày đăng (date).")
    sample: bool = Field(False, description="true cho tin bài mẫu, hư cấu (hiện nhãn 'Tin bài mẫu').")


PRIZES: dict[str, str] = {
    "nhat": "Giải Nhất",
    "nhi": "Giải Nhì",
    "ba": "Giải Ba",
    "khuyen-khich": "Giải Khuyến khích",
}
"""Prize levels of the writing contest, highest first, and their Vietnamese labels."""


def _prize(value: object) -> object:
    # The label is accepted too ("giải Nhất", "Nhất"), as an article's category is.
    if not isinstance(value, str) or value in PRIZES:
        return value
    folded = fold(value.strip()).removeprefix("giai ").strip()
    by_label = {fold(label).removeprefix("giai "): key for key, label in PRIZES.items()}
    if folded in by_label:
        return by_label[folded]
    choices = ", ".join(f"{key} ({label})" for key, label in PRIZES.items())
    raise ValueError(f"không có mức giải {quoted(value)}. Dùng một trong: {choices}, hoặc bỏ trống khi không đạt giải")


class ContestRoundData(Model):
    """What a round file of the writing contest says (`contest/<round>/dot-thi.yml`)."""

    model_config = ConfigDict(title="Đợt thi viết",
                              json_schema_extra={"description": "Một đợt của cuộc thi viết về gương điển hình tiên tiến (vinhdanh)."})

    title: Text = Field(max_length=200, description="Tên đợt thi, ví dụ 'Cuộc thi viết năm 2025'. Bắt buộc.")
    description: Paragraph | None = Field(None, max_length=1200, description="Giới thiệu ngắn về đợt thi.")
    published: bool = Field(False, description="true khi Ban Giám khảo đã công bố kết quả: các bài dự thi được đăng.")
    results_on: Date | None = Field(None, description="Ngày công bố kết quả; trước ngày này các bài chưa được đăng.")
    sample: bool = Field(False, description="true cho đợt thi mẫu, hư cấu (hiện nhãn 'Nội dung mẫu').")


class ContestEntryData(Model):
    """What an entry file of the writing contest says (its front matter); the body below it is the text."""

    model_config = ConfigDict(title="Bài dự thi",
                              json_schema_extra={"description": "Một bài dự thi cuộc thi viết (vinhdanh)."})

    title: Text = Field(max_length=200, description="Tên bài dự thi. Bắt buộc.")
    author: Name = Field(max_length=160, description="Họ và tên tác giả. Bắt buộc.")
    unit: Text = Field(max_length=200, description="Đơn vị công tác của tác giả. Bắt buộc.")
    consent: Date | None = Field(None, description="Ngày tác giả đồng ý công bố họ tên; không có thì trang ghi 'Tác giả: (chưa công bố)'.")
    profile: Id | None = Field(None, description="Mã (id) hồ sơ của điển hình được viết về, ví dụ 'le-thi-hang'.")
    about: Text | None = Field(None, max_length=200, description="Tên người hoặc tập thể được viết về, khi chưa có hồ sơ.")
    author_profile: Id | None = Field(None, description=(
        "Mã (id) hồ sơ của tác giả, khi tác giả cũng là điển hình có hồ sơ: tên tác giả dẫn tới trang hồ sơ."))
    received: Date = Field(description="Ngày nhận bài. Bắt buộc.")
    photo: Text | None = Field(None, description="Ảnh kèm bài: đường dẫn tương đối so với tệp bài, ví dụ '../../profiles/anh/le-thi-hang.jpg'.")
    photo_alt: Text | None = Field(None, description="Mô tả ảnh cho người khiếm thị; bắt buộc khi có ảnh.")
    result: Annotated[Literal[tuple(PRIZES)] | None, BeforeValidator(_prize)] = Field(  # type: ignore[valid-type]
        None, description="Mức giải: 'nhat', 'nhi', 'ba', 'khuyen-khich' (hoặc 'giải Nhất'...); bỏ trống khi không đạt giải.")
    sample: bool = Field(False, description="true cho bài mẫu, hư cấu.")


# --- resolved: what the load stage makes of the files -------------------------------------------------------

@dataclass
class Registry:
    """Entries of one registry, found by id, name or alias (NFC, case and tone placement ignored)."""

    label: str
    """Vietnamese name of what the registry lists, for messages ("đơn vị")."""
    entries: list[Any] = field(default_factory=list)
    """The entries in file order (`Unit`, `Movement` or `AwardTitle`)."""
    index: dict[str, tuple[Any, Wording | None]] = field(default_factory=dict)
    """Each name's `key`: the entry and, for a dated legal wording, that wording."""

    @staticmethod
    def key(text: str) -> str:
        """How a name is looked up: the same name typed with another tone placement or case is found."""
        return tone_key(text).casefold()

    def add(self, entry: Any, names: list[str | Wording]) -> str | None:
        """Add an entry under all its names; return a name already taken by another entry, if any."""
        self.entries.append(entry)
        taken = None
        for name in names:
            wording = name if isinstance(name, Wording) else None
            text = name.name if isinstance(name, Wording) else name
            key = self.key(text)
            if key in self.index and self.index[key][0] is not entry:
                taken = taken or text
                continue
            self.index[key] = (entry, wording)
        return taken

    def find(self, text: str) -> tuple[Any, Wording | None] | None:
        """The entry named `text` and the dated wording used, if any."""
        return self.index.get(self.key(text))

    def unknown(self, text: str, file: str) -> str:
        """The message for `text`, which is not in the registry `file`, with a "did you mean" hint."""
        return f"không có {self.label} '{text}' trong {file}" + self.suggest(text)

    def suggest(self, text: str) -> str:
        """A "did you mean" hint for an unknown `text`, or ""."""
        names = {fold(key): key for key in self.index}
        guess = difflib.get_close_matches(fold(text), list(names), n=1, cutoff=0.6)
        if not guess:
            return ""
        entry = self.index[names[guess[0]]][0]
        return f"; có phải ý bạn là '{entry.name}' (mã {entry.id})?"


@dataclass
class Registries:
    """The three vocabularies profiles refer to."""

    units: Registry
    movements: Registry
    awards: Registry


@dataclass(frozen=True)
class StoryImage:
    """An image of a story: a photo file beside the profile, published through the photo pipeline."""

    source: Path
    """Absolute path of the file, checked to lie inside the profiles folder."""
    alt: str
    """The text alternative (`![alt](...)`)."""
    line: int = 0
    """Line of the image in the story (in its file, once the load stage has placed it)."""
    written_in: Path | None = None
    """The file the story is written in (set by the load stage), for messages."""


@dataclass
class ResolvedAward:
    """An award of a profile with its entry in the award vocabulary."""

    award: Award
    title: AwardTitle
    wording: str
    """The title as its decision words it: a dated legal wording (2003 law) when used, else the name."""


@dataclass
class Profile:
    """A profile resolved against the registries: what the derive and render stages and the listings use."""

    data: ProfileData
    """What the file says, validated."""
    id: str
    """The profile's id: its `id` field, else made from the file name."""
    slug: str
    """The last part of the page's address (`ho-so/<slug>/`)."""
    source: Path
    """The profile file, `.md` or `.yml`."""
    unit: Unit
    movements: list[Movement]
    awards: list[ResolvedAward]
    """Awards, highest rank first, then newest first."""
    photo: Path | None
    """Absolute path of the photo source, checked to lie inside the profiles folder."""
    photo_line: int = 0
    """Line of the `photo:` field in `source`, for a problem found when the photo is derived."""
    status: Status = "published"
    """`published`, `draft`, `scheduled` or `no-consent` (individuals without a consent record)."""
    story_html: str = ""
    """The story, sanitised, rendered once every profile's status is known (`render_stories`); its
    images are markers that the render stage turns into pictures."""
    story_images: list[StoryImage] = field(default_factory=list)
    """The images of the story, in the order of their markers."""

    @property
    def name(self) -> str:
        """The name as written: a person's or a collective's, without prefix."""
        return self.data.name

    @property
    def display_name(self) -> str:
        """Name with its academic prefix: "ThS. Đặng Thị Hường"."""
        prefix = self.data.prefix
        return f"{prefix} {self.name}" if prefix else self.name

    @property
    def publish_date(self) -> dt.date | None:
        """The first day it may be published: its `publish_on`, or a consent's date when that is later."""
        dates = [d for d in (self.data.publish_on, self.data.consent.date if self.data.consent else None) if d]
        return max(dates) if dates else None

    @property
    def kind(self) -> str:
        """`individual` or `collective`."""
        return self.data.kind

    @property
    def kind_label(self) -> str:
        """The kind in Vietnamese: "Cá nhân", "Tập thể"."""
        return KIND_LABELS[self.data.kind]

    @property
    def top_award(self) -> ResolvedAward | None:
        """The highest award, shown on cards and used for ordering."""
        return self.awards[0] if self.awards else None

    @property
    def top_rank(self) -> int:
        """Rank of the highest award (0 without one): the default order's first key."""
        return self.awards[0].title.rank if self.awards else 0

    def sort_key(self) -> tuple:
        """Default order: highest award rank first, then Vietnamese order of the name."""
        name_key = person_name_key(self.name) if self.kind == "individual" else collation_key(self.name)
        return (-self.top_rank, name_key, self.slug)


@dataclass
class Session:
    """A program item with its times resolved and its speakers matched to profiles."""

    item: ProgramItem
    start: dt.datetime
    end: dt.datetime
    index: int
    """Position in the program as written (for locating problems)."""
    name: str = ""
    """How messages name the item: "mục 'Khai mạc'", "mục thứ 4 (Tham luận)"."""
    speakers: list[tuple[Speaker, Profile | None]] = field(default_factory=list)
    """Each speaker with its published profile, when it names one."""

    @property
    def kind_label(self) -> str:
        """The item's kind in Vietnamese: "Khai mạc", "Tham luận"."""
        return ITEM_KINDS[self.item.kind]

    @property
    def title(self) -> str:
        """The item's title, or for a paper the title of its speaker's published paper, or the kind."""
        if self.item.title:
            return self.item.title
        for _, profile in self.speakers:
            if profile is not None and profile.data.paper:
                return profile.data.paper.title
        return self.kind_label


@dataclass
class Conference:
    """The conference with its times resolved to aware datetimes in its zone."""

    data: ConferenceData
    start: dt.datetime
    end: dt.datetime | None
    """The written end, else the end of the last program item; None while it is to be announced."""
    sessions: list[Session] = field(default_factory=list)
    """The program in time order."""
    source: Document | None = None
    """Where it was read from, for locating problems found later (speakers)."""
    path: Path | None = None
    """The conference file, for those problems."""
    ceremony: list[Profile] = field(default_factory=list)
    """The published profiles honoured, in the ceremony's order (`load_conference.resolve_ceremony`)."""

    @property
    def zone(self) -> dt.tzinfo:
        """The conference's time zone (its start is an aware datetime in it)."""
        assert self.start.tzinfo is not None
        return self.start.tzinfo

    def is_over(self, now: dt.datetime) -> bool:
        """Whether the conference has been held: after its end, or without one, from the next day."""
        if self.end is not None:
            return now >= self.end
        return now.astimezone(self.zone).date() > self.start.date()


@dataclass
class Article:
    """An article checked: what the derive and render stages use."""

    data: ArticleData
    """What the file says, validated."""
    id: str
    """Its `id` field, else made from the file name; the last part of its page's address."""
    source: Path
    """The article file."""
    cover: Path | None = None
    """Absolute path of the cover photo, checked to lie inside the articles or the profiles folder."""
    cover_line: int = 0
    """Line of the `cover:` field, for a problem found when the cover is derived."""
    status: Status = "published"
    """`published`, `draft`, `scheduled` (its publication date is after today) or `no-consent` (it is about an
    individual who has not consented to publication)."""
    body_html: str = ""
    """The body, sanitised; its images are markers that the render stage turns into pictures."""
    body_images: list[StoryImage] = field(default_factory=list)
    """The images of the body, in the order of their markers."""
    profile_lines: dict[str, int] = field(default_factory=dict)
    """The line of each id of `profiles`, for messages."""
    id_line: int = 1
    """The line of the `id:` field (1 without one: the id is the file's name), for messages."""

    @property
    def slug(self) -> str:
        """The last part of the page's address (`tin-bai/<slug>/`)."""
        return self.id

    @property
    def title(self) -> str:
        """The article's title."""
        return self.data.title

    @property
    def publish_date(self) -> dt.date:
        """The first day it may be published: `publish_on`, else its date."""
        return self.data.publish_on or self.data.date

    @property
    def category_label(self) -> str:
        """The category in Vietnamese: "Tin Hội nghị"."""
        return ARTICLE_CATEGORIES[self.data.category]

    def sort_key(self) -> tuple:
        """Newest first, then by title (Vietnamese order) and id."""
        return (-self.data.date.toordinal(), collation_key(self.title), self.id)


@dataclass
class ContestEntry:
    """An entry of the writing contest, checked."""

    data: ContestEntryData
    """What the file says, validated."""
    id: str
    """Made from the file name: the last part of its page's address."""
    source: Path
    """The entry file."""
    body_html: str = ""
    """The text, sanitised by the stories' pipeline."""
    photo: Path | None = None
    """Absolute path of its photo, checked to lie inside the contest or the profiles folder."""
    photo_line: int = 0
    """Line of the `photo:` field, for a problem found when the photo is derived."""

    @property
    def title(self) -> str:
        """The entry's title."""
        return self.data.title

    @property
    def author_shown(self) -> str:
        """The author's name as published: only with a consent date (Law 91/2025), else "(chưa công bố)"."""
        return self.data.author if self.data.consent else "(chưa công bố)"

    @property
    def result_label(self) -> str:
        """The prize in Vietnamese, or "Không đạt giải"."""
        return PRIZES[self.data.result] if self.data.result else "Không đạt giải"

    def sort_key(self) -> tuple:
        """Highest prize first, then by title."""
        rank = list(PRIZES).index(self.data.result) if self.data.result else len(PRIZES)
        return (rank, collation_key(self.title), self.id)


@dataclass
class ContestRound:
    """A round of the writing contest with its entries."""

    data: ContestRoundData
    """What the round file says, validated."""
    id: str
    """The round's folder name: the last part of its page's address."""
    source: Path
    """The round file."""
    entries: list[ContestEntry] = field(default_factory=list)
    """Its entries that passed their checks, highest prize first."""
    published: bool = False
    """Whether the results are public (`published: true` and `results_on`, if any, reached)."""

    @property
    def title(self) -> str:
        """The round's title."""
        return self.data.title


@dataclass
class Site:
    """Everything read and validated: what the later stages need, and nothing they must re-read."""

    root: Path
    registries: Registries
    conference: Conference
    profiles: list[Profile]
    """Published profiles in the default order."""
    skipped: list[Profile]
    """Valid profiles not published now (drafts, scheduled, individuals without consent)."""
    problems: Problems
    """The warnings found (a site is loaded only when there are no errors)."""
    articles: list[Article] = field(default_factory=list)
    """Published articles, newest first."""
    skipped_articles: list[Article] = field(default_factory=list)
    """Valid articles not published now (drafts, scheduled)."""
    contest: list[ContestRound] = field(default_factory=list)
    """Every round of the writing contest that passed its checks, published or not (`published`)."""

    @cached_property
    def published_by_id(self) -> dict[str, Profile]:
        """Published profiles by id."""
        return {p.id: p for p in self.profiles}

    @cached_property
    def articles_about(self) -> dict[str, list[Article]]:
        """Published articles by the id of each published profile they are about, newest first."""
        about: dict[str, list[Article]] = {}
        for article in self.articles:
            for profile_id in dict.fromkeys(article.data.profiles):
                if profile_id in self.published_by_id:
                    about.setdefault(profile_id, []).append(article)
        return about
