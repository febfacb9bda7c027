"""Read a YAML data file into plain Python data, remembering the line of every entry.

Dates stay strings (YAML would turn 2025-11-03 into a date object): the data is published as JSON
and must equal the file, and the schema checks the date format itself.

A data file may come from a careless edit or a hostile pull request, so reading it is bounded:
at most MAX_BYTES of text, at most MAX_NODES entries once YAML aliases are expanded (eleven lines
of nested aliases, the "billion laughs", would otherwise expand to billions), at most MAX_DEPTH
levels of nesting. Each limit is far above what the data needs (about 3,000 entries, 8 levels).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

Path_ = tuple  # a location inside the data: ("paths", 0, "steps", 2, "label", "fr")

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 40


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
        # One line, whatever the data holds: a key or value with a line break or a control
        # character is shown escaped ("\u000a").
        return _LINE_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", f"{where}:{entry} {self.problem}")


_LINE_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


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
    shared_lines: frozenset[int] = frozenset()  # lines whose entries are reached through an alias too

    def is_shared_line(self, line: int | None) -> bool:
        return line in self.shared_lines

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
        with open(path, "rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(name, None, None, "file not found") from None
    except IsADirectoryError:
        raise DataError(name, None, None, "is a folder, not a file") from None
    except OSError as exc:
        raise DataError(name, None, None, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise DataError(name, None, None, f"file is larger than {MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(name, None, None, f"not valid UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        _check_nesting(text, name)  # before libyaml builds the tree: it recurses, and deep nesting crashes it
        loader = _Loader(text)
        try:  # parse once; build the data from the same node tree the line numbers come from
            node = loader.get_single_node()
            if node is not None:
                _check_graph(node, name)  # before anything walks the aliases
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
        raise DataError(name, None, None, f"YAML structure is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except (TypeError, ValueError) as exc:  # e.g. a list used as a mapping key
        raise DataError(name, None, None, f"YAML structure cannot be read as data ({exc})") from None
    lines: dict[Path_, int] = {}
    shared: set[int] = set()
    if node is not None:
        _walk(node, (), lines, name, data, {}, shared)
    return Loaded(data, lines, name, frozenset(shared))


_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_nesting(text: str, name: str) -> None:
    """Refuse more than MAX_DEPTH levels of nesting from the parser's events, which come without
    recursion: libyaml's composer recurses once per level and crashes (segfault, no message) at
    a few tens of thousands of `[`, long before _check_graph could count them."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _OPENS):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataError(name, event.start_mark.line + 1, None,
                                f"YAML structure is nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, _CLOSES):
            depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_graph(root: yaml.Node, name: str) -> None:
    """Refuse an alias that contains itself, and data that is too large or too deep once aliases
    are expanded. Counts each shared node once per use without expanding it (linear time)."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_stack: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_stack.discard(key)
            children = _children(node)
            size[key] = min(1 + sum(size[id(c)] for c in children), MAX_NODES + 1)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > MAX_NODES:
                raise DataError(name, node.start_mark.line + 1, None,
                                f"YAML aliases expand to more than {MAX_NODES:,} entries")
            if depth[key] > MAX_DEPTH:
                raise DataError(name, node.start_mark.line + 1, None,
                                f"YAML structure is nested more than {MAX_DEPTH} levels deep")
            continue
        if key in size:
            continue
        if key in on_stack:  # an alias that contains itself would make the data infinite
            raise DataError(name, node.start_mark.line + 1, None, "an alias refers to itself")
        if len(on_stack) > MAX_DEPTH:
            raise DataError(name, node.start_mark.line + 1, None,
                            f"YAML structure is nested more than {MAX_DEPTH} levels deep")
        on_stack.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)


def _walk(node: yaml.Node, here: Path_, lines: dict, name: str, data, visited: dict, shared: set) -> None:
    """Record the line of every entry and reject duplicate keys (PyYAML silently keeps the last).
    Lines of nodes reached a second time (through an alias) go into `shared`."""
    lines.setdefault(here, node.start_mark.line + 1)
    if visited.setdefault(id(node), here) != here:
        shared.add(node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        keys: set = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key == "<<":  # merge key: its entries count as this mapping's
                _walk(value_node, here, lines, name, data, visited, shared)
                continue
            if key is not None and key in keys:
                raise DataError(name, key_node.start_mark.line + 1, describe(here, data) or None,
                                f"key '{key}' appears twice")
            keys.add(key)
            child = here + (key,)
            lines[child] = key_node.start_mark.line + 1
            if visited.setdefault(id(key_node), child) != child:
                shared.add(key_node.start_mark.line + 1)
            _walk(value_node, child, lines, name, data, visited, shared)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, here + (index,), lines, name, data, visited, shared)


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


class _MkDocsLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: `!ENV [NAME, default]` gives $NAME or the default; other
    tags (Python names for extensions) read as None, since nothing here needs them."""


def _env_tag(loader, node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in names[:-1] if len(names) > 1 else names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return names[-1] if len(names) > 1 else None


_MkDocsLoader.add_constructor("!ENV", _env_tag)
_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_mkdocs_config(root: Path) -> dict:
    """mkdocs.yml as plain data, with `!ENV` resolved (the site's address depends on $SITE_URL)."""
    return yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)
