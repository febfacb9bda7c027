"""Hook: Material's stylesheets for this site, once the whole site is built.

Restating is required: the patched templates moved the menu's and search's checkboxes, and
Material's rules that open the menu and search are rewritten for their new place
(pagegen/material_patches.py, RESTATED). Trimming is optional: it drops the rules nothing on
the site can use (pagegen/slim_css.py; 9 KB less on a first visit) and the comments of the
site's own stylesheet (3 KB), and is switched off with `extra.trim_css: false` in mkdocs.yml,
or TRIM_CSS=false in the environment.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from pagegen.loading import load_mkdocs_config  # noqa: E402
from pagegen.material_patches import StalePatch, restate  # noqa: E402
from pagegen.slim_css import replace_stylesheets, slim_site, without_comments  # noqa: E402


@event_priority(-200)  # after static-i18n (-100) has built every language
def on_post_build(config):
    if getattr(config.plugins.get("i18n"), "building", False):
        return  # a per-language build inside static-i18n's run: the site is not complete yet
    # The names come from the theme's own files, not from the site folder, which under `mkdocs
    # serve` still holds the rewritten copies of earlier rebuilds.
    material = next(Path(d) for d in config.theme.dirs if (Path(d) / "assets" / "stylesheets").is_dir())
    names = [p.relative_to(material).as_posix() for pattern in ("main.*.min.css", "palette.*.min.css")
             for p in sorted(material.glob(f"assets/stylesheets/{pattern}"))]
    site_dir = Path(config.site_dir)
    sheets = {name: (site_dir / name).read_text(encoding="utf-8") for name in names}
    try:
        sheets[names[0]] = restate(sheets[names[0]])
    except StalePatch as problem:
        raise PluginError(str(problem)) from None
    if _trimming_on(load_mkdocs_config(ROOT).get("extra", {}).get("trim_css", True)):
        scripts = [p.relative_to(material).as_posix() for p in material.glob("assets/javascripts/bundle.*.min.js")]
        sheets = slim_site(site_dir, sheets, own_css=list(config.extra_css),
                           scripts=scripts + [str(s) for s in config.extra_javascript], cache_dir=ROOT / ".cache")
        for name in config.extra_css:
            own = site_dir / name
            own.write_text(without_comments(own.read_text(encoding="utf-8")), encoding="utf-8")
    replace_stylesheets(site_dir, sheets)


def _trimming_on(setting) -> bool:
    """extra.trim_css: true or false, in mkdocs.yml or as $TRIM_CSS (a string there)."""
    return str(setting).strip().lower() not in ("false", "0", "no", "off")
