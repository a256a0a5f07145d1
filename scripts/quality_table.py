"""Print the page-weight and accessibility summary the quality suite (tests/test_quality.py) left in
artifacts/quality/ as a Markdown table: one row per page type, phone and desktop side by side.

    .venv/bin/python scripts/quality_table.py [artifacts/quality]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts/quality")
    visits = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]
    if not visits:
        sys.exit(f"{folder}: no summaries; run the quality suite first (pytest tests/test_quality.py)")
    rows: dict[str, dict[str, dict]] = {}
    for visit in visits:
        rows.setdefault(visit["page"], {})[visit["viewport"]] = visit
    print("| Page type | Address | Phone: bytes / budget | Desktop: bytes / budget | Requests (phone) | axe rules passed | Problems |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, by_viewport in rows.items():
        phone, desktop = by_viewport.get("phone", {}), by_viewport.get("desktop", {})
        cells = [f"{v['bytes']:,} / {v['budget']:,}" if v else "-" for v in (phone, desktop)]
        problems = sum(len(v.get("problems", [])) for v in (phone, desktop))
        path = (phone or desktop)["path"] or "(trang chủ)"
        print(f"| {name} | `{path}` | {cells[0]} | {cells[1]} | {phone.get('requests', '-')} "
              f"| {phone.get('axe_passes', '-')} | {problems} |")


if __name__ == "__main__":
    main()
