"""Drop the rules of Material's stylesheets that nothing on the built site can use.

Material ships one 137 KB stylesheet for every feature it has (blog, tags, content tabs, key
icons, 24 colour schemes, right-to-left layout...); this site uses a small part of it. The rule
for what stays is PurgeCSS's: a selector stays when every class, id, element and attribute it
names occurs as a word somewhere in the site's pages *or in its scripts*, because Material's
script builds some elements itself (search results, copy button, tooltips, "back to top").
So the trimming can only err on the side of keeping too much. Custom properties that no kept
rule, page or script uses and @keyframes no kept rule names are dropped too. The trimming is
optional (hooks/css.py): the site works the same with Material's whole stylesheet.

Plain Python on tinycss2 (the CSS parser WeasyPrint uses); no MkDocs import.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import tinycss2

WORD = re.compile(r"[A-Za-z0-9_-]+")
VAR_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
CUSTOM_PROPERTY = re.compile(r"--md-[A-Za-z0-9_-]+")
GROUPING_RULES = {"media", "supports", "layer", "container"}
# Functional pseudo-classes whose argument is a selector list that must match for the whole
# selector to match; any other (:not, :nth-child...) cannot make an element appear.
SELECTOR_LIST_PSEUDOS = {"is", "where", "has", "matches", "-webkit-any", "-moz-any"}


def words(texts: Iterable[str]) -> set[str]:
    """Every word (class, id, tag, attribute name or value, script string...) in the texts."""
    found: set[str] = set()
    for text in texts:
        found.update(WORD.findall(text))
    return found


def _split(tokens: list) -> list[list]:
    """A comma-separated selector list, split at its top-level commas."""
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _selector_can_match(tokens: list, known: set[str]) -> bool:
    after = None  # the "." or ":" just before the current token, if any
    for token in tokens:
        kind = token.type
        if kind == "ident" and after == ":":
            pass  # a pseudo-class or pseudo-element name
        elif kind == "ident" and after == ".":
            if token.value not in known:
                return False  # a class
        elif kind == "ident":
            if token.lower_value not in known and token.value not in known:
                return False  # an element name
        elif kind == "hash":
            if token.value not in known:
                return False
        elif kind == "[] block":
            if not _attribute_can_match(token.content, known):
                return False
        elif kind == "function" and after == ":" and token.lower_name in SELECTOR_LIST_PSEUDOS:
            if not any(_selector_can_match(part, known) for part in _split(token.arguments)):
                return False
        after = token.value if kind == "literal" and token.value in (".", ":") else None
    return True


def _attribute_can_match(content: list, known: set[str]) -> bool:
    parts = [t for t in content if t.type != "whitespace"]
    if not parts or parts[0].type != "ident" or parts[0].value not in known:
        return False
    # [name=value] and [name~=value] need the value as a word; ^= $= *= |= only the name.
    if len(parts) >= 3 and parts[1].type == "literal" and parts[1].value in ("=", "~="):
        value = parts[2].value
        if parts[2].type == "string" and not WORD.fullmatch(value or ""):
            return True  # a value that is not a single word: keep, to be safe
        return value in known
    return True


@dataclass
class Declaration:
    name: str
    value: str  # serialized once, for the analysis and the output alike
    important: bool

    def __str__(self) -> str:
        return self.name + ":" + self.value + ("!important" if self.important else "")


@dataclass
class Style:
    selectors: str
    declarations: list[Declaration]


@dataclass
class Group:  # @media, @supports...: a condition around more rules
    head: str
    children: list


def _filter_rules(rules: list, known: set[str]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            parts = [p for p in _split(rule.prelude) if _selector_can_match(p, known)]
            if parts:
                declarations = [Declaration(d.name, tinycss2.serialize(d.value).strip(), d.important)
                                for d in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                        skip_whitespace=True)
                                if d.type == "declaration"]
                kept.append(Style(",".join(tinycss2.serialize(p).strip() for p in parts), declarations))
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_RULES and rule.content is not None:
            children = _filter_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                              skip_whitespace=True), known)
            if children:
                kept.append(Group("@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip(), children))
        elif rule.type == "at-rule":
            kept.append(rule)  # @keyframes, @font-face, @page...: decided below or kept
    return kept


def _styles(items: list):
    for item in items:
        if isinstance(item, Group):
            yield from _styles(item.children)
        elif isinstance(item, Style):
            yield item


@dataclass
class References:
    """What the site's pages and scripts name: the input of the trimming besides the CSS itself."""
    words: set[str]  # every class, id, element, attribute... that may occur
    properties: set[str]  # custom properties used outside the trimmed stylesheets


def references(pages: list[str], scripts: list[str], other_css: list[str]) -> References:
    properties: set[str] = set()
    for text in other_css + pages:
        properties.update(VAR_USE.findall(text))
    for text in scripts:  # scripts may read or set them by name
        properties.update(CUSTOM_PROPERTY.findall(text))
    return References(words(pages + scripts), properties)


