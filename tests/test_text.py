"""Vietnamese text: slugs, folding, tone placement and collation."""

import unicodedata

from generator.text import collation_key, fold, heading_id, initials, person_name_key, slugify, tone_key


def test_slug_maps_d_stroke_and_drops_marks():
    assert slugify("Đặng Thị Hường") == "dang-thi-huong"
    assert slugify("  Trịnh   Minh Tuấn (KCN) ") == "trinh-minh-tuan-kcn"
    assert slugify(unicodedata.normalize("NFD", "Đặng Thị Hường")) == "dang-thi-huong"


def test_fold_is_accent_free_lower_case():
    assert fold("Nguyễn Văn Hùng") == "nguyen van hung"
    assert fold("ĐƯỜNG") == "duong"


def test_tone_key_ignores_placement_and_normal_form_but_not_letters():
    assert tone_key("Hoà") == tone_key("Hòa") == tone_key(unicodedata.normalize("NFD", "Hoà"))
    assert tone_key("Thuý") == tone_key("Thúy")
    assert tone_key("Hùng") != tone_key("Hưng")
    assert tone_key("Dương") != tone_key("Đường")


def test_collation_follows_the_vietnamese_alphabet_then_tones():
    words = ["Đào", "Dung", "Ân", "An", "Bình", "Ăn", "Ơn", "Ôn", "On", "Án", "Àn"]
    ordered = sorted(words, key=collation_key)
    assert ordered == ["An", "Àn", "Án", "Ăn", "Ân", "Bình", "Dung", "Đào", "On", "Ôn", "Ơn"]


def test_person_names_sort_by_given_name_then_family_name():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Đặng Thị Ánh"]
    assert sorted(names, key=person_name_key) == ["Lê Văn An", "Nguyễn Thị An", "Đặng Thị Ánh", "Trần Văn Bình"]


def test_initials_take_first_and_last_word():
    assert initials("Nguyễn Thị Hương") == "NH"
    assert initials("Đặng Hoà") == "ĐH"
    assert initials("An") == "A"


def test_heading_anchors_keep_every_letter():
    # Python-Markdown's own slugify drops "đ", which left "#guong-ien-hinh" in the addresses.
    assert heading_id("Gương điển hình tiêu biểu") == "guong-dien-hinh-tieu-bieu"
    assert heading_id("Đơn vị — Khu CNC Hòa Lạc", "_") == "don_vi_khu_cnc_hoa_lac"
