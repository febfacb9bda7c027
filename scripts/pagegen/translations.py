"""Hand-written pages keep the same shape in every language.

A page exists as docs/NAME.<lang>.md for every site language. Its translations must carry the
same set of `{#id}` anchors (deep links shared in one language must work in the others) and the
front matter keys every page needs. Generated pages (front matter `generated_from`, or the
generator's note) are made from one data file and cannot drift, so they are skipped.

The front matter's texts (`title`, `description`, the home page's `action`) are printed by the
theme outside Markdown, so they hold no < > or straight double quote (text.front_matter_problems).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from . import text as text_rules
from .loading import DataError
from .rendering import GENERATED_NOTE

REQUIRED_FRONT_MATTER = ("title", "description", "reviewed")
# `{#id}` or an attribute list naming an id (`{: #id .class }`), outside code blocks.
_ANCHOR = re.compile(r"\{:?[^}\n]*?#([A-Za-z][\w-]*)[^}\n]*\}")
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
# Where an anchor-like text defines no anchor: an HTML comment, inline code.
# Inline code may span lines but never a blank line (a paragraph break).
_NOT_ANCHORS = re.compile(r"<!--.*?-->|(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\1(?!`)", re.S)
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
    except yaml.YAMLError:
        return None, 0
    return (data if isinstance(data, dict) else None), match.group(0).count("\n") + 1


def anchors(text: str) -> dict[str, int]:
    """Every anchor id the page defines, with the line it is on."""
    text = _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = _NOT_ANCHORS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found: dict[str, int] = {}
    for match in _ANCHOR.finditer(text):
        found.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
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
                problems.append(DataError(shown(page), 1, None,
                                          f"no front matter (--- ... --- with {', '.join(REQUIRED_FRONT_MATTER)})"))
                continue
            for key in REQUIRED_FRONT_MATTER:
                if key not in page_meta or page_meta[key] in (None, ""):
                    problems.append(DataError(shown(page), 1, None, f"front matter: missing '{key}'"))
            problems.extend(DataError(shown(page), 1, None, f"front matter: {field}: {problem}")
                            for field, value in _front_matter_texts(page_meta)
                            for problem in text_rules.front_matter_problems(value))
        expected = anchors(text)
        for lang, (page, page_text, _) in pages.items():
            if lang == default:
                continue
            found = anchors(page_text)
            for ident in sorted(set(found) - set(expected)):
                problems.append(DataError(shown(page), found[ident], None,
                                          f"anchor #{ident} is not in {shown(original)} (translations keep the same anchors)"))
            for ident in sorted(set(expected) - set(found)):
                problems.append(DataError(shown(page), None, None,
                                          f"anchor #{ident} of {shown(original)}:{expected[ident]} is missing"))
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
