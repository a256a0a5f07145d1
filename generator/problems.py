"""Problems: the one value type for everything wrong with the inputs, and how they are printed.

Every stage appends to a `Problems` collector instead of raising, so one run reports every problem in every
file (`path:line: field: message`), sorted, and the command exits non-zero.

A problem has a *level*. An **error** stops the build (the previous site stays); a **warning** is printed,
annotated on pull requests, and the site is published all the same (`vinhdanh check --strict` fails on
warnings too). Rules choose the level an editor would want: a wrong fact that would be published is an
error; text that was cleaned, a draft's problems, a doubtful namesake are warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Level = Literal["error", "warning"]


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
    level: Level = "error"
    """`error` stops the build; `warning` is shown and the site is published."""

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        message = self.message if self.level == "error" else f"cảnh báo: {self.message}"
        text = f"{location}: {self.field}: {message}" if self.field else f"{location}: {message}"
        return visible(text)

    def github(self) -> str:
        """The problem as a GitHub Actions annotation, shown on the pull request's changed lines."""
        props = f"file={_escape_property(self.path)}"
        if self.line:
            props += f",line={self.line}"
        if self.field:
            props += f",title={_escape_property(self.field)}"
        return visible(f"::{self.level} {props}::{_escape_data(self.message)}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# C0 and C1 controls (ESC starts terminal sequences, OSC 8 makes hidden links, BEL rings), DEL, and the
# invisible characters that reorder or hide text (bidirectional controls, zero-width characters).
_UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """`text` safe to print on a terminal: control and invisible characters shown as `<U+001B>`.

    Messages quote what editors typed, and a file may hold an escape sequence that would recolour the
    terminal, hide the rest of the line, or make a link that says one thing and opens another.
    """
    return _UNSAFE_FOR_TERMINAL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


@dataclass
class Problems:
    """Collector of problems; `root` turns absolute paths into the project-relative ones printed.

    Its truth value and length count errors only: "if problems" means "the build must stop".
    """

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, field_name: str, message: str) -> None:
        """Record an error."""
        self.items.append(Problem(self.relative(path), line, field_name, message))

    def warn(self, path: Path | str, line: int, field_name: str, message: str) -> None:
        """Record a warning."""
        self.items.append(Problem(self.relative(path), line, field_name, message, "warning"))

    def mark(self) -> int:
        """A position in the record, for `downgrade`."""
        return len(self.items)

    def downgrade(self, since: int) -> None:
        """Turn the errors recorded since `since` (a `mark`) into warnings: a draft's problems."""
        self.items[since:] = [Problem(p.path, p.line, p.field, p.message, "warning") for p in self.items[since:]]

    def relative(self, path: Path | str) -> str:
        """Project-relative POSIX path of `path` (kept as given when outside the project)."""
        path = Path(path)
        try:
            # Its folder resolved, not the file itself: a link is named as the editor sees it, not by the
            # file it points to (`profiles/leak.md`, not `.git/config`).
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return path.as_posix()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == "warning"]

    def __bool__(self) -> bool:
        return any(p.level == "error" for p in self.items)

    def __len__(self) -> int:
        return sum(p.level == "error" for p in self.items)

    def sorted(self) -> list[Problem]:
        """Distinct problems in file, line and field order."""
        return sorted(set(self.items))

    def report(self, output_format: str = "text") -> str:
        """All problems, one a line, then a Vietnamese summary line (text format only); "" if none."""
        problems = self.sorted()
        if output_format == "github":
            return "\n".join(p.github() for p in problems)
        if not problems:
            return ""
        files = len({p.path for p in problems})
        errors = sum(p.level == "error" for p in problems)
        warnings = len(problems) - errors
        counts = " và ".join(x for x in (f"{errors} lỗi" if errors else "",
                                         f"{warnings} cảnh báo" if warnings else "") if x)
        return "\n".join([*(str(p) for p in problems), f"Có {counts} trong {files} tệp."])


class InputError(Exception):
    """Raised by a command when the inputs have errors; carries every problem, warnings included."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class BuildFailed(Exception):
    """The site generator (MkDocs) failed after validation; its own log lines say why."""
