"""Readers: encodings and safe YAML with line numbers."""

import codecs
import time

import pytest

from generator.readers import MAX_FILE_BYTES, ReadError, decode, parse_yaml, read_text, split_front_matter


def test_yaml_1_1_pitfalls_stay_text():
    doc = parse_yaml("time: 12:30\nanswer: no\nday: 2025-02-31\nphone: 0912345678\nyear: 2024\nok: true\n")
    assert doc.data == {"time": "12:30", "answer": "no", "day": "2025-02-31", "phone": "0912345678",
                        "year": 2024, "ok": True}


def test_every_value_has_its_line():
    doc = parse_yaml("a: 1\nlist:\n  - x: 1\n    y: 2\n  - z\n", line_offset=1)
    assert doc.line_of(("a",)) == 2
    assert doc.line_of(("list", 0, "y")) == 5
    assert doc.line_of(("list", 1)) == 6
    assert doc.line_of(("list", 7, "missing")) == 3


@pytest.mark.parametrize("text, message", [
    ("a: !!python/object/apply:os.system ['true']", "thẻ YAML tag:yaml.org,2002:python/object/apply:os.system"),
    ("a: !custom x", "thẻ YAML !custom không được phép"),
    ("a: 1\na: 2", "khóa 'a' bị lặp lại"),
    ("base: &b {x: 1}\nderived:\n  <<: *b", "không hỗ trợ khóa gộp"),
    ("a: [1, 2", "YAML không hợp lệ"),
])
def test_unsafe_or_broken_yaml_is_refused_with_a_line(text, message):
    with pytest.raises(ReadError) as caught:
        parse_yaml(text)
    assert message in caught.value.message
    assert caught.value.line >= 1


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    with pytest.raises(ReadError, match="quá lớn sau khi mở rộng bí danh"):
        parse_yaml("\n".join(lines))
    assert time.perf_counter() - started < 5  # bounded, not a proof of speed


def test_deep_nesting_is_refused():
    with pytest.raises(ReadError, match="lồng nhau quá sâu"):
        parse_yaml("a: " + "[" * 60 + "]" * 60)


def test_utf8_bom_is_accepted_and_text_normalised_to_nfc():
    assert decode(codecs.BOM_UTF8 + "Hoa\u0300".encode()) == "Hoà"


@pytest.mark.parametrize("data, expected", [
    ("name: Nguyễn".encode("utf-16"), "UTF-16"),
    ("name: Nguyễn".encode("utf-16-le"), "UTF-16"),
    (b"name: Nguy\xea\xden V\xe3n Hu\xccng\n", "Windows-1258"),
    ("name: NguyÔn V¨n Hïng\n".encode(), "TCVN3"),
    ("name: Nguyeãn Vaên Huøng\n".encode(), "VNI"),
])
def test_other_encodings_are_named_not_published(data, expected):
    with pytest.raises(ReadError) as caught:
        decode(data)
    assert expected in caught.value.message


def test_real_vietnamese_with_latin1_letters_is_not_mistaken_for_legacy_text():
    text = "Bà Trần Thị Ánh, Phòng Quản lý đầu tư — «Sáng kiến» số 3, 25°C"
    assert decode(text.encode()) == text


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ReadError, match="tệp quá lớn"):
        read_text(path, tmp_path)


def test_front_matter_split_reports_where_the_body_starts():
    front, body, line = split_front_matter("---\nname: A\nkind: individual\n---\n\nStory\n")
    assert front == "name: A\nkind: individual\n"
    assert body == "\nStory\n"
    assert line == 5
    assert split_front_matter("no front matter")[0] is None


TAB = ("YAML không hợp lệ: có ký tự Tab; phần thông tin chỉ thụt lề bằng dấu cách, kể cả sau dấu '-' của mục danh "
       "sách: hãy thay Tab bằng dấu cách")


@pytest.mark.parametrize("text, line", [
    ("movements:\n\t- Người tốt, việc tốt\n", 2),  # a tab to indent a list
    ("movements:\n  - Người tốt, việc tốt\n\t- Sáng kiến\n", 3),  # a tab before a later item
    ("highlights:\n  - Ý một\n  -\tÝ hai\n", 3),  # a tab after the dash of a list item
    ("awards:\n  - title: Lao động tiên tiến\n\t  year: 2024\n", 3),  # a tab inside an item
    ("awards:\n  -\ttitle: Lao động tiên tiến\n", 2),
])
def test_every_tab_that_breaks_yaml_gets_the_same_vietnamese_hint(text, line):
    with pytest.raises(ReadError) as caught:
        parse_yaml(text)
    assert (caught.value.message, caught.value.line) == (TAB, line)


def test_a_tab_between_a_field_and_its_value_is_fine():
    assert parse_yaml("name:\tAn\nmovements: [a,\tb]\n").data == {"name": "An", "movements": ["a", "b"]}


def test_unclosed_front_matter_says_not_closed_rather_than_missing():
    for text in ("---\nname: An\nkind: individual\n\nCâu chuyện.\n", "---", "--- \r\nname: An\r\n--\r\n"):
        with pytest.raises(ReadError) as caught:
            split_front_matter(text)
        assert (caught.value.line, caught.value.message) == (1, (
            "phần thông tin đầu tệp (front matter) mở bằng dòng '---' nhưng chưa được đóng: hãy thêm một dòng '---' "
            "ngay sau trường cuối cùng, trước câu chuyện"))
    assert split_front_matter("Câu chuyện\n---\n") == (None, "Câu chuyện\n---\n", 1)  # a rule below the text


@pytest.mark.parametrize("text, message", [
    ("a: b: c", "dấu ':' không đúng chỗ"),
    ("a: @x", "có ký tự không hợp lệ ở đầu giá trị (giá trị bắt đầu bằng @, ` hoặc % phải đặt trong dấu nháy)"),
    ("a:\n  b: 1\n c: 2", "thụt lề không khớp"),
    ("a: *nothing", "bí danh (*) chưa được định nghĩa"),
    ('a: "open', "thiếu dấu nháy đóng"),
    ("a: [1, 2\nb: 3", "thiếu dấu ']'"),
])
def test_common_yaml_mistakes_are_explained_in_vietnamese(text, message):
    with pytest.raises(ReadError) as caught:
        parse_yaml(text)
    assert message in caught.value.message, caught.value.message
