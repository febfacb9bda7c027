"""MkDocs hooks: the thin layer between MkDocs and the project's own code in scripts/pagegen.

- Before every build (and every rebuild under `mkdocs serve`) the data-driven pages are generated
  from data/, so a plain `mkdocs build` or `mkdocs serve` is all anyone runs.
- Each page gets its review date in its language, a stale-translation flag, a link-preview card
  and a Content-Security-Policy.
- Every language's build links the opt-out data published once at /data/ (pagegen/publishing.py).
- After the build: an Atom feed per language, robots.txt, Material's CSS trimmed to what the site
  uses, and the merged search index split per language (see overrides/main.html for the other
  half), with word forms added.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from functools import lru_cache, partial
from pathlib import Path

import jinja2
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data as get_markdown_meta

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import pagegen  # noqa: E402
from pagegen.cards import write_card  # noqa: E402
from pagegen import search  # noqa: E402
from pagegen.csp import UnknownInlineScript, UnsafeTemplateScript, record_template_scripts, template_scripts, with_csp  # noqa: E402
from pagegen.publishing import published_files  # noqa: E402
from pagegen.rendering import mark_citation_languages, one_line  # noqa: E402
from pagegen.rights import checked_site_url, with_site_address  # noqa: E402
from pagegen.slim_css import slim_site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.pagegen")


def on_config(config):
    # The top-level site_name, for languages that set none of their own. static-i18n's on_config
    # (priority -100, after this one) replaces it with each language's name, and MkDocs calls
    # on_config again for every language it builds: only the first call of a run sees it.
    if not getattr(config.plugins.get("i18n"), "building", False):
        _site_names["*"] = config.site_name
    # Fail before anything is built or written: bad data must never reach the site.
    _generate(config)
    _site_address(config)
    return config


def on_pre_build(config):
    # `mkdocs serve` reloads on a data change without calling on_config again.
    _generate(config)


_updates: dict = {}  # the validated updates data, for the feeds written after the build
_export: dict = {}  # the validated opt-out data and its schema, published by every language's build
_site_names: dict = {}  # "*": the top-level site_name of mkdocs.yml (see on_config)
# What this process last generated and validated. static-i18n builds once per language and
# `mkdocs serve` rebuilds often: while nothing the generator reads or writes has changed, the
# result it validated in this same run stands. Nothing of it is kept on disk: a file from an
# earlier run (or from a commit) could hold anything, whatever fingerprint it carries, so every
# new run validates the data again (pagegen/caches.py says which caches exist and why).
_generated: dict = {}


def _fingerprint() -> str:
    """A hash of every input of the generator, its own code, and the files it writes."""
    files = [*(ROOT / "data").rglob("*"), ROOT / "mkdocs.yml", *(ROOT / "scripts" / "pagegen").glob("*.py"),
             *(ROOT / "docs").glob("*.md")]
    digest = hashlib.sha256()
    for path in sorted(f for f in files if f.is_file()):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _generate(config):
    fingerprint = _fingerprint()
    if _generated.get("fingerprint") == fingerprint:
        _remember(_generated["updates"], _generated["export"])
        return
    _generated.clear()
    try:
        outputs = pagegen.generate(ROOT, _languages(config))
    except pagegen.GenerationFailed as failure:
        raise PluginError("Bad data; no page was written:\n" + "\n".join(f"  {p}" for p in failure.problems)) from None
    except Exception as exc:  # a bug: still one line, never a traceback
        raise PluginError(f"Generating the pages failed; no page was written ({type(exc).__name__}: {exc})") from None
    try:
        written = pagegen.write(ROOT, outputs)
    except pagegen.WriteFailed as failure:
        raise PluginError(f"Generated pages not written: {failure}") from None
    for relative in written:
        log.info("generated %s", relative)
    _remember(outputs.updates, outputs.export)
    _generated.update(fingerprint=_fingerprint(), updates=outputs.updates, export=outputs.export)


def _remember(updates: dict, export: dict) -> None:
    _updates.clear()
    _updates.update(updates)
    _export.clear()
    _export.update(export)


def _languages(config) -> list[str]:
    languages = config.plugins["i18n"].config.languages
    return [lang.locale for lang in languages if lang.default] + [lang.locale for lang in languages if not lang.default]


def _site_name(config, lang: str) -> str:
    """The site's name in `lang`: its own `site_name` under the i18n plugin, else the top-level one.
    (After the build, config.site_name holds the name of whichever language was built last.)"""
    i18n = next(entry for entry in config.plugins["i18n"].config.languages if entry.locale == lang)
    return i18n.site_name or _site_names["*"]


def _language_root(config, lang: str) -> str:
    """Where a language's pages live, from the site root: "" for the default language, "nl/"..."""
    return "" if lang == _languages(config)[0] else f"{lang}/"


