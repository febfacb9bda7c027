"""The second adversarial review (issue 22): each attack it reproduced, and the class behind it.

H1 a page script copied from a template; H2 a committed cache; M1 block syntax in data; M2
invisible characters; M3 the supply chain; L1-L8 tracebacks, the local server, symlinks,
translation parity, the generator's deletions, the README's storage claim, tracking parameters in
copied links, a quadratic regex. Each test fails without its fix.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from pagegen import csp
from test_data import assert_rejected, edit, run_generator, snapshot

OPT_OUT = "data/opt-out.yml"
TIMELINE = "data/timeline.yml"
SOURCES = "data/sources.yml"
RIGHTS = "data/rights.yml"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def _build(project: Path, site: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    return mkdocs_build(project, site, site_url)


# H1: the CSP allows an inline script only when a template rendered it, in its template's shape.

def _main_loader_script() -> str:
    source = (ROOT / "overrides/main.html").read_text(encoding="utf-8")
    return next(m.group("body") for m in csp.INLINE_SCRIPT.finditer(source) if "material_bundle" in m.group("body"))


def test_a_copied_template_script_with_its_own_code_fails_the_build(project, tmp_path):
    body = _main_loader_script()
    hole = re.search(r"\{\{.*?\}\}", body).group(0)
    evil = body.replace(hole, "(document.body.setAttribute('data-pwned',document.domain),"
                              "fetch('/x?'+location.pathname),'assets/javascripts/bundle.min.js')")
    if evil.count('"(document') == 1:  # the hole sits in quotes: the attacker closes them
        evil = evil.replace('"(document', '""+(document').replace("bundle.min.js')\"", "bundle.min.js')+\"\"")
    for lang in ("en", "nl", "fr"):
        page = project / f"docs/about.{lang}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n\n<script>{evil}</script>\n", encoding="utf-8")
    result = _build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "an inline script that no template ships" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_an_exact_copy_of_a_template_script_in_a_page_is_refused_too():
    """The shape alone is not enough: the text must come out of a template."""
    allowed = csp.template_scripts([ROOT / "overrides"])
    body = _main_loader_script().replace(re.search(r"\{\{.*?\}\}", _main_loader_script()).group(0), "x.js")
    page = f"<html><head></head><body><script>{body}</script></body></html>"
    assert any(p.fullmatch(body) for p in allowed)
    with pytest.raises(csp.UnknownInlineScript):
        csp.with_csp(page, allowed, rendered=set())
    assert "sha256-" in csp.with_csp(page, allowed, rendered={body})


@pytest.mark.parametrize("script", ['s.src={{ x | tojson }};', "f({{ x }})", "var a=`{{ x }}`", 'var a="b"+{{ x }}'])
def test_a_template_expression_outside_a_string_literal_is_refused(script):
    with pytest.raises(csp.UnsafeTemplateScript, match="outside a string literal"):
        csp.script_pattern(script, "t.html")


def test_every_template_expression_in_a_script_sits_in_a_string_literal():
    import material
    csp.template_scripts([ROOT / "overrides", Path(material.__file__).parent / "templates"])  # raises if not


def test_a_hole_cannot_end_its_string():
    pattern = csp.script_pattern('s.src="{{ x }}";', "t.html")
    assert pattern.fullmatch('s.src="../assets/b.js";')
    for value in ['";alert(1);"', "\\", "</script>", "a\nb", "`"]:
        assert not pattern.fullmatch(f's.src="{value}";'), value


# H2: caches are only speed.

def _old_fingerprint(root: Path) -> str:
    """The fingerprint the hook used to trust .cache/pagegen-state.json with: anyone can compute it."""
    import hashlib
    import os
    files = [*(root / "data").rglob("*"), root / "mkdocs.yml", *(root / "scripts" / "pagegen").glob("*.py"),
             *(root / "docs").glob("*.md")]
    digest = hashlib.sha256()
    digest.update(os.environ.get("SITE_URL", "").encode() + b"\0")
    for path in sorted(f for f in files if f.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def test_a_committed_generator_state_file_never_stands_in_for_validated_data(project, tmp_path):
    import yaml
    assert _build(project, tmp_path / "site1").returncode == 0
    data = yaml.safe_load((project / OPT_OUT).read_text(encoding="utf-8"))
    data["settings_link"]["url"] = "https://www.linkedin-privacy-check.example/login"
    updates = yaml.safe_load((project / "data/updates.yml").read_text(encoding="utf-8"))
    updates["entries"][0]["title"]["en"] = "URGENT: LinkedIn will delete accounts that do not re-verify"
    schema = json.loads((project / "data/schema/opt-out.schema.json").read_text(encoding="utf-8"))
    state = {"fingerprint": _old_fingerprint(project), "export": {"data": data, "schema": schema}, "updates": updates}
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache/pagegen-state.json").write_text(json.dumps(state), encoding="utf-8")
    result = _build(project, tmp_path / "site2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "linkedin-privacy-check" not in (tmp_path / "site2/data/opt-out.json").read_text(encoding="utf-8")
    assert "URGENT" not in (tmp_path / "site2/updates/feed.xml").read_text(encoding="utf-8")


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@localhost", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@localhost", "PATH": "/usr/bin:/bin", "HOME": str(project)})


@pytest.mark.parametrize("cached", [".cache/slim-css-0123.json", "social-cards/cache/0123.png", ".cache/pagegen-state.json"])
def test_the_build_refuses_a_cache_that_git_tracks(project, capsys, cached):
    (project / cached).parent.mkdir(parents=True, exist_ok=True)
    (project / cached).write_text("{}", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-f", cached)
    assert_rejected(project, capsys, cached, "git tracks", "cache folder")


def test_no_cache_is_tracked_in_this_repository():
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--", ".cache", "social-cards/cache"],
                             capture_output=True, text=True, check=True).stdout.split()
    assert tracked == []


# M3: every Python package pinned with hashes and installed with hash checking; actions by SHA.

def _locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a pip-compile lock file."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        assert match, f"{path.name}: not a pinned, hashed line: {line[:80]}"
        found[match.group(1).lower()] = (match.group(2), re.findall(r"sha256:([0-9a-f]{64})", match.group(3)))
    return found


@pytest.mark.parametrize("lock, source", [("requirements.txt", "requirements.in"),
                                          ("requirements-test.txt", "requirements-test.in")])
def test_every_python_package_is_pinned_with_hashes(lock, source):
    locked = _locked(ROOT / lock)
    wanted = [re.match(r"[A-Za-z0-9._-]+", line).group(0).lower()
              for line in (ROOT / source).read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith(("#", "-"))]
    assert wanted and all(name in locked for name in wanted), set(wanted) - set(locked)
    assert len(locked) > len(wanted)  # the indirect packages are in the lock too
    if lock == "requirements-test.txt":
        assert "pytest-xdist" in locked
        build = _locked(ROOT / "requirements.txt")
        assert all(locked[name] == build[name] for name in build if name in locked)  # one version of each


def test_the_installed_packages_are_those_of_the_lock_files():
    from importlib import metadata
    locked = {**_locked(ROOT / "requirements.txt"), **_locked(ROOT / "requirements-test.txt")}
    for name in ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "pygments", "pytest"):
        assert metadata.version(name) == locked[name][0], name


def test_every_install_checks_the_hashes():
    scripts = {path: (ROOT / path).read_text(encoding="utf-8") for path in
               ("scripts/make_venv.sh", "scripts/install_test_tools.sh", ".github/workflows/external-links.yml")}
    for path, text in scripts.items():
        installs = re.findall(r"pip\"? install[^\n]*", text)
        assert installs, path
        assert all("--require-hashes" in line for line in installs), (path, installs)


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    uses = [line for path in sorted((ROOT / ".github/workflows").glob("*.yml"))
            for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"\s*-?\s*uses:", line)]
    assert uses
    for line in uses:
        assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


def test_dependabot_proposes_updates_for_pip_npm_and_actions():
    import yaml
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert {entry["package-ecosystem"] for entry in config["updates"]} == {"pip", "npm", "github-actions"}
