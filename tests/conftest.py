"""Shared fixtures. The tests mirror the pipeline:

    test_data.py        data files -> validation (bad input gives one clear message, writes nothing)
    test_generator.py   validated data -> Markdown pages (deterministic, complete, per language)
    test_build.py       MkDocs + Material + static-i18n -> site (strict, languages, sources, privacy)
    test_slim_css.py    Material's CSS trimmed to what the site uses (rules, properties, file names)
    test_material_patches.py  material-patches.yml applies to the installed Material, or the build
                        names the stale entry; overrides/ copies nothing from Material
    test_links.py       the served site has no broken link (linkchecker over HTTP) or #section
    test_browser.py     what a reader gets in Chromium (requests, axe, CSP, phone width, search...)
    test_html.py        the Nu Html Checker on every page
    test_publishing.py  what other programs read: previews, sitemap, robots.txt, feeds, the JSON
                        export (ajv and jsonschema), and actionlint on the GitHub workflows
    test_language.py    each language's terminology and typography, and `lang` on foreign phrases
    test_setup.py       the set-up scripts' checks, with stand-in executables on PATH
    test_serve.py       `mkdocs serve`: one rebuild per data edit, bad data keeps the last good site
    test_repository.py  no tracked file points outside the repository
    test_hardening.py   hostile or careless input: refused in one line or shown as text; writes
                        all or nothing; the CSP's inline scripts; exit codes
    test_attacks.py     each attack of the second adversarial review, reproduced, and its class
    test_guide.py       the guide's objection section: the option it suggests fits what is objected to
    test_rights.py      the rights page: authorities, forms, complaint addresses, per language
    test_share.py       the share page and the print block: post lengths, links, the QR code
    test_watch.py       the weekly watch on LinkedIn's documents, on recorded answers
    test_tiers.py       the markers below cannot lie; the two tiers and CI run what they say

Two tiers. Tests that need a browser, Java or a Node tool carry a marker (`browser`, `java`,
`node`); `make test-fast` runs all the others, `make test` runs everything. The guard below makes
the markers true: a test that starts Chromium, Java or Node without its marker fails, so such a
test cannot slip into the fast tier. Under CI=true a skipped marked test is a failure.

The site is built once per session (under pytest-xdist: once per worker), from a copy of the
project, for the address it is served on.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from serve_static import SiteServer, free_port  # noqa: E402

# How many damaged data files each Hypothesis test draws (test_data.py, test_rights.py). Each one
# is a full validation and generation, about half a second. `make test` and CI use "thorough";
# `make test-fast`, run after every edit, passes --hypothesis-profile=quick. Hypothesis keeps the
# examples that failed in .hypothesis/ and tries them first on the next run of either tier.
settings.register_profile("thorough", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("quick", parent=settings.get_profile("thorough"), max_examples=8)
settings.load_profile("thorough")


@functools.cache
def checkout_pages() -> MappingProxyType:
    """The files the checkout's own data generates, made once per test process and read-only:
    many tests read a generated page, and each generate() validates every data file again."""
    from pagegen import generate
    return MappingProxyType(dict(generate(ROOT).files))

LANGUAGES = ["en", "nl", "fr"]  # checked against mkdocs.yml in test_build.py
PROJECT_PARTS = ["mkdocs.yml", "material-patches.yml", "docs", "data", "overrides", "scripts", "social-cards"]


# The programs each marker allows a test to start (a browser test also runs Playwright's Node driver).
MARKED_PROGRAMS = {"browser": {"chromium", "chrome", "google-chrome", "node"}, "java": {"java"},
                   "node": {"node", "npm", "npx"}}
BROWSER_FIXTURES = {"browser"}


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def pytest_collection_modifyitems(config, items):
    # A session fixture starts Chromium before the guard below sees the test: check by name.
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("browser"):
            raise pytest.UsageError(f"{item.nodeid} uses the browser but is not marked browser")


@pytest.fixture(autouse=True)
def _programs_match_markers(request, monkeypatch):
    """Fail a test that starts Chromium, Java or Node without the marker that says so."""
    allowed = set().union(*(programs for marker, programs in MARKED_PROGRAMS.items()
                            if request.node.get_closest_marker(marker)))
    needs = {program: marker for marker, programs in MARKED_PROGRAMS.items() for program in programs}
    real = subprocess.Popen

    class Guarded(real):
        def __init__(self, args, *more, **options):
            first = args if isinstance(args, (str, os.PathLike)) else args[0]
            program = Path(os.fspath(first)).name
            if program in needs and program not in allowed:
                raise AssertionError(f"{request.node.nodeid} runs {program} but is not marked "
                                     f"@pytest.mark.{needs[program]} (tests/conftest.py)")
            super().__init__(args, *more, **options)

    monkeypatch.setattr(subprocess, "Popen", Guarded)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a marked test that skips is a failure: `make test` must never quietly leave them out."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _ci() and any(item.get_closest_marker(m) for m in MARKED_PROGRAMS):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which is not allowed for a {'/'.join(MARKED_PROGRAMS)} test"


# The project the session's site was built from: its preview cards and trimmed CSS, cached by
# content, let later copies build without drawing and trimming again (a fresh clone has neither).
_warm_caches: list[Path] = []


def copy_project(destination: Path) -> Path:
    """A throw-away copy of what a build reads, so tests may break it without touching the checkout."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    for built in _warm_caches:
        shutil.copytree(built / "social-cards" / "cache", destination / "social-cards" / "cache", dirs_exist_ok=True)
        for cached_css in (built / ".cache").glob("slim-css-*.json"):
            (destination / ".cache").mkdir(exist_ok=True)
            shutil.copy2(cached_css, destination / ".cache" / cached_css.name)
    return destination


def mkdocs_build(project: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The copy of the project the session's site is built from."""
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, built_project, site_port) -> Path:
    """The site, built with --strict for http://127.0.0.1:<port>/, from a copy of the project."""
    project = built_project
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site_dir, f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    _warm_caches[:] = [project]
    # linkchecker drops root privileges to 'nobody': everything must be world-readable.
    for path in [site_dir, *site_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    site_dir.parent.chmod(0o755)
    return site_dir


@pytest.fixture(scope="session")
def site_url(built_site, site_port) -> str:
    """The built site served like GitHub Pages (gzip, 404.html) on 127.0.0.1."""
    with SiteServer(built_site, site_port) as server:
        yield server.url


def language_root(lang: str) -> str:
    """Where a language's pages live, from the site root: "" for the default language, "nl/"..."""
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def content_pages(site_dir: Path) -> list[Path]:
    """Every HTML page a reader can reach (not the 404 page)."""
    return sorted(p for p in site_dir.rglob("index.html"))


def page_language(site_dir: Path, page: Path) -> str:
    first = page.relative_to(site_dir).parts[0]
    return first if first in LANGUAGES[1:] else LANGUAGES[0]
