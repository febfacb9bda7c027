"""Hand-written pages keep the same shape in every language.

A page exists as docs/NAME.<lang>.md for every site language. Its translations must carry the
same set of anchors (`{#id}` and raw HTML ids; every heading below the title names its `{#id}`,
so deep links shared in one language work in the others), the front matter keys every page
needs, the same front-matter keys as the original, and the same values for the keys that are
not written in the page's language (template, hide, search...). Generated pages (front matter `generated_from`, or the
generator's note) are made from one data file and cannot drift, so they are skipped.

The front matter's texts (`title`, `description`, the home page's `action`) are printed by the
theme outside Markdown, so they hold no < > or straight double quote (text.front_matter_problems).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from . import text as text_rules
from .loading import DataError
from .rendering import GENERATED_NOTE

REQUIRED_FRONT_MATTER = ("title", "description", "reviewed")
# Front-matter keys whose values are written in each page's language; every other key (template,
# hide, search, subtitle...) changes how the page is built and must be the same in every translation.
TRANSLATED_FRONT_MATTER = ("title", "description", "reviewed", "action")
# `{#id}` or an attribute list naming an id (`{: #id .class }`), outside code blocks, where
# attr_list reads one: at the end of a line (a heading, a block) or right after an inline element
# (a link, emphasis, code, a span); `{#id}` inside a sentence is text. Possessive quantifiers
# keep it linear on any line.
_ANCHOR = re.compile(r"\{:?[^{}\n#]*+#([A-Za-z][\w-]*+)[^{}\n]*+\}")
_AFTER_INLINE = frozenset(")*_]`>")
# Headings below the title must name their anchor, so that it is the same in every language.
_HEADING = re.compile(r"^#{2,6}[ \t]++(.*)$", re.M)
# An id given in raw HTML: <a id="contact-form"></a>, <div id=x>.
_HTML_ID = re.compile(r"<[A-Za-z][^<>\n]*?\sid\s*+=\s*+[\"']?([A-Za-z][\w-]*+)")
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BACKTICKS = re.compile(r"`+")
_GENERATED = GENERATED_NOTE.split("{source}")[0]
FRONT_MATTER_TEXTS = ("title", "description")
FRONT_MATTER_GROUPS = ("action",)  # mappings of texts: the home page's call to action


def front_matter(text: str) -> tuple[dict | None, int]:
    """The page's front matter (None if it has none or it is not a YAML mapping) and the number of
    lines it takes."""
    match = re.match(r"---\r?\n(.*?)^---\s*$", text, re.M | re.S)
    if not match:
        return None, 0
    try:
        data = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, ValueError):  # ValueError: a date that does not exist (reviewed: 2025-02-30)
        return None, 0
    return (data if isinstance(data, dict) else None), match.group(0).count("\n") + 1


def front_matter_error(text: str) -> str | None:
    """Why a page's `--- ... ---` block does not read as a YAML mapping (None if it has none)."""
    match = re.match(r"---\r?\n(.*?)^---\s*$", text, re.M | re.S)
    if not match:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        return " ".join(str(exc).split())[:120]
    except ValueError as exc:  # a date that does not exist, such as reviewed: 2025-02-30
        return f"not a real date: {exc}"
    return None if isinstance(data, dict) else "it is not a list of key: value lines"


def _outside_code(text: str) -> str:
    """`text` with code blocks, HTML comments and inline code blanked (line numbers kept), where an
    anchor-like text defines no anchor. One pass each, linear in the page's length."""
    text = _FENCE.sub(_blank, text)
    spans, position = [], 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        spans.append((start, end + 3))
        position = end + 3
    text = _blanked(text, spans)
    # Inline code: a run of backticks up to the next run of the same length in its paragraph
    # (never across a blank line), as CommonMark reads it.
    spans, paragraph_start = [], 0
    for paragraph_end in [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]:
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, paragraph_start, paragraph_end)]
        closing, later = [None] * len(runs), {}
        for index in range(len(runs) - 1, -1, -1):
            length = runs[index][1] - runs[index][0]
            closing[index], later[length] = later.get(length), index
        index = 0
        while index < len(runs):
            if closing[index] is None:
                index += 1
                continue
            spans.append((runs[index][0], runs[closing[index]][1]))
            index = closing[index] + 1
        paragraph_start = paragraph_end
    return _blanked(text, spans)


