"""material-patches.yml: every change to Material is an entry that applies to the installed
Material, or the build stops with one line naming it; overrides/ copies nothing from Material,
and no file of the repository names one of Material's content-hashed assets."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from pagegen import material_patches
from pagegen.loading import DataError

MATERIAL = Path(__import__("material").__file__).parent
TEMPLATES = MATERIAL / "templates"
TABLE = ROOT / material_patches.TABLE


def test_every_entry_applies_to_the_installed_material():
    patches = material_patches.load(TABLE)
    patched = material_patches.apply(patches, TEMPLATES)
    for patch in patches:
        assert patch.find != patch.replace, patch.id
        assert patch.replace in patched[patch.template] or patch.replace == "", patch.id
    for name, text in patched.items():
        assert text != (TEMPLATES / name).read_text(encoding="utf-8"), name


def _templates_with(tmp_path: Path, name: str, change) -> Path:
    """A copy of the patched templates of Material, with `name` changed by `change`."""
    folder = tmp_path / "templates"
    for patch in material_patches.load(TABLE):
        target = folder / patch.template
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((TEMPLATES / patch.template).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / name).write_text(change((folder / name).read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def test_a_changed_template_gets_the_entry_named(tmp_path):
    renamed = _templates_with(tmp_path / "a", "base.html", lambda t: t.replace('id="__drawer"', 'id="__menu"'))
    with pytest.raises(material_patches.StalePatch) as stale:
        material_patches.apply(material_patches.load(TABLE), renamed, "9.9.0")
    assert str(stale.value).startswith("material-patches.yml: entry 'body-toggles-move-to-header' (base.html) "
                                       "no longer applies to Material 9.9.0: Material's text not found")
    twice = _templates_with(tmp_path / "b", "partials/top.html", lambda t: t + t)
    with pytest.raises(material_patches.StalePatch, match=r"entry 'top-icon-hidden' .* found 2 times"):
        material_patches.apply(material_patches.load(TABLE), twice)


def test_the_build_names_the_stale_entry_of_a_changed_material(tmp_path):
    """The whole build, against a Material whose header.html wrote its menu button otherwise:
    one line names the entry, and no site is written."""
    overlay = tmp_path / "packages" / "material"
    (overlay / "templates" / "partials").mkdir(parents=True)
    for entry in MATERIAL.iterdir():
        if entry.name not in ("templates", "__pycache__"):
            (overlay / entry.name).symlink_to(entry)
    for entry in TEMPLATES.iterdir():
        if entry.name not in ("partials", "__pycache__"):
            (overlay / "templates" / entry.name).symlink_to(entry)
    for entry in (TEMPLATES / "partials").iterdir():
        if entry.name != "header.html":
            (overlay / "templates" / "partials" / entry.name).symlink_to(entry)
    header = (TEMPLATES / "partials" / "header.html").read_text(encoding="utf-8")
    (overlay / "templates" / "partials" / "header.html").write_text(
        header.replace('<label class="md-header__button md-icon" for="__drawer">',
                       '<label class="md-header__button md-icon" for="__drawer" title="Menu">'), encoding="utf-8")
    project = copy_project(tmp_path / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(overlay.parent))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "material-patches.yml" in line]
    assert len(lines) == 1 and "entry 'header-menu-checkbox' (partials/header.html) no longer applies" in lines[0], \
        result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_bad_entry_is_refused_with_its_line_and_id(tmp_path):
    table = tmp_path / material_patches.TABLE
    text = TABLE.read_text(encoding="utf-8")
    table.write_text(text.replace("  why: The end of palette-radiogroup.\n", ""), encoding="utf-8")
    with pytest.raises(DataError) as error:
        material_patches.load(table)
    assert re.match(r"material-patches\.yml:\d+: palette-radiogroup-end: entry: 'why' is a required property",
                    str(error.value)), str(error.value)
    first_id = re.search(r"^- id: (\S+)", text, re.M).group(1)
    table.write_text(text + f"\n- id: {first_id}\n  template: base.html\n  find: a\n  replace: b\n  why: twice\n",
                     encoding="utf-8")
    with pytest.raises(DataError, match=f"{first_id}: id used twice"):
        material_patches.load(table)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_overrides_copy_no_material_template():
    """A file in overrides/ with the name of a Material template shares almost no line with it
    (an {% endblock %} or a closing </div> at most): changes to Material go in the patch table."""
    copied = {}
    for path in sorted((ROOT / "overrides").rglob("*")):
        material = TEMPLATES / path.relative_to(ROOT / "overrides")
        if path.is_file() and material.is_file():
            matcher = difflib.SequenceMatcher(None, _lines(path.read_text(encoding="utf-8")),
                                              _lines(material.read_text(encoding="utf-8")), autojunk=False)
            copied[path.name] = sum(block.size for block in matcher.get_matching_blocks())
    assert sum(copied.values()) <= 10, copied
    patched = {patch.template for patch in material_patches.load(TABLE)}
    assert not [name for name in patched if (ROOT / "overrides" / name).exists()]


def test_no_file_names_a_hashed_material_asset():
    """Material's asset names carry a hash of their content and change with every release: a
    template or test that names one links a file the next Material no longer has."""
    hashed = {path.name for path in (TEMPLATES / "assets").rglob("*")
              if re.search(r"\.[0-9a-f]{8}\.min\.(css|js)$", path.name)}
    assert len(hashed) >= 4  # main and palette stylesheets, the bundle, the search worker
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in tracked.stdout.split("\0"):
        path = ROOT / name
        if not name or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = sorted(asset for asset in hashed if asset in text)
        assert not found, f"{name} names {found}"
