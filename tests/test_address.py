"""The site's one public address: given on the command line, printed everywhere an absolute URL is, and
refused for publication while it is still mkdocs.yml's placeholder."""

import gzip
import logging
import re

import pytest
import zxingcpp
from PIL import Image

from generator.cli import main
from generator.publish import AddressError, check_deploy_address, site_address
from tests.helpers import INDIVIDUAL, REPO

PLACEHOLDER = "https://example.github.io/vinhdanh/"
PUBLIC = "https://cong.hanoi-htp.vn/vinh-danh/"
"""A public address under a sub-path, as the Board's e-portal would give."""
HOW = ("Hãy cho địa chỉ thật: vinhdanh build --deploy --site-url ĐỊA_CHỈ (dạng https://<tên miền>/<đường dẫn>/). "
       "Trên GitHub Pages, quy trình tự lấy địa chỉ của trang; xem phần 'Publishing' trong README.")


def vinhdanh(project, *args):
    return main(["-f", str(project.root / "mkdocs.yml"), *args])


def with_photo(project):
    project.photo("anh/a.jpg")
    project.write("profiles/a.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg"))


def decode_qr(path):
    return [result.text for result in zxingcpp.read_barcodes(Image.open(path).convert("L"))]


def published_text(site):
    """Every text file of a built site (sitemap.xml.gz unpacked), by path."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        try:
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # pictures, fonts, the search index's compressed fragments
    return texts


def test_mkdocs_yml_names_the_address_once():
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.findall(r"(?m)^site_url:\s*(\S+)", config) == [PLACEHOLDER]


@pytest.mark.timeout(300)
def test_deploy_build_prints_the_given_address_everywhere(project, capsys):
    with_photo(project)
    assert vinhdanh(project, "build", "--deploy", "--site-url", PUBLIC.rstrip("/")) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Địa chỉ công khai: {PUBLIC} (trong mã QR, thẻ chia sẻ, sitemap và bảng tin).")
    site = project.root / "site"
    texts = published_text(site)
    page = texts["ho-so/a/index.html"]
    assert f'<link rel="canonical" href="{PUBLIC}ho-so/a/">' in page
    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', page))
    assert meta["og:url"] == PUBLIC + "ho-so/a/"
    assert meta["og:image"].startswith(PUBLIC + "assets/chia-se/a-")  # the share image
    assert re.search(rf'"url": ?"{PUBLIC}ho-so/a/"', page)  # schema.org
    assert f"<loc>{PUBLIC}ho-so/a/</loc>" in texts["sitemap.xml"] == texts["sitemap.xml.gz"]
    for feed in ("feed.xml", "rss.xml", "feed.json"):
        assert PUBLIC + "ho-so/a/" in texts[feed], feed
    assert 'href="/vinh-danh/assets/' in texts["404.html"]  # served at any address, so rooted at the address's path
    assert decode_qr(site / "assets/qr/ho-so/a.png") == [PUBLIC + "ho-so/a/"]
    assert decode_qr(site / "assets/qr/chuong-trinh.png") == [PUBLIC + "hoi-nghi/chuong-trinh/"]
    assert [name for name, text in texts.items() if "example.github.io" in text] == []


def test_deploy_build_refuses_the_placeholder_and_writes_nothing(project, capsys):
    project.write("profiles/a.md", INDIVIDUAL)
    for given in ((), ("--site-url", PLACEHOLDER)):
        assert vinhdanh(project, "build", "--deploy", *given) == 2
        assert capsys.readouterr().err.strip() == (
            f"Không xây dựng bản xuất bản với địa chỉ mẫu '{PLACEHOLDER}': mã QR, thẻ chia sẻ, sitemap và bảng "
            f"tin sẽ trỏ tới một trang không có thật. {HOW}")
    assert not (project.root / "site").exists()


def test_deploy_build_refuses_a_missing_address(project, capsys):
    config = project.root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    assert vinhdanh(project, "build", "--deploy") == 2
    assert capsys.readouterr().err.strip() == (
        f"Không xây dựng bản xuất bản: chưa có địa chỉ công khai của trang (site_url). {HOW}")


def test_deploy_build_refuses_to_replace_a_real_address_in_mkdocs_yml(project, capsys):
    # The trap of issue 12: an address set in mkdocs.yml that the workflow's would silently replace.
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(PLACEHOLDER, PUBLIC), encoding="utf-8")
    assert vinhdanh(project, "build", "--deploy", "--site-url", "https://bql.github.io/vinhdanh/") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Không xây dựng bản xuất bản: mkdocs.yml ghi site_url '{PUBLIC}' nhưng bản này được "
                          "giao địa chỉ 'https://bql.github.io/vinhdanh/'. Trang chỉ có một địa chỉ.")
    assert "PUBLIC_SITE_URL" in err
    assert not (project.root / "site").exists()


@pytest.mark.timeout(300)
def test_local_build_keeps_the_placeholder(project, capsys):
    project.write("profiles/a.md", INDIVIDUAL)
    assert vinhdanh(project, "build") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Địa chỉ công khai: {PLACEHOLDER} (địa chỉ mẫu, chỉ để xem thử; bản để xuất bản: vinhdanh build --deploy "
        "--site-url ĐỊA_CHỈ).")
    assert f"<loc>{PLACEHOLDER}ho-so/a/</loc>" in (project.root / "site/sitemap.xml").read_text()


@pytest.mark.timeout(300)
def test_local_build_without_an_address_says_what_is_left_out(project, capsys):
    config = project.root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    project.write("profiles/a.md", INDIVIDUAL)
    assert vinhdanh(project, "build") == 0  # MkDocs' strict mode would stop on a warning
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Chưa có địa chỉ công khai (site_url): trang không có thẻ chia sẻ, mã QR và bảng tin.")
    assert not (project.root / "site/feed.xml").exists()


@pytest.mark.parametrize("given", ["cong.hanoi-htp.vn/vinh-danh", "ftp://cong.hanoi-htp.vn/", "https:///x",
                                   "https://cong.hanoi-htp.vn/?trang=1", "javascript:alert(1)"])
def test_site_url_must_be_a_whole_web_address(project, capsys, given):
    with pytest.raises(SystemExit) as exit:
        vinhdanh(project, "build", "--site-url", given)
    assert exit.value.code == 2
    assert (f"'{given}' không phải địa chỉ trang web đầy đủ; hãy ghi dạng https://<tên miền>/<đường dẫn>/."
            in capsys.readouterr().err)


def test_addresses_end_with_a_slash():
    assert site_address(" https://cong.hanoi-htp.vn/vinh-danh ") == PUBLIC
    assert site_address("https://bql.github.io") == "https://bql.github.io/"


@pytest.mark.parametrize("url", ["https://www.example.com/", "http://localhost:8000/", "http://127.0.0.1/x/",
                                 "https://vinhdanh.test/", "https://a.example/", "http://[::1]/"])
def test_example_and_local_addresses_are_not_published(url):
    with pytest.raises(AddressError, match="địa chỉ mẫu"):
        check_deploy_address(url, PLACEHOLDER)


def test_retired_environment_variable_is_refused(project, monkeypatch, caplog):
    project.write("profiles/a.md", INDIVIDUAL)
    monkeypatch.setenv("VINHDANH_SITE_URL", PUBLIC)
    with caplog.at_level(logging.ERROR):
        assert vinhdanh(project, "build") == 1
    assert ("Biến môi trường VINHDANH_SITE_URL không còn được dùng: hãy bỏ nó (unset VINHDANH_SITE_URL) và cho "
            "địa chỉ bằng 'vinhdanh build --site-url ĐỊA_CHỈ' (hoặc 'make site SITE_URL=ĐỊA_CHỈ').") in caplog.messages
    assert not (project.root / "site").exists()