@event_priority(-150)  # after static-i18n (-100) has chosen this language's files
def on_files(files, config):
    # The opt-out data and its schema exist once, at the site root, for every language. Each
    # language's build gets the same two files, so its links to them (`data/opt-out.json` in the
    # guide) resolve to that one copy and the strict build checks them. A leftover copy under
    # docs/ (older versions wrote docs/data/opt-out.<lang>.json) must not take their place.
    for path, content in published_files(_export["data"], _export["schema"], config.site_url or "/").items():
        while (leftover := files.get_file_from_path(path)) is not None:
            files.remove(leftover)
        files.append(File.generated(config, path, content=content))
    return files


def on_page_context(context, page, config, nav):
    # The review date in the reader's language ("22 November 2026", "22 novembre 2026").
    locale = config.extra["ui"]["date_locale"]
    reviewed = page.meta.get("reviewed")
    if reviewed:
        page.meta["reviewed_text"] = pagegen.format_partial_date(str(reviewed), locale)
    # Where this page's preview image goes: assets/images/social/nl/opt-out.png and so on.
    name = page.url.rstrip("/")
    name = "index" if not name else f"{name}/index" if name in _languages(config) else name
    page.meta["card"] = f"assets/images/social/{name}.png"
    # The Atom feed of the page's language, announced in its <head> (overrides/main.html).
    lang = config.theme["language"]
    context["feed"] = {"path": f"{_language_root(config, lang)}updates/feed.xml", "lang": lang,
                       "title": pagegen.feed_title(_updates, lang, _site_name(config, lang))}
    # A translation reviewed before its original was last reviewed may be out of date: say so
    # on the page (the habit of Let's Encrypt's website), with a link to the original.
    source = _original(page, config)
    if reviewed and source and str(source["reviewed"]) > str(reviewed):
        page.meta["stale_since"] = pagegen.format_partial_date(str(source["reviewed"]), locale)
        page.meta["stale_original_url"] = source["url"]
    return context


def _original(page, config):
    """Front matter and URL of the default-language version of a translated page, if any."""
    default = _languages(config)[0]
    alternates = getattr(page.file, "alternates", {}) or {}
    if getattr(page.file, "locale", default) == default or default not in alternates:
        return None
    original = alternates[default]
    _, meta = get_markdown_meta(Path(original.abs_src_path).read_text(encoding="utf-8"))
    if "reviewed" not in meta:
        return None
    return {"reviewed": meta["reviewed"], "url": original.url}


def _site_address(config) -> str:
    """The site's address, checked, for the share texts and the QR code. The generated pages in
    docs/ hold a stand-in (pagegen/rights.py), so a build for any address leaves docs/ as it is."""
    try:
        return checked_site_url(config.site_url)
    except pagegen.DataError as error:
        raise PluginError(str(error)) from None


def on_page_markdown(markdown, page, config, files):
    # Citations in hand-written pages carry the source's language, as generated ones do (WCAG 3.1.2).
    if "generated_from" in page.meta:
        return markdown
    path = ROOT / "data" / "sources.yml"
    return mark_citation_languages(markdown, config.theme["language"], _sources(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=1)
def _sources(path: Path, modified: int) -> dict:
    """The sources by id, read once per version of the file (every page of every language needs them)."""
    return {s["id"]: s for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]}


