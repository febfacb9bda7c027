"""From data files to files on disk: load, validate, render, then write all or nothing.

The site's languages come from mkdocs.yml (read as plain YAML), so the data files and the site
can never disagree about which languages exist.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import rendering, rights as rights_pages, validation
from .loading import DataError, Loaded, load_yaml

OPT_OUT = "data/opt-out.yml"
SOURCES = "data/sources.yml"
TIMELINE = "data/timeline.yml"
UPDATES = "data/updates.yml"
SCHEMAS = {OPT_OUT: "data/schema/opt-out.schema.json", SOURCES: "data/schema/sources.schema.json",
           TIMELINE: "data/schema/timeline.schema.json", UPDATES: "data/schema/updates.schema.json",
           rights_pages.RIGHTS: "data/schema/rights.schema.json", rights_pages.SHARE: "data/schema/share.schema.json"}


class GenerationFailed(Exception):
    """The data has problems; nothing was written. `problems` holds one DataError per problem."""

    def __init__(self, problems: list[DataError]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Outputs:
    """Every file the generator owns, by path relative to the project root, with its content."""

    files: dict[str, str] = field(default_factory=dict)
    updates: dict = field(default_factory=dict)  # for the Atom feeds, written at build time
    export: dict = field(default_factory=dict)  # the opt-out data and its schema, published at build time


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses tags such as !ENV; their values do not matter for the language list."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def load_mkdocs_config(root: Path) -> dict:
    """mkdocs.yml as plain data (tags such as !ENV read as None)."""
    return yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)


def i18n_languages(root: Path) -> list[dict]:
    """The i18n plugin's `languages` entries, as written in mkdocs.yml."""
    for plugin in load_mkdocs_config(root).get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]["languages"]
    raise ValueError("mkdocs.yml has no i18n plugin with languages")


def site_languages(root: Path) -> list[str]:
    """The i18n plugin's languages, default language first (the order pages are written in)."""
    languages = i18n_languages(root)
    default = [lang["locale"] for lang in languages if lang.get("default")]
    return default + [lang["locale"] for lang in languages if not lang.get("default")]


def generate(root: Path, languages: list[str] | None = None) -> Outputs:
    """Validate every data file and render every generated file, in memory. Raises GenerationFailed."""
    root = Path(root)
    languages = languages or site_languages(root)
    problems: list[DataError] = []

    loaded_files: list[Loaded] = []

    def load_and_check(relative: str) -> Loaded | None:
        """The file's data if it matches its schema; None (with the problems noted) otherwise."""
        try:
            loaded = load_yaml(root / relative, relative)
        except DataError as error:
            problems.append(error)
            return None
        loaded_files.append(loaded)
        schema = validation.load_schema(root / SCHEMAS[relative])
        found = validation.schema_problems(loaded, schema, languages)
        problems.extend(found)
        return None if found else loaded

    sources = load_and_check(SOURCES)
    if sources:
        problems.extend(validation.duplicate_id_problems(sources, ("sources",)))
        problems.extend(validation.partial_date_problems(sources, ("date",)))
        source_langs = sources.data["page"]["languages"]
        for index, entry in enumerate(sources.data["sources"]):
            if entry["language"] not in source_langs:
                problems.append(DataError(SOURCES, sources.line_of(("sources", index, "language")),
                                          f"sources[{entry['id']}].language",
                                          f"language '{entry['language']}' has no name in page.languages"))
    known = {s["id"] for s in sources.data["sources"]} if sources else None

    timeline = load_and_check(TIMELINE)
    if timeline:
        problems.extend(validation.duplicate_id_problems(timeline, ("events",)))
        problems.extend(validation.partial_date_problems(timeline, ("date", "date_end")))

    updates = load_and_check(UPDATES)
    if updates:
        problems.extend(validation.duplicate_id_problems(updates, ("entries",)))

    opt_out = load_and_check(OPT_OUT)
    if opt_out:
        for path_index in range(len(opt_out.data["paths"])):
            problems.extend(validation.duplicate_id_problems(opt_out, ("paths", path_index, "steps")))
        for list_path in (("paths",), ("objection", "steps"), ("ads", "settings"), ("coverage",),
                          ("effects",), ("help_articles",)):
            problems.extend(validation.duplicate_id_problems(opt_out, list_path))
        for list_path in (("objection", "options"), ("objection", "letter_law", "variants"),
                          ("good_to_know", "items")):
            if validation.has_path(opt_out.data, list_path):
                problems.extend(validation.duplicate_id_problems(opt_out, list_path))
        problems.extend(validation.label_placeholder_problems(opt_out, languages))
        problems.extend(validation.objection_option_problems(opt_out))

    rights = load_and_check(rights_pages.RIGHTS)
    if rights:
        problems.extend(rights_pages.rights_problems(rights, languages))
    share = load_and_check(rights_pages.SHARE)
    if share:
        problems.extend(rights_pages.share_problems(share, languages))

    if known is not None:  # checked even where the schema failed, so one run reports both
        for loaded in loaded_files:
            if loaded.file != SOURCES:
                problems.extend(validation.source_reference_problems(loaded, known, SOURCES))
    if problems:
        raise GenerationFailed(sorted(problems, key=lambda p: (p.file, p.line or 0)))

    by_id = {s["id"]: s for s in sources.data["sources"]}
    outputs = Outputs()
    for lang in languages:
        cited = rendering.with_cite_details(by_id, sources.data["page"], lang)
        outputs.files[f"docs/opt-out.{lang}.md"] = rendering.render_opt_out(opt_out.data, lang, cited)
        outputs.files[f"docs/sources.{lang}.md"] = rendering.render_sources(sources.data, lang)
        outputs.files[f"docs/timeline.{lang}.md"] = rendering.render_timeline(timeline.data, lang, cited)
        outputs.files[f"docs/updates.{lang}.md"] = rendering.render_updates(updates.data, lang)
        outputs.files[f"docs/rights.{lang}.md"] = rights_pages.render_rights(rights.data, lang, cited)
    shared, link_problems = rights_pages.share_outputs(root, languages, share, outputs.files, by_id)
    if link_problems:
        raise GenerationFailed(link_problems)
    outputs.files.update(shared)
    # The guide's data is also published for reuse, once, at /data/opt-out.json with its schema: the
    # hook writes both at build time (pagegen/publishing.py), as the schema's $id needs the site's address.
    outputs.export = {"data": opt_out.data, "schema": validation.load_schema(root / SCHEMAS[OPT_OUT])}
    outputs.updates = updates.data
    return outputs


def stale_files(root: Path, outputs: Outputs) -> list[str]:
    """The generated files whose content on disk differs from what the data says."""
    stale = []
    for relative, content in outputs.files.items():
        path = Path(root) / relative
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            stale.append(relative)
    return stale


def write(root: Path, outputs: Outputs) -> list[str]:
    """Write the files that changed. Each goes to a temporary file first and is then renamed into
    place, so a reader (or `mkdocs serve`) never sees half a page; unchanged files are not touched,
    so the file watcher does not loop."""
    changed = stale_files(root, outputs)
    staged = []
    try:
        for relative in changed:
            target = Path(root) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(outputs.files[relative])
            os.chmod(temporary, 0o644)
            staged.append((temporary, target))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
    return changed
