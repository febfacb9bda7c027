"""MkDocs hooks: the thin layer between MkDocs and the project's own scripts.

- Before every build (and every rebuild under `mkdocs serve`) the data-driven pages are generated
  from data/ (scripts/pagegen), so a plain `mkdocs build` or `mkdocs serve` is all anyone runs.
- The page template gets each page's review date and its translation state.
- After the build, the one merged search index static-i18n writes is split per language, so a
  search on a Dutch page only finds Dutch pages (see overrides/main.html for the other half).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import pagegen  # noqa: E402

log = logging.getLogger("mkdocs.hooks.pagegen")


def on_config(config):
    # Fail before anything is built or written: bad data must never reach the site.
    _generate(config)
    return config


def on_pre_build(config):
    # `mkdocs serve` reloads on a data change without calling on_config again.
    _generate(config)


def _generate(config):
    try:
        outputs = pagegen.generate(ROOT, _languages(config))
    except pagegen.GenerationFailed as failure:
        raise PluginError("Bad data; no page was written:\n" + "\n".join(f"  {p}" for p in failure.problems)) from None
    for relative in pagegen.write(ROOT, outputs):
        log.info("generated %s", relative)


def _languages(config) -> list[str]:
    languages = config.plugins["i18n"].config.languages
    return [lang.locale for lang in languages if lang.default] + [lang.locale for lang in languages if not lang.default]


def on_page_context(context, page, config, nav):
    # The review date in the reader's language ("22 November 2026", "22 novembre 2026").
    reviewed = page.meta.get("reviewed")
    if reviewed:
        page.meta["reviewed_text"] = pagegen.format_partial_date(str(reviewed), config.extra["ui"]["date_locale"])
    return context


def on_serve(server, config, builder):
    server.watch(str(ROOT / "data"))
    return server


@event_priority(-200)  # after static-i18n (-100) has written its merged index
def on_post_build(config):
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    merged = json.loads(index_path.read_text(encoding="utf-8"))
    languages = _languages(config)
    default, others = languages[0], languages[1:]
    by_language: dict[str, list] = {lang: [] for lang in languages}
    seen: set[str] = set()
    for doc in merged["docs"]:
        if doc["location"] in seen:  # each language build adds the default pages once more
            continue
        seen.add(doc["location"])
        prefix = doc["location"].split("/", 1)[0]
        by_language[prefix if prefix in others else default].append(doc)
    for lang, docs in by_language.items():
        target = index_path if lang == default else Path(config.site_dir) / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Locations are relative to the language root, where that language's pages fetch the index.
        if lang != default:
            docs = [dict(doc, location=doc["location"][len(lang) + 1:]) for doc in docs]
        config_part = dict(merged["config"], lang=[lang])
        target.write_text(json.dumps({"config": config_part, "docs": docs}, ensure_ascii=False,
                                     separators=(",", ":")), encoding="utf-8")
