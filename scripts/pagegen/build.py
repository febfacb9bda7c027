"""From data files to files on disk: load, validate, render, then write all or nothing.

The site's languages come from mkdocs.yml (read as plain YAML), so the data files and the site
can never disagree about which languages exist.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import caches, rendering, rights as rights_pages, translations, validation
from .loading import DataError, Loaded, load_mkdocs_config, load_yaml

OPT_OUT = "data/opt-out.yml"
SOURCES = "data/sources.yml"
TIMELINE = "data/timeline.yml"
UPDATES = "data/updates.yml"
# From this date on, one updates entry per date; the five entries of 27 November 2026 predate the rule.
ONE_ENTRY_PER_DATE_SINCE = "2026-12-07"
SCHEMAS = {OPT_OUT: "data/schema/opt-out.schema.json", SOURCES: "data/schema/sources.schema.json",
           TIMELINE: "data/schema/timeline.schema.json", UPDATES: "data/schema/updates.schema.json",
           rights_pages.RIGHTS: "data/schema/rights.schema.json", rights_pages.SHARE: "data/schema/share.schema.json"}


# Hosts that https links inside texts may reach, besides those of the listed sources.
TEXT_LINK_HOSTS = frozenset({"www.linkedin.com"})


class GenerationFailed(Exception):
    """The data has problems; nothing was written. `problems` holds one DataError per problem."""

    def __init__(self, problems: list[DataError]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class WriteFailed(Exception):
    """Writing the generated files failed; every file is as it was before. One line, for people."""


@dataclass
class Outputs:
    """Every file the generator owns, by path relative to the project root, with its content."""

    files: dict[str, str] = field(default_factory=dict)
    updates: dict = field(default_factory=dict)  # for the Atom feeds, written at build time
    export: dict = field(default_factory=dict)  # the opt-out data and its schema, published at build time


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


def site_names(root: Path) -> dict[str, str]:
    """Each language's site name: its own `site_name` under the i18n plugin, else the top-level one."""
    top = load_mkdocs_config(root)["site_name"]
    return {lang["locale"]: lang.get("site_name") or top for lang in i18n_languages(root)}


def generate(root: Path, languages: list[str] | None = None, today: dt.date | None = None) -> Outputs:
    """Validate every data file and render every generated file, in memory. Raises GenerationFailed.
    `today` is the build date that dates are checked against (default: today)."""
    root = Path(root)
    try:
        languages = languages or site_languages(root)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError) as exc:
        raise GenerationFailed([DataError("mkdocs.yml", None, None, f"cannot read the site's languages ({exc})")]) from None
    tracked_cache = caches.cache_problem(root)
    if tracked_cache:
        raise GenerationFailed([DataError(caches.tracked_cache_files(root)[0], None, None, tracked_cache)])
    problems: list[DataError] = symlink_problems(root)

    loaded_files: list[Loaded] = []
    hosts = set(TEXT_LINK_HOSTS)

    def load_and_check(relative: str) -> Loaded | None:
        """The file's data if it matches its schema; None (with the problems noted) otherwise."""
        try:
            loaded = load_yaml(root / relative, relative)
        except DataError as error:
            problems.append(error)
            return None
        loaded_files.append(loaded)
        try:
            schema = validation.load_schema(root / SCHEMAS[relative])
        except (OSError, ValueError) as exc:
            problems.append(DataError(SCHEMAS[relative], None, None, f"cannot read the schema ({exc})"))
            return None
        found = validation.schema_problems(loaded, schema, languages, frozenset(hosts))
        found += validation.locale_problems(loaded)
        found += validation.front_matter_problems(loaded)
        problems.extend(found)
        return None if found else loaded

    # Links inside texts may go to the sites of the listed sources (and LinkedIn itself).
    try:
        listed = load_yaml(root / SOURCES, SOURCES).data
        hosts |= validation.link_hosts(s.get("url") for s in listed.get("sources", []) if isinstance(s, dict))
    except (DataError, AttributeError, TypeError):
        pass  # reported when the file is checked below
    sources = load_and_check(SOURCES)
    if sources:
        problems.extend(validation.duplicate_id_problems(sources, ("sources",)))
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

    updates = load_and_check(UPDATES)
    if updates:
        problems.extend(validation.duplicate_id_problems(updates, ("entries",)))
        problems.extend(validation.one_entry_per_date_problems(updates, ("entries",), ONE_ENTRY_PER_DATE_SINCE))

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

    for loaded in loaded_files:  # plausible dates, links on their entry's own host
        problems.extend(validation.partial_date_problems(loaded, today=today))
        problems.extend(validation.entry_host_problems(loaded))
    if known is not None:  # checked even where the schema failed, so one run reports both
        for loaded in loaded_files:
            if loaded.file != SOURCES:
                problems.extend(validation.source_reference_problems(loaded, known, SOURCES))
            problems.extend(validation.source_link_problems(loaded, known, SOURCES))
    problems.extend(translations.translation_problems(root / "docs", languages, root))
    if problems:
        raise GenerationFailed(_one_per_problem(problems, loaded_files))

    by_id = {s["id"]: s for s in sources.data["sources"]}
    outputs = Outputs()
    def cited(lang: str) -> dict[str, dict]:  # the sources with what a citation tells of each, per language
        return rendering.with_cite_details(by_id, sources.data["page"], lang)
    renderers = {"opt-out": (OPT_OUT, lambda lang: rendering.render_opt_out(opt_out.data, lang, cited(lang))),
                 "sources": (SOURCES, lambda lang: rendering.render_sources(sources.data, lang)),
                 "timeline": (TIMELINE, lambda lang: rendering.render_timeline(timeline.data, lang, cited(lang))),
                 "updates": (UPDATES, lambda lang: rendering.render_updates(updates.data, lang)),
                 "rights": (rights_pages.RIGHTS, lambda lang: rights_pages.render_rights(rights.data, lang, cited(lang)))}
    for lang in languages:
        for name, (source, render) in renderers.items():
            try:
                outputs.files[f"docs/{name}.{lang}.md"] = rendering.drop_needless_cite_details(render(lang))
            except (ValueError, KeyError, TypeError, LookupError, OverflowError) as exc:
                # Validation should have caught it; still one line, never a traceback.
                problems.append(DataError(source, None, None, f"cannot render the {lang} page ({type(exc).__name__}: {exc})"))
    if problems:
        raise GenerationFailed(problems)
    shared, link_problems = rights_pages.share_outputs(root, languages, share, outputs.files, by_id)
    if link_problems:
        raise GenerationFailed(link_problems)
    outputs.files.update(shared)
    # The guide's data is also published for reuse, once, at /data/opt-out.json with its schema: the
    # hook writes both at build time (pagegen/publishing.py), as the schema's $id needs the site's address.
    outputs.export = {"data": opt_out.data, "schema": validation.load_schema(root / SCHEMAS[OPT_OUT])}
    outputs.updates = updates.data
    return outputs


