"""This site's changes to Material for MkDocs, applied to the installed Material at every build.

Template changes are the entries of material-patches.yml (where, exact text, replacement, why):
apply() reads each named template from Material's templates folder, replaces each entry's text,
which must occur exactly once, and returns the patched templates, which the theme hook serves to
Jinja in place of Material's files. An entry that no longer applies (Material changed the text,
or the text now occurs twice) stops the build with one line naming it, so an upgrade of Material
is: bump the pin, build, fix the entries the build names.

Stylesheet changes are RESTATED below: Material's selectors that name its markup where the
patches changed it. Plain Python; no MkDocs import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from .loading import DataError, load_yaml

TABLE = "material-patches.yml"

_TEXT = {"type": "string", "minLength": 1}
SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "template", "find", "replace", "why"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "template": {"type": "string", "pattern": r"^[A-Za-z0-9_./-]+\.(html|xml)$", "not": {"pattern": r"\.\."}},
            "find": _TEXT,
            "replace": {"type": "string"},
            "why": _TEXT,
            "issue": {"type": "string", "pattern": "^https://github\\.com/squidfunk/mkdocs-material/(issues|discussions)/[0-9]+$"},
        },
    },
}


@dataclass(frozen=True)
class Patch:
    id: str
    template: str
    find: str
    replace: str
    why: str
    issue: str = ""


class StalePatch(Exception):
    """A patch that no longer applies to the installed Material; the message is one line."""


def load(path: Path) -> list[Patch]:
    """The table's entries, checked against SCHEMA; DataError (file, line, entry, problem) if not."""
    loaded = load_yaml(path, path.name)
    for error in sorted(Draft202012Validator(SCHEMA).iter_errors(loaded.data), key=lambda e: list(e.path)):
        where = tuple(error.path)
        entry = loaded.data[where[0]].get("id") if where and isinstance(loaded.data[where[0]], dict) else None
        field = ".".join(str(p) for p in where[1:]) or "entry"
        raise DataError(path.name, loaded.line_of(where), entry and str(entry), f"{field}: {error.message}")
    patches = [Patch(**entry) for entry in loaded.data or []]
    seen: set[str] = set()
    for number, patch in enumerate(patches):
        if patch.id in seen:
            raise DataError(path.name, loaded.line_of((number, "id")), patch.id, "id used twice")
        seen.add(patch.id)
    return patches


def apply(patches: list[Patch], templates: Path, version: str = "") -> dict[str, str]:
    """{template name: Material's template with the patches applied, in table order}."""
    patched: dict[str, str] = {}
    for patch in patches:
        if patch.template not in patched:
            source = templates / patch.template
            if not source.is_file():
                raise StalePatch(_stale(patch, version, "Material has no such template"))
            patched[patch.template] = source.read_text(encoding="utf-8")
        text = patched[patch.template]
        count = text.count(patch.find)
        if count != 1:
            raise StalePatch(_stale(patch, version, "Material's text not found" if count == 0
                                    else f"Material's text found {count} times"))
        patched[patch.template] = text.replace(patch.find, patch.replace)
    return patched


def _stale(patch: Patch, version: str, problem: str) -> str:
    material = f"Material {version}" if version else "the installed Material"
    return (f"{TABLE}: entry '{patch.id}' ({patch.template}) no longer applies to {material}: {problem}; "
            "see its 'why' and redo or remove it")


# Material's selectors that name its markup where the patches changed it: (pattern, replacement).
# The menu's and search's checkboxes moved from the top of <body> into the header
# (body-toggles-move-to-header), so "the checked toggle's later sibling X" becomes "X, a child of
# a <body> that holds the checked toggle" (same specificity but one element, which no rule here
# depends on); the menu's title and the sidebar's table-of-contents title are no longer labels of
# a checkbox (nav-title-not-a-label, toc-title-label-only-in-menu), so they are found by a class.
# Browsers without :has() fall back to a plain list of the pages (assets/site.css).
RESTATED = [
    (re.compile(r"(?:\[dir=(ltr|rtl)\] )?\[data-md-toggle=(drawer|search)\]:checked~"),
     lambda m: f"body{f'[dir={m[1]}]' if m[1] else ''}:has([data-md-toggle={m[2]}]:checked)>"),
    (re.compile(r"\.md-nav__title\[for=__drawer\]"), lambda m: ".md-nav__title.site-drawer-title"),
    (re.compile(r"\.md-nav__title\[for=__toc\]"), lambda m: ".md-nav__title.site-toc-title"),
]


def restate(css: str) -> str:
    """Material's stylesheet with the selectors in RESTATED rewritten for the patched markup;
    StalePatch if one of them no longer occurs in it."""
    for pattern, replacement in RESTATED:
        css, count = pattern.subn(replacement, css)
        if not count:
            raise StalePatch(f"RESTATED in scripts/pagegen/material_patches.py: Material's stylesheet no longer "
                             f"has {pattern.pattern!r}; see the comment above it")
    return css
