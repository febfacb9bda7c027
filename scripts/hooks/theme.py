"""Hook: Material's templates as this site changes them, and what every rendered page gets.

Material's templates are served to Jinja with the entries of material-patches.yml applied
(pagegen/material_patches.py); overrides/ holds only the site's own templates. Every page then
gets its link-preview card and a Content-Security-Policy that allows only the inline scripts
the templates rendered (pagegen/csp.py: a recording loader around all of the above).
"""
from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import jinja2
import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from pagegen import material_patches  # noqa: E402
from pagegen.cards import write_card  # noqa: E402
from pagegen.csp import (UnknownInlineScript, UnsafeTemplateScript, record_template_scripts,  # noqa: E402
                         template_scripts, with_csp)
from pagegen.loading import DataError  # noqa: E402


class PatchedMaterial(jinja2.BaseLoader):
    """Material's templates named in the patch table, patched; and under "material/", each of
    Material's templates as it ships (overrides/partials/languages/ import Material's strings)."""

    def __init__(self, patched: dict[str, str], material: Path):
        self.patched = patched
        self.material = material

    def get_source(self, environment, name):
        if name in self.patched:
            return self.patched[name], None, lambda: True
        if name.startswith("material/"):
            path = self.material / name.removeprefix("material/")
            if ".." not in Path(name).parts and path.is_file():
                return path.read_text(encoding="utf-8"), str(path), lambda: True
        raise jinja2.TemplateNotFound(name)

    def list_templates(self):
        return sorted(self.patched)


def _material_dir(config) -> Path:
    return next(Path(d) for d in config.theme.dirs if (Path(d) / "assets" / "stylesheets").is_dir())


_patched: dict[tuple, dict[str, str]] = {}  # per table and Material version: the patched templates


def patched_templates(config) -> dict[str, str]:
    material = _material_dir(config)
    table = ROOT / material_patches.TABLE
    key = (str(material), version("mkdocs-material"), table.stat().st_mtime_ns)
    if key not in _patched:
        try:
            patched = material_patches.apply(material_patches.load(table), material, key[1])
        except (material_patches.StalePatch, DataError) as problem:
            raise PluginError(str(problem)) from None
        own = ROOT / config.theme.custom_dir if config.theme.custom_dir else None
        for name in patched:
            if own and (own / name).is_file():
                raise PluginError(f"{material_patches.TABLE}: overrides/{name} would hide the patched {name}")
        _patched.clear()
        _patched[key] = patched
    return _patched[key]


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
_template_scripts: dict[tuple, list] = {}
_scripts_key: tuple = ()
_rendered_scripts: set[str] = set()  # every inline script body a template rendered in this run


def on_env(env, config, files):
    global _scripts_key
    patched = patched_templates(config)
    env.loader = jinja2.ChoiceLoader([PatchedMaterial(patched, _material_dir(config)), env.loader])
    env.bytecode_cache = _template_cache
    # The inline scripts the templates ship: the only ones the CSP may allow (pagegen/csp.py).
    _scripts_key = (tuple(config.theme.dirs), id(patched))
    if _scripts_key not in _template_scripts:
        try:
            _template_scripts[_scripts_key] = template_scripts(config.theme.dirs, patched)
        except UnsafeTemplateScript as problem:
            raise PluginError(str(problem)) from None
    record_template_scripts(env, _rendered_scripts)
    # overrides/main.html loads Material's script itself; its hashed name comes from the theme.
    bundles = sorted(_material_dir(config).glob("assets/javascripts/bundle.*.min.js"))
    env.globals["material_bundle"] = bundles[0].relative_to(_material_dir(config)).as_posix()
    # The home page's first button (overrides/home.html) opens the setting the opt-out guide names.
    opt_out = yaml.safe_load((ROOT / "data" / "opt-out.yml").read_text(encoding="utf-8"))
    env.globals["opt_out_setting_url"] = opt_out["settings_link"]["url"]
    # ...and names the switch there as the guide does, in each language the sources report it in.
    env.globals["opt_out_switch_labels"] = {lang: label["text"] for lang, label in opt_out["labels"]["toggle"].items()
                                            if "text" in label}
    # ...in the quotation marks the guide puts around LinkedIn's labels.
    env.globals["ui_label_quotes"] = {lang: quote.split("{text}", 1) for lang, quote in opt_out["ui"]["quote"].items()}
    # ...and where to complain if LinkedIn refuses, in the words of the guide's own link.
    env.globals["opt_out_complain"] = opt_out["ui"]["jump_complain"]
    return env


def on_post_page(output, page, config):
    # The page's link-preview image, in its language (path chosen by the pages hook).
    write_card(Path(config.site_dir) / page.meta["card"], ROOT / "social-cards" / "cache",
               page.meta.get("title") or page.title, config.site_name, page.meta.get("description", ""))
    return _with_csp(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    return _with_csp(output_content, template_name) if template_name.endswith(".html") else output_content


def _with_csp(html: str, name: str) -> str:
    """The page with its CSP; a build error if it carries an inline script no template ships."""
    try:
        return with_csp(html, _template_scripts[_scripts_key], _rendered_scripts)
    except UnknownInlineScript as problem:
        raise PluginError(f"{name}: {problem}") from None
