"""Hostile files: links out of the project, devices, FIFOs and oversized files among the inputs; a site folder
that is an input; two builds at once; and builds that must give the same bytes wherever they run.

Every case ends in a Vietnamese message naming the file (and line and field where there is one), or in a
clean publication: never a traceback, never a hang (`pytest.mark.timeout`), never a file changed outside
the site folder.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator import cli, load, publish
from generator.build import MARKER
from generator.derived_files import SHARED_NAME, DerivedFileCache
from generator.photos import derive_photo, photo_job
from generator.problems import BuildFailed, InputError
from generator.readers import ReadError
from tests.helpers import INDIVIDUAL, TODAY, build, site_text, snapshot

BIN = Path(sys.executable).parent
SECRET = "ghs_0123456789SECRETTOKEN"
NOT_REGULAR = "không phải tệp thông thường (thư mục, thiết bị hay đường ống); chỉ dùng tệp văn bản, tệp ảnh"
LINK_OUT = "là liên kết tắt trỏ ra ngoài thư mục {}/; chỉ dùng tệp nằm trong thư mục này"


def with_photo(photo: str) -> str:
    """The sample individual with `photo:` on line 8."""
    return INDIVIDUAL.replace("unit: van-phong", f"unit: van-phong\nphoto: {photo}")


def problems_of(project) -> list[str]:
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


def git_checkout(project) -> Path:
    """A `.git/config` holding a token, as a CI checkout that persists its credentials has."""
    config = project.root / ".git/config"
    config.parent.mkdir()
    config.write_text(f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}\n')
    return config


def sparse(path: Path, size: int) -> Path:
    """A file claiming `size` bytes without taking the room on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.truncate(size)
    return path


def no_secret_anywhere(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


# --- only regular files inside their folder are read --------------------------------------------------------

def test_profile_linked_to_the_git_config_is_refused_and_never_published(project, monkeypatch, capsys):
    project.write("profiles/x.md", INDIVIDUAL)
    build(project)
    site = project.root / "site"
    before = snapshot(site)
    git_checkout(project)
    os.symlink("../.git/config", project.profiles / "leak.md")
    assert problems_of(project) == [f"profiles/leak.md: {LINK_OUT.format('profiles')}"]
    monkeypatch.chdir(project.root)
    assert vinhdanh(project, "build") == 1
    assert SECRET not in capsys.readouterr().out
    assert snapshot(site) == before
    no_secret_anywhere(site)


def test_yaml_profile_linked_out_is_refused_too(project, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text(f"name: {SECRET}\nkind: collective\nunit: van-phong\n")
    os.symlink(outside, project.profiles / "leak.yml")
    assert problems_of(project) == [f"profiles/leak.yml: {LINK_OUT.format('profiles')}"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_story_linked_to_dev_zero_or_a_fifo_is_refused_without_reading(project, kind):
    project.write("profiles/x.yml", INDIVIDUAL.split("---")[1])  # the front matter alone
    story = project.profiles / "x.md"
    if kind == "dev-zero":
        os.symlink("/dev/zero", story)
        expected = LINK_OUT.format("profiles")
    else:
        os.mkfifo(story)  # opening it for reading would wait for a writer forever
        expected = NOT_REGULAR
    assert problems_of(project) == [f"profiles/x.md: {expected}"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name, make, message", [
    ("zero.jpg", lambda p: os.symlink("/dev/zero", p),
     "ảnh trỏ ra ngoài thư mục profiles/ (liên kết tắt không được phép): anh/zero.jpg"),
    ("fifo.jpg", os.mkfifo, f"{NOT_REGULAR}: anh/fifo.jpg"),
    ("big.jpg", lambda p: sparse(p, 31_000_000), "tệp quá lớn (31.000.000 byte; tối đa 30.000.000): anh/big.jpg"),
    ("loop.jpg", lambda p: os.symlink("loop.jpg", p),
     "không đọc được tệp ảnh (liên kết tắt vòng hoặc đường dẫn không hợp lệ): anh/loop.jpg"),
    ("folder.jpg", os.mkdir, f"{NOT_REGULAR}: anh/folder.jpg"),
])
def test_photo_that_is_a_device_fifo_oversized_or_a_loop_is_refused_without_reading(project, name, make, message):
    (project.profiles / "anh").mkdir()
    make(project.profiles / "anh" / name)
    project.write("profiles/x.md", with_photo(f"anh/{name}"))
    assert problems_of(project) == [f"profiles/x.md:8: photo: {message}"]


@pytest.mark.timeout(60)
def test_photo_swapped_for_a_fifo_after_the_check_is_refused_when_derived(project, monkeypatch, caplog):
    photo = project.photo("anh/a.jpg")
    project.write("profiles/x.md", with_photo("anh/a.jpg"))
    checked = publish.load

    def check_then_swap(paths):
        site = checked(paths)
        photo.unlink()
        os.mkfifo(photo)
        return site

    monkeypatch.setattr(publish, "load", check_then_swap)
    with pytest.raises(BuildFailed):
        build(project)
    assert f"profiles/x.md:8: photo: {NOT_REGULAR}: anh/a.jpg" in caplog.text
    assert not (project.root / "site").exists()


@pytest.mark.timeout(60)
def test_derivation_refuses_a_link_out_and_a_fifo_before_reading(tmp_path):
    os.symlink("/dev/zero", tmp_path / "zero.jpg")
    os.mkfifo(tmp_path / "fifo.jpg")
    for name in ("zero.jpg", "fifo.jpg"):
        with pytest.raises(ReadError):
            derive_photo(tmp_path / name)
    cache = DerivedFileCache(tmp_path / "cache")
    job = photo_job(cache, tmp_path / "fifo.jpg")
    assert cache.run([job])[1] == {job.key: NOT_REGULAR}
    cache.release()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make, message", [
    (lambda p, root: os.symlink(root / ".git/config", p),
     "tham luận trỏ ra ngoài thư mục profiles/ (liên kết tắt không được phép): bai.pdf"),
    (lambda p, root: os.mkfifo(p), f"{NOT_REGULAR}: bai.pdf"),
    (lambda p, root: sparse(p, 60_000_000), "tệp quá lớn (60.000.000 byte; tối đa 50.000.000): bai.pdf"),
    (lambda p, root: None, "không tìm thấy tệp tham luận: bai.pdf"),
])
def test_paper_file_must_be_a_regular_file_inside_profiles(project, make, message):
    git_checkout(project)
    make(project.profiles / "bai.pdf", project.root)
    project.write("profiles/x.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\npaper:\n  title: Bài\n"
                                                      "  file: bai.pdf"))
    assert problems_of(project) == [f"profiles/x.md:10: paper.file: {message}"]


