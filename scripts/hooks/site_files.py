"""Hook: the files written once the whole site is built.

An Atom feed per language and robots.txt (both need the site's absolute address), and the search
index: static-i18n writes one for all languages; it is split per language, with word forms added
(pagegen/search.py; overrides/main.html points each language's search at its own).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import pagegen  # noqa: E402
from pagegen import search  # noqa: E402
from pagegen.loading import load_yaml  # noqa: E402


@event_priority(-200)  # after static-i18n (-100) has written its merged index
def on_post_build(config):
    if getattr(config.plugins.get("i18n"), "building", False):
        return  # a per-language build inside static-i18n's run: the merged index is not complete yet
    site_dir = Path(config.site_dir)
    languages = pagegen.site_languages(ROOT)
    _write_feeds_and_robots(site_dir, config.site_url or "/", languages)
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.exists():
        return
    merged = json.loads(index_path.read_text(encoding="utf-8"))
    objection = load_yaml(ROOT / "data" / "opt-out.yml").data["objection"]  # validated before the build
    for lang, index in search.split_index(merged, languages).items():
        index["docs"] = search.keywords_to_one_section(index["docs"], "opt-out/", "object",
                                                       objection.get("search_keywords", {}).get(lang, []))
        target = site_dir / ("" if lang == languages[0] else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _write_feeds_and_robots(site_dir: Path, site_url: str, languages: list[str]) -> None:
    updates = load_yaml(ROOT / "data" / "updates.yml").data  # validated before the build
    names = pagegen.site_names(ROOT)
    for lang in languages:
        prefix = "" if lang == languages[0] else f"{lang}/"
        # Beside the updates page, so the page links to it as plain `feed.xml`.
        (site_dir / prefix / "updates").mkdir(parents=True, exist_ok=True)
        feed = pagegen.render_atom(updates, lang, f"{site_url}{prefix}updates/", f"{site_url}{prefix}updates/feed.xml",
                                   names[lang])
        (site_dir / prefix / "updates" / "feed.xml").write_text(feed, encoding="utf-8")
    (site_dir / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n",
                                         encoding="utf-8")
