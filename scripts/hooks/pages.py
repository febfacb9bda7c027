"""Hook: what each page gets on its way from Markdown to HTML.

Its review date in the reader's language, a stale-translation flag, the path of its link-preview
card, its language's Atom feed, `lang` on citations in hand-written pages, the site's address in
share texts and the QR code, the French no-break spaces kept in table-of-contents titles, and
the French no-break space between a number and the word it dates or counts.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import yaml
from mkdocs.utils.meta import get_data as get_markdown_meta

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import pagegen  # noqa: E402
from pagegen.loading import load_yaml  # noqa: E402
from pagegen.rendering import keep_numbers_with_words, mark_citation_languages, one_line  # noqa: E402
from pagegen.rights import checked_site_url, with_site_address  # noqa: E402


_site: dict = {}  # the languages (default first) and the site's name in each, from mkdocs.yml


def on_config(config):
    _site["languages"], _site["names"] = pagegen.site_languages(ROOT), pagegen.site_names(ROOT)


def on_page_context(context, page, config, nav):
    languages = _site["languages"]
    # The review date in the reader's language ("22 November 2026", "22 novembre 2026").
    locale = config.extra["ui"]["date_locale"]
    reviewed = page.meta.get("reviewed")
    if reviewed:
        page.meta["reviewed_text"] = keep_numbers_with_words(pagegen.format_partial_date(str(reviewed), locale),
                                                             config.theme["language"])
    # Where this page's preview image goes: assets/images/social/nl/opt-out.png and so on.
    name = page.url.rstrip("/")
    name = "index" if not name else f"{name}/index" if name in languages else name
    page.meta["card"] = f"assets/images/social/{name}.png"
    # The Atom feed of the page's language, announced in its <head> (material-patches.yml).
    lang = config.theme["language"]
    root = "" if lang == languages[0] else f"{lang}/"
    context["feed"] = {"path": f"{root}updates/feed.xml",
                       "title": pagegen.feed_title(_updates(), lang, _site["names"][lang])}
    # A translation reviewed before its original was last reviewed may be out of date: say so
    # on the page (the habit of Let's Encrypt's website), with a link to the original.
    source = _original(page, languages[0])
    if reviewed and source and str(source["reviewed"]) > str(reviewed):
        page.meta["stale_since"] = pagegen.format_partial_date(str(source["reviewed"]), locale)
        page.meta["stale_original_url"] = source["url"]
    return context


def _updates() -> dict:
    """data/updates.yml (validated by the generation hook before any page is built)."""
    path = ROOT / "data" / "updates.yml"
    return _read_updates(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _read_updates(path: Path, modified: int) -> dict:
    return load_yaml(path).data


def _original(page, default: str):
    """Front matter and URL of the default-language version of a translated page, if any."""
    alternates = getattr(page.file, "alternates", {}) or {}
    if getattr(page.file, "locale", default) == default or default not in alternates:
        return None
    original = alternates[default]
    _, meta = get_markdown_meta(Path(original.abs_src_path).read_text(encoding="utf-8"))
    if "reviewed" not in meta:
        return None
    return {"reviewed": meta["reviewed"], "url": original.url}


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
    # The generated pages in docs/ hold a stand-in for the site's address (share texts, the print
    # QR code; pagegen/rights.py), so a build for any address leaves docs/ as it is.
    html = with_site_address(html, checked_site_url(config.site_url))
    # French: a number and the word it dates or counts on one line ("3 novembre", "24 heures").
    html = keep_numbers_with_words(html, config.theme["language"])
    # Python-Markdown's table of contents turns every space into a plain one, French no-break
    # spaces too ("Pourquoi ce site ?" could wrap before "?"): take each entry from its heading.
    headings = {m.group(2): one_line(re.sub(r"<[^>]+>", "", m.group(3))) for m in _HEADING.finditer(html)}
    items = list(page.toc)
    while items:
        item = items.pop()
        item.title = headings.get(item.id, item.title)
        items.extend(item.children)
    return html
