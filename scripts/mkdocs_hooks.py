"""MkDocs hooks: the thin layer between MkDocs and the project's own code in scripts/pagegen.

- Before every build (and every rebuild under `mkdocs serve`) the data-driven pages are generated
  from data/, so a plain `mkdocs build` or `mkdocs serve` is all anyone runs.
- Each page gets its review date in its language, a stale-translation flag, a link-preview card
  and a Content-Security-Policy.
- After the build: an Atom feed per language, robots.txt, Material's CSS trimmed to what the site
  uses, and the merged search index split per language (see overrides/main.html for the other
  half), with word forms added.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sys
from functools import partial
from pathlib import Path

import jinja2
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils.meta import get_data as get_markdown_meta

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import pagegen  # noqa: E402
from pagegen.cards import write_card  # noqa: E402
from pagegen import search  # noqa: E402
from pagegen.csp import with_csp  # noqa: E402
from pagegen.slim_css import slim_site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.pagegen")


def on_config(config):
    # Fail before anything is built or written: bad data must never reach the site.
    _generate(config)
    return config


def on_pre_build(config):
    # `mkdocs serve` reloads on a data change without calling on_config again.
    _generate(config)


_updates: dict = {}  # the validated updates data, for the feeds written after the build
# What the last successful generation saw. static-i18n builds once per language and `mkdocs
# serve` rebuilds often: when nothing it reads or writes has changed, the (identical) result of
# the last run stands and validation is not repeated.
STATE = ROOT / ".cache" / "pagegen-state.json"


def _fingerprint() -> str:
    """A hash of every input of the generator, its own code, and the files it writes."""
    files = [*(ROOT / "data").rglob("*"), ROOT / "mkdocs.yml", *(ROOT / "scripts" / "pagegen").glob("*.py"),
             *(ROOT / "docs").glob("*.md"), *(ROOT / "docs" / "data").glob("*")]
    digest = hashlib.sha256()
    for path in sorted(f for f in files if f.is_file()):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _generate(config):
    fingerprint = _fingerprint()
    try:
        state = json.loads(STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    if state.get("fingerprint") == fingerprint:
        _updates.clear()
        _updates.update(state["updates"])
        return
    try:
        outputs = pagegen.generate(ROOT, _languages(config))
    except pagegen.GenerationFailed as failure:
        STATE.unlink(missing_ok=True)
        raise PluginError("Bad data; no page was written:\n" + "\n".join(f"  {p}" for p in failure.problems)) from None
    for relative in pagegen.write(ROOT, outputs):
        log.info("generated %s", relative)
    _updates.clear()
    _updates.update(outputs.updates)
    STATE.parent.mkdir(parents=True, exist_ok=True)
    STATE.write_text(json.dumps({"fingerprint": _fingerprint(), "updates": outputs.updates}), encoding="utf-8")


def _languages(config) -> list[str]:
    languages = config.plugins["i18n"].config.languages
    return [lang.locale for lang in languages if lang.default] + [lang.locale for lang in languages if not lang.default]


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


def on_post_page(output, page, config):
    # The page's link-preview image, in its language (path chosen in on_page_context).
    write_card(Path(config.site_dir) / page.meta["card"], ROOT / "social-cards" / "cache",
               page.meta.get("title") or page.title, config.site_name, page.meta.get("description", ""))
    return with_csp(output)


def on_post_template(output_content, template_name, config):
    return with_csp(output_content) if template_name.endswith(".html") else output_content


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


def on_env(env, config, files):
    env.bytecode_cache = _template_cache
    # overrides/main.html loads Material's script itself; its hashed name comes from the theme.
    env.globals["material_bundle"] = _theme_files(config, "assets/javascripts/bundle.*.min.js")[0]
    # The home page's first button (overrides/home.html) opens the setting the opt-out guide names.
    opt_out = yaml.safe_load((ROOT / "data" / "opt-out.yml").read_text(encoding="utf-8"))
    env.globals["opt_out_setting_url"] = opt_out["settings_link"]["url"]
    return env


def on_serve(server, config, builder):
    server.watch(str(ROOT / "data"))
    return server


def _write_site_files(config):
    """Files that need the site's absolute address: an Atom feed per language, and robots.txt."""
    site_url = config.site_url or "/"
    site_dir = Path(config.site_dir)
    languages = _languages(config)
    for lang in languages:
        prefix = "" if lang == languages[0] else f"{lang}/"
        # Beside the updates page, so the page links to it as plain `feed.xml`.
        (site_dir / prefix / "updates").mkdir(parents=True, exist_ok=True)
        i18n = next(l for l in config.plugins["i18n"].config.languages if l.locale == lang)
        feed = pagegen.render_atom(_updates, lang, f"{site_url}{prefix}updates/", f"{site_url}{prefix}updates/feed.xml",
                                   i18n.site_name or config.site_name)
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
