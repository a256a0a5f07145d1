"""Problems: the one value type for everything wrong with the inputs, and how they are printed.

Every stage appends to a `Problems` collector instead of raising, so one run reports every problem in every
file (`path:line: field: message`), sorted, and the command exits non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located as precisely as the input allows."""

    path: str
    """File path relative to the project root, with forward slashes."""
    line: int
    """1-based line of the offending value; 0 when the problem concerns the whole file."""
    field: str
    """Field as written in the file (`awards[1].title`), or "" for the file itself."""
    message: str
    """What is wrong and, where possible, how to fix it; in Vietnamese, for editors."""

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        return f"{location}: {self.field}: {self.message}" if self.field else f"{location}: {self.message}"

    def github(self) -> str:
        """The problem as a GitHub Actions annotation, shown on the pull request's changed lines."""
        props = f"file={_escape_property(self.path)}"
        if self.line:
            props += f",line={self.line}"
        if self.field:
            props += f",title={_escape_property(self.field)}"
        return f"::error {props}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Problems:
    """Collector of problems; `root` turns absolute paths into the project-relative ones printed."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, field_name: str, message: str) -> None:
        """Record one problem."""
        self.items.append(Problem(self.relative(path), line, field_name, message))

    def relative(self, path: Path | str) -> str:
        """Project-relative POSIX path of `path` (kept as given when outside the project)."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        """Distinct problems in file, line and field order."""
        return sorted(set(self.items))

    def report(self, output_format: str = "text") -> str:
        """All problems, one a line, then a Vietnamese summary line (text format only)."""
        problems = self.sorted()
        if output_format == "github":
            return "\n".join(p.github() for p in problems)
        files = len({p.path for p in problems})
        lines = [str(p) for p in problems]
        lines.append(f"Có {len(problems)} lỗi trong {files} tệp.")
        return "\n".join(lines)


class InputError(Exception):
    """Raised by a command when the inputs have problems; carries them all."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class BuildFailed(Exception):
    """The site generator (MkDocs) failed after validation; its own log lines say why."""