def test_paper_file_inside_profiles_is_accepted(project):
    (project.profiles / "bai.pdf").write_bytes(b"%PDF-1.7\n")
    project.write("profiles/x.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\npaper:\n  title: Bài\n"
                                                      "  file: bai.pdf"))
    assert [p.id for p in project.load().profiles] == ["x"]


def test_linked_folders_of_profiles_are_not_walked(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "ngoai.md").write_text(INDIVIDUAL.replace("Nguyễn Văn An", "Người Ngoài Dự Án"))
    os.symlink(outside, project.profiles / "ngoai")
    project.write("profiles/x.md", INDIVIDUAL)
    assert [p.id for p in project.load().profiles] == ["x"]
    build(project)
    assert "Người Ngoài Dự Án" not in site_text(project.root / "site")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name, make, message", [
    ("leak.md", lambda p, root: os.symlink("../.git/config", p), LINK_OUT.format("content")),
    ("git", lambda p, root: os.symlink("../.git", p),
     "là thư mục liên kết tắt trỏ ra ngoài thư mục content/; chỉ dùng thư mục nằm trong thư mục này"),
    ("vong", lambda p, root: os.symlink(".", p),
     "là thư mục liên kết tắt trỏ về thư mục chứa nó (vòng lặp không dứt); hãy xóa liên kết này"),
    ("zero.md", lambda p, root: os.symlink("/dev/zero", p), LINK_OUT.format("content")),
    ("fifo.md", lambda p, root: os.mkfifo(p), NOT_REGULAR),
    ("lon.md", lambda p, root: sparse(p, 2_000_000), "tệp quá lớn (2.000.000 byte; tối đa 1.000.000)"),
    ("video.mp4", lambda p, root: sparse(p, 40_000_000), "tệp quá lớn (40.000.000 byte; tối đa 30.000.000)"),
])
def test_content_pages_are_checked_before_mkdocs_reads_them(project, name, make, message):
    git_checkout(project)
    make(project.root / "content" / name, project.root)
    assert problems_of(project) == [f"content/{name}: {message}"]
    with pytest.raises(InputError):
        build(project)
    assert not (project.root / "site").exists()