_HEADING = re.compile(r'<h([1-6])\b[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def on_page_content(html, page, config, files):
    html = with_site_address(html, _site_address(config))
    # Python-Markdown's table of contents turns every space into a plain one, French no-break
    # spaces too ("Pourquoi ce site ?" could wrap before "?"): take each entry from its heading.
    headings = {m.group(2): one_line(re.sub(r"<[^>]+>", "", m.group(3))) for m in _HEADING.finditer(html)}
    items = list(page.toc)
    while items:
        item = items.pop()
        item.title = headings.get(item.id, item.title)
        items.extend(item.children)
    return html


def on_post_page(output, page, config):
    # The page's link-preview image, in its language (path chosen in on_page_context).
    write_card(Path(config.site_dir) / page.meta["card"], ROOT / "social-cards" / "cache",
               page.meta.get("title") or page.title, config.site_name, page.meta.get("description", ""))
    return _with_csp(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    return _with_csp(output_content, template_name) if template_name.endswith(".html") else output_content


_template_scripts: dict[tuple, list] = {}
_rendered_scripts: set[str] = set()  # every inline script body a template rendered in this run


def _with_csp(html: str, name: str) -> str:
    """The page with its CSP; a build error if it carries an inline script no template ships."""
    try:
        return with_csp(html, _template_scripts[_theme_dirs_key], _rendered_scripts)
    except UnknownInlineScript as problem:
        raise PluginError(f"{name}: {problem}") from None


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept across the per-language builds of one run (halves the build time)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_template_cache = _TemplateCache()


_theme_dirs_key: tuple = ()


def on_env(env, config, files):
    global _theme_dirs_key
    # The inline scripts the templates ship: the only ones the CSP may allow (pagegen/csp.py).
    _theme_dirs_key = tuple(config.theme.dirs)
    if _theme_dirs_key not in _template_scripts:
        try:
            _template_scripts[_theme_dirs_key] = template_scripts(config.theme.dirs)
        except UnsafeTemplateScript as problem:
            raise PluginError(str(problem)) from None
    record_template_scripts(env, _rendered_scripts)
    env.bytecode_cache = _template_cache
    # overrides/main.html loads Material's script itself; its hashed name comes from the theme.
    env.globals["material_bundle"] = _theme_files(config, "assets/javascripts/bundle.*.min.js")[0]
    # The home page's first button (overrides/home.html) opens the setting the opt-out guide names.
    opt_out = yaml.safe_load((ROOT / "data" / "opt-out.yml").read_text(encoding="utf-8"))
    env.globals["opt_out_setting_url"] = opt_out["settings_link"]["url"]
    return env


# static-i18n logs every language's whole config override (lines of several hundred characters)
# on each build and rebuild; its warnings still show.
logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").setLevel(logging.WARNING)
_data_watchers: list = []


def on_serve(server, config, builder):
    """`mkdocs serve`: a data edit regenerates the pages here, outside MkDocs' rebuild.

    The generated pages sit in docs/, which MkDocs already watches, so their change alone starts
    the one rebuild that shows the edit (letting data/ start a rebuild too made every data edit
    build twice). Bad data stops here, with its message in the terminal: docs/ stays as it was,
    nothing rebuilds, and the last good site is still served until the data is fixed.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    last_seen = {"inputs": None}

    def regenerate(event):
        # One save can come as several events (an editor writes a new file and renames it):
        # generate, or report bad data, once per change of the inputs.
        inputs = _fingerprint()
        if event.is_directory or inputs == last_seen["inputs"]:
            return
        last_seen["inputs"] = inputs
        try:
            _generate(config)
        except PluginError as error:
            log.error("%s\nStill serving the last good site; it is rebuilt once the data is fixed.", error)
        except Exception:  # keep watching: the next edit may fix it
            log.exception("Generating the pages from data/ failed; still serving the last good site.")

    handler = FileSystemEventHandler()
    handler.on_any_event = regenerate
    watcher = PollingObserver(timeout=0.5)  # polling, as MkDocs' own watcher does
    watcher.schedule(handler, str(ROOT / "data"), recursive=True)
    watcher.start()
    _data_watchers.append(watcher)
    log.info("Watching 'data' for changes: the pages generated from it go to 'docs'")
    return server


def on_shutdown():
    for watcher in _data_watchers:
        watcher.stop()
        watcher.join()
    _data_watchers.clear()


def _write_site_files(config):
    """Files that need the site's absolute address: an Atom feed per language, and robots.txt."""
    site_url = config.site_url or "/"
    site_dir = Path(config.site_dir)
    languages = _languages(config)
    for lang in languages:
        prefix = _language_root(config, lang)
        # Beside the updates page, so the page links to it as plain `feed.xml`.
        (site_dir / prefix / "updates").mkdir(parents=True, exist_ok=True)
        feed = pagegen.render_atom(_updates, lang, f"{site_url}{prefix}updates/", f"{site_url}{prefix}updates/feed.xml",
                                   _site_name(config, lang))
        (site_dir / prefix / "updates" / "feed.xml").write_text(feed, encoding="utf-8")
    (site_dir / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n",
                                         encoding="utf-8")


def _theme_files(config, pattern: str) -> list[str]:
    """Paths (relative to the site) of Material's own files matching `pattern`."""
    material = next(Path(d) for d in config.theme.dirs if (Path(d) / "assets" / "stylesheets").is_dir())
    return sorted(p.relative_to(material).as_posix() for p in material.glob(pattern))


def _slim_material_css(config):
    """Material's stylesheets, trimmed to what this site's pages and scripts can use (see
    pagegen/slim_css.py). The names come from the theme's own files, not from the site folder,
    which under `mkdocs serve` still holds the trimmed copies of earlier rebuilds."""
    names = partial(_theme_files, config)
    slim_site(Path(config.site_dir),
              stylesheets=names("assets/stylesheets/main.*.min.css") + names("assets/stylesheets/palette.*.min.css"),
              own_css=list(config.extra_css),
              scripts=names("assets/javascripts/bundle.*.min.js") + [str(s) for s in config.extra_javascript],
              cache_dir=ROOT / ".cache")


@event_priority(-200)  # after static-i18n (-100) has written its merged index
def on_post_build(config):
    if getattr(config.plugins.get("i18n"), "building", False):
        return  # a per-language build inside static-i18n's run: the merged index is not complete yet
    _write_site_files(config)
    _slim_material_css(config)
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    merged = json.loads(index_path.read_text(encoding="utf-8"))
    languages = _languages(config)
    for lang, index in search.split_index(merged, languages).items():
        target = Path(config.site_dir) / ("" if lang == languages[0] else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
