"""Plain data against a model: the value, or every problem located at its file and line.

Schema errors (pydantic's) become problems with the line of the offending value, the field as the editor
wrote it (`awards[1].title`), a Vietnamese message, and a "did you mean" for misspelt field names.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .problems import Problems
from .readers import Document, ReadError, parse_yaml, read_text

M = TypeVar("M", bound=BaseModel)


def _message(error: ErrorDetails) -> str:
    """Vietnamese message for one pydantic error."""
    kind, ctx = error["type"], error.get("ctx", {})
    messages = {
        "missing": "thiếu trường bắt buộc",
        "extra_forbidden": "trường không được hỗ trợ",
        "string_type": "phải là văn bản",
        "int_type": "phải là số nguyên",
        "int_parsing": "phải là số nguyên",
        "int_from_float": "phải là số nguyên",
        "int_parsing_size": "phải là số nguyên (số này quá lớn)",
        "bool_type": "phải là true hoặc false",
        "bool_parsing": "phải là true hoặc false",
        "list_type": "phải là danh sách (mỗi mục một dòng bắt đầu bằng '- ')",
        "model_type": "phải là một nhóm trường (dạng 'khóa: giá trị')",
        "model_attributes_type": "phải là một nhóm trường (dạng 'khóa: giá trị')",
        "dict_type": "phải là một nhóm trường (dạng 'khóa: giá trị')",
        "greater_than_equal": f"phải lớn hơn hoặc bằng {ctx.get('ge')}",
        "less_than_equal": f"phải nhỏ hơn hoặc bằng {ctx.get('le')}",
        "string_too_long": f"quá dài (tối đa {ctx.get('max_length')} ký tự)",
        # A length limit on a text type with validators (`Paragraph`, `Name`) is checked after them, as
        # pydantic checks any sized value: the same message, but for a list.
        "too_long": (f"quá nhiều mục (tối đa {ctx.get('max_length')})" if ctx.get("field_type") == "List"
                     else f"quá dài (tối đa {ctx.get('max_length')} ký tự)"),
        "literal_error": f"phải là một trong: {ctx.get('expected', '')}".replace(" or ", " hoặc "),
    }
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return messages.get(kind, error["msg"])


def field_name(loc: Iterable[str | int]) -> str:
    """Field path as an editor writes it: `awards[1].title`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_location(loc: tuple) -> tuple:
    # pydantic adds the branch name of a union ("str", "Wording", "function-after[...]") to the location.
    return tuple(p for p in loc if isinstance(p, int) or not (p[:1].isupper() or "[" in p or p == "str"))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's type: `list[Award]` -> Award, `Paper | None` -> Paper."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def _known_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed where the last part of `loc` stands, for "did you mean" hints."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, str):
            field_info = current.model_fields.get(part) if current else None
            current = _model_in(field_info.annotation) if field_info else None
    return list(current.model_fields) if current else []


def _without(data: Any, loc: tuple) -> Any:
    """A copy of `data` without the value at `loc` (copying only the containers on the way)."""
    if not loc or not isinstance(data, (dict, list)):
        return data
    head, rest = loc[0], loc[1:]
    if isinstance(data, dict):
        if head not in data:
            return data
        if not rest:
            return {k: v for k, v in data.items() if k != head}
        return {**data, head: _without(data[head], rest)}
    if isinstance(head, int) and 0 <= head < len(data):
        return [*data[:head], _without(data[head], rest), *data[head + 1:]]
    return data


def validate_model(model: type[M], doc: Document, path: Path, problems: Problems,
                   prefix: tuple = ()) -> M | None:
    """Validate `doc.data` (or its part at `prefix`) against `model`, recording problems with lines.

    A field the model does not know is a warning with a "did you mean" hint, and its value is dropped:
    a misspelt optional field must not stop the site, and what is not understood is never published.
    """
    data = doc.data
    for part in prefix:
        data = data[part]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    unknown = [error for error in errors if error["type"] == "extra_forbidden"]
    for error in unknown:
        loc = _schema_location(error["loc"])
        message = "trường không được hỗ trợ, giá trị bị bỏ qua"
        guess = difflib.get_close_matches(str(loc[-1]), _known_fields(model, loc), n=1)
        if guess:
            message += f"; có phải ý bạn là '{guess[0]}'?"
        problems.warn(path, doc.line_of((*prefix, *loc)), field_name((*prefix, *loc)), message)
        data = _without(data, loc)
    if unknown:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    for error in errors:
        loc = (*prefix, *_schema_location(error["loc"]))
        problems.add(path, doc.line_of(loc), field_name(loc), _message(error))
    return None


def report_cleaned(doc: Document, path: Path, problems: Problems) -> None:
    """Warn about each value the reader removed invisible characters from."""
    for loc, line, kinds in doc.cleaned:
        problems.warn(path, line, field_name(loc), f"đã bỏ ký tự ẩn ({', '.join(kinds)}), thường có khi dán văn bản "
                      "từ Word, Zalo, trang web hay PDF; nội dung được giữ nguyên")


def read_document(path: Path, problems: Problems) -> Document | None:
    """Read a whole YAML file (inside its own folder), recording a problem if it cannot be read."""
    try:
        doc = parse_yaml(read_text(path, path.parent))
    except ReadError as error:
        problems.add(path, error.line, "", error.message)
        return None
    except OSError as error:
        problems.add(path, 0, "", f"không đọc được tệp: {error.strerror}")
        return None
    report_cleaned(doc, path, problems)
    return doc
