"""The sample site matches its golden snapshot (`tests/golden/`): a change of code changes no page or file
of the output unless it means to. After an intended change: `python -m tests.golden`, then review
`git diff -- tests/golden` and commit the snapshot with the change."""

import difflib

from tests.golden import GOLDEN, TEXT, manifest, snapshot


def test_the_sample_site_matches_its_golden_snapshot(sample_site):
    site, _ = sample_site
    files = snapshot(site)
    expected = (GOLDEN / "manifest.txt").read_text(encoding="utf-8")
    actual = manifest(files)
    if actual == expected:
        return
    changed = sorted(set(actual.splitlines()) ^ set(expected.splitlines()), key=lambda line: line.split("  ")[1])
    report = ["Đầu ra khác ảnh chụp (tests/golden); nếu thay đổi là cố ý, chạy `python -m tests.golden`:"]
    report += [f"  {line}" for line in changed[:40]]
    for path in dict.fromkeys(line.split("  ", 1)[1] for line in changed):
        golden = GOLDEN / "files" / path
        if path in files and golden.is_file() and path.rsplit(".", 1)[-1] in {t.lstrip(".") for t in TEXT}:
            diff = difflib.unified_diff(golden.read_text(encoding="utf-8").splitlines(),
                                        files[path].decode("utf-8").splitlines(), f"golden/{path}", path, lineterm="", n=1)
            report += list(diff)[:60]
            break  # the first text file that differs, in full enough to see why
    raise AssertionError("\n".join(report))