def slim(stylesheets: dict[str, str], pages: Iterable[str], scripts: Iterable[str],
         other_css: Iterable[str] = ()) -> dict[str, str]:
    """Each of `stylesheets` (name: CSS) without the rules that cannot apply to `pages` (HTML),
    given `scripts` (JavaScript). They are trimmed together because one defines custom
    properties the other uses. `other_css`: stylesheets left as they are (the site's own),
    whose use of a custom property keeps it."""
    return trim(stylesheets, references(list(pages), list(scripts), list(other_css)))


def trim(stylesheets: dict[str, str], refs: References) -> dict[str, str]:
    """The work of slim(), given what the pages and scripts name."""
    kept = {name: _filter_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), refs.words)
            for name, css in stylesheets.items()}

    # Custom properties: keep those used outside, or by a kept declaration, and those that the
    # kept ones use in turn.
    used = set(refs.properties)
    defined: dict[str, list[str]] = {}
    animations: set[str] = set()
    for style in (style for rules in kept.values() for style in _styles(rules)):
        for d in style.declarations:
            if d.name.startswith("--"):
                defined.setdefault(d.name, []).append(d.value)
            else:
                used.update(VAR_USE.findall(d.value))
            if d.name.lower() in ("animation", "animation-name"):
                animations.update(WORD.findall(d.value))
    pending = list(used)
    while pending:
        for value in defined.get(pending.pop(), ()):
            for name in VAR_USE.findall(value):
                if name not in used:
                    used.add(name)
                    pending.append(name)

    def render(items: list) -> str:
        out = []
        for item in items:
            if isinstance(item, Group):
                inner = render(item.children)
                if inner:
                    out.append(item.head + "{" + inner + "}")
            elif isinstance(item, Style):
                declarations = [str(d) for d in item.declarations if not d.name.startswith("--") or d.name in used]
                if declarations:
                    out.append(item.selectors + "{" + ";".join(declarations) + "}")
            elif item.lower_at_keyword != "keyframes" or tinycss2.serialize(item.prelude).strip() in animations:
                out.append(tinycss2.serialize([item]))
        return "".join(out)

    return {name: render(rules) for name, rules in kept.items()}


def _digest(stylesheets: dict[str, str], refs: References) -> str:
    """A hash of exactly what trim() looks at: same digest, same result."""
    digest = hashlib.sha256()
    for name, css in sorted(stylesheets.items()):
        digest.update(f"{name}\0{css}\0".encode())
    for part in (refs.words, refs.properties):
        digest.update("\0".join(sorted(part)).encode() + b"\1")
    return digest.hexdigest()


def slim_site(site_dir: Path, stylesheets: dict[str, str], own_css: Iterable[str], scripts: Iterable[str],
              cache_dir: Path | None = None) -> dict[str, str]:
    """`stylesheets` ({path under `site_dir`: CSS}, e.g. Material's main.<hash>.min.css as
    restated for the site's markup) trimmed for the built site in `site_dir`. With `cache_dir`,
    the last result is reused while its inputs are unchanged (saves about a quarter of a second
    per build)."""
    pages = [path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.html"))]
    refs = references(pages, [(site_dir / name).read_text(encoding="utf-8") for name in scripts],
                      [(site_dir / name).read_text(encoding="utf-8") for name in own_css])
    cached = cache_dir / f"slim-css-{_digest(stylesheets, refs)}.json" if cache_dir else None
    if cached and cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    trimmed = trim(stylesheets, refs)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old_entry in cached.parent.glob("slim-css-*.json"):
            old_entry.unlink()
        cached.write_text(json.dumps(trimmed), encoding="utf-8")
    return trimmed


def without_comments(css: str) -> str:
    """The stylesheet without its comments (they are for the people who edit it: half of
    site.css, gzipped), otherwise exactly as written."""
    return tinycss2.serialize(tinycss2.parse_stylesheet(css, skip_comments=True))


def replace_stylesheets(site_dir: Path, stylesheets: dict[str, str]) -> dict[str, str]:
    """Put `stylesheets` ({path under `site_dir`: new CSS}) in place of the built ones, under new
    content-hashed names, so a browser never pairs a new page with an old stylesheet from its
    cache. Every page's link is updated; the old file and its source map (which no longer fits)
    are removed. Returns {old path: new path}."""
    renamed = {}
    for name, css in stylesheets.items():
        old = site_dir / name
        stem = old.name.split(".", 1)[0]
        new = old.with_name(f"{stem}.{hashlib.sha256(css.encode()).hexdigest()[:8]}.min.css")
        new.write_text(css, encoding="utf-8")
        if new != old:
            old.unlink()
        old.with_name(old.name + ".map").unlink(missing_ok=True)
        renamed[name] = new.relative_to(site_dir).as_posix()
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        updated = text
        for old_name, new_name in renamed.items():  # href="../assets/stylesheets/main.<hash>.min.css"
            updated = updated.replace(f'{old_name}"', f'{new_name}"')
        if updated != text:
            path.write_text(updated, encoding="utf-8")
    return renamed
