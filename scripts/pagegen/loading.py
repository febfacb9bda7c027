"""Read a YAML data file into plain Python data, remembering the line of every entry.

Dates stay strings (YAML would turn 2025-11-03 into a date object): the data is published as JSON
and must equal the file, and the schema checks the date format itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

Path_ = tuple  # a location inside the data: ("paths", 0, "steps", 2, "label", "fr")


@dataclass
class DataError(Exception):
    """One problem in one data file, worded for the person who edits that file."""

    file: str
    line: int | None
    entry: str | None
    problem: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        entry = f" {self.entry}:" if self.entry else ""
        return f"{where}:{entry} {self.problem}"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: 10x faster
    """SafeLoader without the timestamp resolver, so dates stay the strings the file holds."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Loaded:
    data: object
    lines: dict[Path_, int]  # 1-based line of each mapping value / sequence item
    file: str

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest part of `path` the file has (a missing key reports its parent)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def load_yaml(path: Path, display_name: str | None = None) -> Loaded:
    name = display_name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(name, None, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataError(name, None, None, f"not valid UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        loader = _Loader(text)
        try:  # parse once; build the data from the same node tree the line numbers come from
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = "; ".join(p for p in (exc.context, exc.problem) if p)
        raise DataError(name, line, None, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:  # errors without a position (rare: e.g. bad stream encoding)
        raise DataError(name, None, None, f"YAML error: {exc}") from None
    except RecursionError:
        raise DataError(name, None, None, "YAML structure is nested too deeply") from None
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), lines, name, frozenset())
    return Loaded(data, lines, name)


def _walk(node: yaml.Node, here: Path_, lines: dict, name: str, seen: set) -> None:
    """Record the line of every entry and reject duplicate keys (PyYAML silently keeps the last)."""
    lines.setdefault(here, node.start_mark.line + 1)
    if id(node) in seen:  # an alias that contains itself would make the data infinite
        raise DataError(name, node.start_mark.line + 1, describe(here) or None, "an alias refers to itself")
    seen = seen | {id(node)}  # the ancestors of the children
    if isinstance(node, yaml.MappingNode):
        keys: set = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key == "<<":  # merge key: its entries count as this mapping's
                _walk(value_node, here, lines, name, seen)
                continue
            if key is not None and key in keys:
                raise DataError(name, key_node.start_mark.line + 1, describe(here) or None,
                                f"key '{key}' appears twice")
            keys.add(key)
            child = here + (key,)
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines, name, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, here + (index,), lines, name, seen)


def describe(path: Path_, data: object = None) -> str:
    """A readable name for a location: paths[desktop].steps[settings].label.fr.

    List items are named by their `id` when they have one, so the message survives reordering.
    """
    out = ""
    current = data
    for part in path:
        if isinstance(part, int):
            item = current[part] if isinstance(current, list) and part < len(current) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{part}]"
            current = item
        else:
            out += f".{part}" if out else str(part)
            current = current.get(part) if isinstance(current, dict) else None
    return out