# Folders whose files are published or read as data: a symbolic link there would publish (or
# read) whatever it points to on the machine that builds, /etc/passwd included.
NO_SYMLINKS = ("docs", "data")


def symlink_problems(root: Path) -> list[DataError]:
    """A problem for every symbolic link under NO_SYMLINKS (the links are not followed)."""
    problems = []
    for folder in NO_SYMLINKS:
        top = Path(root) / folder
        if top.is_symlink():
            problems.append(DataError(folder, None, None, "is a symbolic link; the site's folders hold real files only"))
            continue
        for directory, subfolders, files in os.walk(top):
            for name in sorted(subfolders + files):
                path = Path(directory) / name
                if path.is_symlink():
                    problems.append(DataError(path.relative_to(root).as_posix(), None, None,
                                              "is a symbolic link; the site publishes real files only "
                                              "(copy the file in, or remove the link)"))
    return problems


def _one_per_problem(problems: list[DataError], loaded_files: list[Loaded]) -> list[DataError]:
    by_file = {loaded.file: loaded for loaded in loaded_files}
    out = []
    for file in sorted({p.file for p in problems}):
        found = [p for p in problems if p.file == file]
        out.extend(validation.unique_problems(by_file[file], found) if file in by_file
                   else sorted(found, key=lambda p: p.line or 0))
    return out


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return b"\0 a folder \0"  # never equal to generated text: reported as stale, then refused by write
    except OSError as exc:
        raise WriteFailed(f"cannot read {path}: {exc.strerror or exc}") from None


def stale_files(root: Path, outputs: Outputs) -> list[str]:
    """The generated files whose bytes on disk differ from what the data says (a page rewritten
    with CRLF line ends or a BOM counts as changed)."""
    return [relative for relative, content in outputs.files.items()
            if _read_bytes(Path(root) / relative) != content.encode("utf-8")]


def _written_by_the_generator(path: Path) -> bool:
    """Whether the file carries the generator's note (every file it writes starts with it in its
    front matter or body), so a hand-written file named like a generated one is never removed."""
    try:
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
    except OSError:
        return False
    return rendering.GENERATED_NOTE.split("{source}")[0] in head or "\ngenerated_from:" in head


def extra_files(root: Path, outputs: Outputs) -> list[str]:
    """Files the generator wrote that the data no longer produces: a removed language's
    docs/opt-out.de.md (pattern docs/opt-out.*.md ...), if it carries the generator's note."""
    root = Path(root)
    patterns = set()
    for relative in outputs.files:  # docs/opt-out.en.md -> docs/opt-out.*.md
        folder, _, name = relative.rpartition("/")
        parts = name.split(".")
        if len(parts) >= 3:
            patterns.add((folder, ".".join(parts[:-2]) + ".*." + parts[-1]))
    found = {path.relative_to(root).as_posix() for folder, pattern in patterns for path in (root / folder).glob(pattern)
             if _written_by_the_generator(path)}
    return sorted(found - set(outputs.files))


def write(root: Path, outputs: Outputs) -> list[str]:
    """Write the files that changed and remove generated files the data no longer produces.

    Called only with outputs that passed validation, so bad data never gets here. Every changed
    file is first written in full to a temporary file beside its target; only when all are
    written are they renamed into place (a reader or `mkdocs serve` never sees half a page, and
    a full disk or a read-only folder changes nothing). Unchanged files are not touched, so the
    file watcher does not loop. The files are tracked by git: `git checkout docs/` undoes a run."""
    root = Path(root)
    changed, removed = stale_files(root, outputs), extra_files(root, outputs)
    staged: list[Path] = []
    done, current = 0, ""
    try:
        for current in changed:
            target = root / current
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():  # os.replace would fail only after other pages were replaced
                raise IsADirectoryError(errno.EISDIR, "it is a folder")
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append(Path(name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(outputs.files[current].encode("utf-8"))
            os.chmod(name, 0o644)
        for current, temporary in zip(changed, staged):
            os.replace(temporary, root / current)
            done += 1
        for current in removed:
            (root / current).unlink()
            done += 1
    except OSError as exc:
        for temporary in staged:
            temporary.unlink(missing_ok=True)
        outcome = "restore docs/ from git (git checkout docs/)" if done else "no file was changed"
        raise WriteFailed(f"cannot write {current}: {exc.strerror or exc}; {outcome}") from None
    return changed + removed