def _blank(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    out, position = [], 0
    for start, end in spans:
        out += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end
    return "".join(out) + text[position:]


def anchors(text: str) -> dict[str, int]:
    """Every anchor id the page defines ({#id} attribute lists and raw HTML ids), with its line."""
    text = _outside_code(text)
    found: dict[str, int] = {}
    for match in _ANCHOR.finditer(text):
        end_of_line = text.find("\n", match.end())
        rest = text[match.end(): end_of_line if end_of_line >= 0 else len(text)]
        if rest.strip() and text[match.start() - 1: match.start()] not in _AFTER_INLINE:
            continue  # inside a sentence: attr_list leaves it as text
        found.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    for match in _HTML_ID.finditer(text):
        found.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    return found


def headings_without_anchor(text: str) -> list[int]:
    """The lines of headings (below the title) that name no {#id}: their id would come from their
    words, which differ in every language."""
    text = _outside_code(text)
    lines = []
    for match in _HEADING.finditer(text):
        found = list(_ANCHOR.finditer(match.group(1)))
        if not found or match.group(1)[found[-1].end():].strip():
            lines.append(text.count("\n", 0, match.start()) + 1)
    return lines


def _reviewed_problem(value) -> str | None:
    """`reviewed` must be a real date: YYYY-MM-DD, YYYY-MM or YYYY."""
    if isinstance(value, dt.date):
        return None
    shown = str(value)[:40]
    if not isinstance(value, (str, int)) or not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", str(value)):
        return f"front matter: reviewed must be a date such as 2026-11-27 (got {shown!r})"
    value = str(value)
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        elif len(value) == 7:
            dt.date(int(value[:4]), int(value[5:]), 1)
    except ValueError:
        return f"front matter: reviewed is not a real date (got {value!r})"
    return None


def _keys(meta: dict, prefix: str = "") -> set[str]:
    """Every key of the front matter, nested ones as group.key."""
    found = set()
    for key, value in meta.items():
        found.add(f"{prefix}{key}")
        if isinstance(value, dict):
            found |= _keys(value, f"{prefix}{key}.")
    return found


def translation_problems(docs: Path, languages: list[str], root: Path | None = None) -> list[DataError]:
    """Problems with the hand-written pages in `docs`: a missing translation, missing front matter,
    or a set of anchors that differs from the default language's page."""
    docs = Path(docs)
    shown = (lambda p: p.relative_to(root).as_posix()) if root else (lambda p: p.as_posix())
    default = languages[0]
    problems = []
    for original in sorted(docs.glob(f"*.{default}.md")):
        try:
            text = original.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(DataError(shown(original), None, None, f"cannot be read ({exc})"))
            continue
        meta, _ = front_matter(text)
        if (meta and "generated_from" in meta) or _GENERATED in text:  # even if its front matter is broken
            continue
        stem = original.name[: -len(f".{default}.md")]
        pages = {default: (original, text, meta)}
        for lang in languages[1:]:
            page = docs / f"{stem}.{lang}.md"
            try:
                page_text = page.read_text(encoding="utf-8")
            except FileNotFoundError:
                problems.append(DataError(shown(page), None, None,
                                          f"missing: every page exists in every language ({shown(original)} has no {lang} version)"))
                continue
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(DataError(shown(page), None, None, f"cannot be read ({exc})"))
                continue
            pages[lang] = (page, page_text, front_matter(page_text)[0])
        for lang, (page, page_text, page_meta) in pages.items():
            if page_meta is None:
                unreadable = front_matter_error(page_text)
                problems.append(DataError(shown(page), 1, None, f"front matter cannot be read ({unreadable})" if unreadable
                                          else f"no front matter (--- ... --- with {', '.join(REQUIRED_FRONT_MATTER)})"))
                continue
            for key in REQUIRED_FRONT_MATTER:
                if key not in page_meta or page_meta[key] in (None, ""):
                    problems.append(DataError(shown(page), 1, None, f"front matter: missing '{key}'"))
            for key in FRONT_MATTER_TEXTS:
                if key in page_meta and not isinstance(page_meta[key], str):
                    problems.append(DataError(shown(page), 1, None, f"front matter: {key} must be text "
                                                                    f"(got a {type(page_meta[key]).__name__})"))
            if page_meta.get("reviewed") not in (None, ""):
                problem = _reviewed_problem(page_meta["reviewed"])
                if problem:
                    problems.append(DataError(shown(page), 1, None, problem))
            problems.extend(DataError(shown(page), line, None, "heading without an anchor: end it with {#id}, "
                                                               "the same id in every translation")
                            for line in headings_without_anchor(page_text))
            problems.extend(DataError(shown(page), 1, None, f"front matter: {field}: {problem}")
                            for field, value in _front_matter_texts(page_meta)
                            for problem in text_rules.front_matter_problems(value))
        expected = anchors(text)
        for lang, (page, page_text, page_meta) in pages.items():
            if lang == default:
                continue
            if isinstance(meta, dict) and isinstance(page_meta, dict):
                problems.extend(_front_matter_parity(meta, page_meta, shown(original), shown(page)))
            found = anchors(page_text)
            for ident in sorted(set(found) - set(expected)):
                problems.append(DataError(shown(page), found[ident], None,
                                          f"anchor #{ident} is not in {shown(original)} (translations keep the same anchors)"))
            for ident in sorted(set(expected) - set(found)):
                problems.append(DataError(shown(page), None, None,
                                          f"anchor #{ident} of {shown(original)}:{expected[ident]} is missing"))
    return problems


def _front_matter_parity(original: dict, translation: dict, original_name: str, name: str) -> list[DataError]:
    """The same front-matter keys as the original, and the same values for the keys that are not
    written in the page's language (template: 404.html in one translation makes it a 404 page)."""
    problems = []
    theirs, ours = _keys(original), _keys(translation)
    for key in sorted(ours - theirs):
        problems.append(DataError(name, 1, None, f"front matter: {key} is not in {original_name} "
                                                 f"(translations have the same front-matter keys)"))
    for key in sorted(theirs - ours):
        if key not in REQUIRED_FRONT_MATTER:  # a missing required key is reported on its own
            problems.append(DataError(name, 1, None, f"front matter: {key} of {original_name} is missing"))
    for key in sorted(set(original) & set(translation) - set(TRANSLATED_FRONT_MATTER)):
        if original[key] != translation[key]:
            problems.append(DataError(name, 1, None, f"front matter: {key} must be the same as in {original_name} "
                                                     f"(got {str(translation[key])[:40]!r}, not {str(original[key])[:40]!r})"))
    return problems


def _front_matter_texts(meta: dict):
    """(field, text) for every front-matter text the theme prints: title, description, action.*."""
    for key in FRONT_MATTER_TEXTS:
        if isinstance(meta.get(key), str):
            yield key, meta[key]
    for group in FRONT_MATTER_GROUPS:
        if isinstance(meta.get(group), dict):
            for key, value in meta[group].items():
                if isinstance(value, str):
                    yield f"{group}.{key}", value