@pytest.mark.timeout(120)
def test_content_is_checked_again_by_the_plugin(project, monkeypatch, caplog):
    # A file changed after `check` (here: the check skipped) is still refused before MkDocs reads it.
    git_checkout(project)
    os.symlink("../.git/config", project.root / "content/leak.md")
    monkeypatch.setattr(load, "check_page_folder", lambda folder, problems: None)
    with pytest.raises(BuildFailed):
        build(project)
    assert f"content/leak.md: {LINK_OUT.format('content')}" in caplog.text
    assert not (project.root / "site").exists()


@pytest.mark.timeout(300)
def test_mkdocs_build_alone_refuses_a_linked_page(project):
    git_checkout(project)
    os.symlink("../.git", project.root / "content/git")
    result = subprocess.run([str(BIN / "mkdocs"), "build"], cwd=project.root, capture_output=True, text=True,
                            env={**os.environ, "VINHDANH_TODAY": TODAY.isoformat()})
    assert result.returncode != 0
    assert "content/git: là thư mục liên kết tắt trỏ ra ngoài thư mục content/" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()


# --- the site folder is never an input ----------------------------------------------------------------------

def vinhdanh(project, *args: str) -> int:
    return cli.main(["-f", str(project.root / "mkdocs.yml"), *args])


ADVICE = ("Mỗi lần xây dựng xóa và thay toàn bộ thư mục xuất, nên nó không được là, chứa hay nằm trong dữ liệu "
          "của dự án; hãy chọn thư mục khác, ví dụ 'site'.")


@pytest.mark.parametrize("site_dir, what", [
    ("profiles", "là thư mục hồ sơ (profiles/)"),
    ("profiles/site", "nằm trong thư mục hồ sơ (profiles/)"),
    ("data", "là thư mục danh mục và Hội nghị (data/)"),
    ("content", "là thư mục các trang viết tay (content/)"),
    ("theme/assets", "nằm trong thư mục giao diện (theme/)"),
    ("mkdocs.yml", "là tệp cấu hình (mkdocs.yml)"),
    (".git", "là kho Git (.git/)"),
    (".git/site", "nằm trong kho Git (.git/)"),
])
def test_site_dir_that_is_or_lies_in_an_input_is_refused(project, monkeypatch, capsys, site_dir, what):
    git_checkout(project)
    project.write("profiles/x.md", INDIVIDUAL)
    monkeypatch.chdir(project.root)
    before = snapshot(project.root)
    assert vinhdanh(project, "build", "--site-dir", site_dir) == 2
    assert capsys.readouterr().err == f"Không xây dựng vào '{site_dir}': thư mục này {what}. {ADVICE}\n"
    assert snapshot(project.root) == before


@pytest.mark.parametrize("site_dir, what", [(".", "là"), ("..", "chứa")])
def test_site_dir_that_is_or_holds_the_project_is_refused(project, monkeypatch, capsys, site_dir, what):
    git_checkout(project)
    monkeypatch.chdir(project.root)
    before = snapshot(project.root)
    assert vinhdanh(project, "build", "--site-dir", site_dir) == 2
    assert capsys.readouterr().err == \
        f"Không xây dựng vào '{site_dir}': thư mục này {what} thư mục dự án ({project.root}). {ADVICE}\n"
    assert snapshot(project.root) == before


def test_site_dir_linked_to_an_input_is_refused(project, monkeypatch, capsys):
    os.symlink("profiles", project.root / "ra")
    monkeypatch.chdir(project.root)
    assert vinhdanh(project, "build", "--site-dir", "ra") == 2
    assert "thư mục này là thư mục hồ sơ (profiles/)" in capsys.readouterr().err


def test_only_a_folder_marked_as_a_site_is_replaced(project, monkeypatch, capsys):
    project.write("profiles/x.md", INDIVIDUAL)
    monkeypatch.chdir(project.root)
    others = project.root / "tai-lieu"
    (others / "bao-cao.docx").parent.mkdir()
    (others / "bao-cao.docx").write_bytes(b"PK")
    assert vinhdanh(project, "build", "--site-dir", "tai-lieu") == 2
    assert capsys.readouterr().err == (
        f"Không xây dựng vào 'tai-lieu': thư mục đã có tệp nhưng không phải trang do vinhdanh xây dựng (thiếu tệp "
        f"{MARKER}), nên không bị xóa. Hãy chọn một thư mục mới hoặc trống, hoặc tự xóa thư mục này nếu chắc "
        "chắn không cần nó.\n")
    assert [p.name for p in others.iterdir()] == ["bao-cao.docx"]

    (project.root / "trong").mkdir()  # empty: built into
    assert vinhdanh(project, "build", "--site-dir", "trong") == 0
    assert (project.root / "trong" / MARKER).is_file() and (project.root / "trong/ho-so/x/index.html").is_file()
    (project.root / "trong/cu.html").write_text("trang cũ")
    assert vinhdanh(project, "build", "--site-dir", "trong") == 0  # marked by the last build: replaced
    assert not (project.root / "trong/cu.html").exists()


@pytest.mark.timeout(300)
def test_mkdocs_build_alone_refuses_an_input_as_site_dir(project):
    project.write("profiles/x.md", INDIVIDUAL)
    before = snapshot(project.root)
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--site-dir", "profiles"], cwd=project.root,
                            capture_output=True, text=True, env={**os.environ, "VINHDANH_TODAY": TODAY.isoformat()})
    assert result.returncode != 0
    assert f"thư mục này là thư mục hồ sơ (profiles/). {ADVICE}" in result.stdout + result.stderr
    assert snapshot(project.root) == before


# --- two builds at once -------------------------------------------------------------------------------------

@pytest.mark.own_cache
@pytest.mark.timeout(600)
def test_two_builds_at_once_both_succeed_round_after_round(project):
    # Two public addresses: each build's QR codes and share images are entries the other does not use, the
    # ones a prune used to remove under the other's feet. A changed photo each round gives prunes work.
    photo = project.photo("anh/a.jpg")
    project.write("profiles/x.md", with_photo("anh/a.jpg"))
    project.write("profiles/y.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Thị Bình"))
    env = {**os.environ, "VINHDANH_TODAY": TODAY.isoformat()}
    for round_ in range(3):
        Image.new("RGB", (400, 500), (round_ * 60, 90, 120)).save(photo)
        runs = [subprocess.Popen([str(BIN / "vinhdanh"), "build", "--site-dir", f"site-{name}",
                                  "--site-url", f"https://{name}.example/"], cwd=project.root, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for name in ("a", "b")]
        outputs = [run.communicate()[0] for run in runs]
        for run, output in zip(runs, outputs, strict=True):
            assert run.returncode == 0 and "Traceback" not in output, output
        for name in ("a", "b"):
            page = (project.root / f"site-{name}/ho-so/x/index.html").read_text()
            assert f"https://{name}.example/ho-so/x/" in page
            assert (project.root / f"site-{name}/assets/qr/ho-so/x.png").is_file()


@pytest.mark.timeout(600)
def test_two_builds_into_the_same_folder_swap_one_at_a_time(project):
    project.write("profiles/x.md", INDIVIDUAL)
    env = {**os.environ, "VINHDANH_TODAY": TODAY.isoformat()}
    runs = [subprocess.Popen([str(BIN / "vinhdanh"), "build"], cwd=project.root, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    for run in runs:
        output = run.communicate()[0]
        assert run.returncode == 0, output
    assert (project.root / "site/ho-so/x/index.html").is_file()
    assert not [p.name for p in project.root.iterdir() if p.name.startswith(".site")]


def test_a_prune_while_another_build_uses_the_cache_removes_nothing(tmp_path):
    photos = []
    for i, colour in enumerate(("red", "blue")):
        photos.append(tmp_path / f"in/{i}.jpg")
        photos[-1].parent.mkdir(exist_ok=True)
        Image.new("RGB", (300, 400), colour).save(photos[-1])
    serving = DerivedFileCache(tmp_path / "cache")  # `vinhdanh serve` in the middle of a rebuild
    (key,) = serving.run([photo_job(serving, photos[0])])[0]
    temporary = tmp_path / "cache/.x.webp.123.tmp"  # a file it is writing
    temporary.write_bytes(b"half")
    building = DerivedFileCache(tmp_path / "cache")  # `vinhdanh build`, using only the other photo
    building.run([photo_job(building, photos[1])])
    before = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert building.prune() is None
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == before
    serving.release()
    # Alone, a prune removes what this build did not use, leftovers of a stopped build included.
    again = DerivedFileCache(tmp_path / "cache")
    again.run([photo_job(again, photos[1])])
    assert again.prune() == 9 + 1
    assert not temporary.exists() and not list((tmp_path / "cache").glob(f"{key}.*"))



def test_a_shared_cache_is_never_pruned(tmp_path):
    photo = tmp_path / "in/a.jpg"
    photo.parent.mkdir()
    Image.new("RGB", (300, 400), "red").save(photo)
    other = DerivedFileCache(tmp_path / "cache")  # another project's build, done
    other.run([photo_job(other, photo)])
    other.release()
    (tmp_path / "cache" / SHARED_NAME).touch()
    before = sorted(p.name for p in (tmp_path / "cache").iterdir())
    building = DerivedFileCache(tmp_path / "cache")  # this project's, using none of it
    building.run([])
    assert building.prune() is None
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == before

# --- a small photo is published, with a warning -------------------------------------------------------------

@pytest.mark.parametrize("size, portrait", [((60, 80), (60, 80)), ((1, 1), (1, 1)), ((3000, 40), (60, 40))])
def test_small_scanned_photo_is_published_at_its_size_with_a_warning(project, monkeypatch, size, portrait):
    project.photo("anh/a.jpg", size)
    project.write("profiles/x.md", with_photo("anh/a.jpg"))
    site = project.load()
    assert [str(p) for p in site.problems.sorted()] == [
        f"profiles/x.md:8: photo: cảnh báo: ảnh nhỏ ({size[0]}x{size[1]} điểm ảnh) được đăng đúng kích thước này "
        "nên có thể bị mờ; nếu có ảnh gốc lớn hơn (từ 240 điểm ảnh mỗi cạnh), hãy gửi ảnh đó: anh/a.jpg"]
    monkeypatch.chdir(project.root)
    assert vinhdanh(project, "check", "--strict") == 1
    assert vinhdanh(project, "build") == 0
    page = (project.root / "site/ho-so/x/index.html").read_text()
    listing = (project.root / "site/dien-hinh/index.html").read_text()
    assert f'width="{portrait[0]}" height="{portrait[1]}"' in page
    assert f'width="{min(size)}" height="{min(size)}"' in listing


# --- reproducible -------------------------------------------------------------------------------------------

@pytest.mark.timeout(600)
def test_two_builds_in_different_folders_with_different_tz_and_lang_are_byte_identical(project, tmp_path):
    project.photo("anh/a.jpg")
    project.write("profiles/x.md", with_photo("anh/a.jpg"))
    project.write("profiles/y.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Thị Bình"))
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    sites = []
    for folder, tz, lang in (("mot", "UTC", "C.UTF-8"), ("hai/ba", "Pacific/Kiritimati", "vi_VN.UTF-8")):
        root = tmp_path / folder / "du-an"
        shutil.copytree(project.root, root)  # copies keep their modification times, as a checkout's commit time
        result = subprocess.run([str(BIN / "vinhdanh"), "build"], cwd=root, capture_output=True, text=True,
                                env={**env, "TZ": tz, "LANG": lang, "LC_ALL": lang})
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(snapshot(root / "site"))
    assert sites[0] == sites[1]


def test_build_time_is_source_date_epoch_or_the_newest_input(project, monkeypatch):
    project.write("profiles/x.md", INDIVIDUAL)
    newest = dt.datetime(2025, 5, 30, 9, 15, 0, tzinfo=dt.UTC)
    for path in project.root.rglob("*"):
        if path.is_file():
            os.utime(path, (newest.timestamp() - 3600,) * 2)
    os.utime(project.profiles / "x.md", (newest.timestamp(),) * 2)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(project)
    site = project.root / "site"
    assert "DTSTAMP:20250530T091500Z" in (site / "hoi-nghi/hoi-nghi.ics").read_text()
    assert "<lastmod>2025-05-30</lastmod>" in (site / "sitemap.xml").read_text()
    assert "SOURCE_DATE_EPOCH" not in os.environ  # given to MkDocs for the build only

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2025, 6, 2, 1, 2, 3, tzinfo=dt.UTC).timestamp())))
    build(project)
    assert "DTSTAMP:20250602T010203Z" in (site / "hoi-nghi/hoi-nghi.ics").read_text()
    assert "<lastmod>2025-06-02</lastmod>" in (site / "sitemap.xml").read_text()
