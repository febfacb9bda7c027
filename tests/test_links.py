"""No broken link or anchor anywhere in the served site.

LinkChecker crawls the site over HTTP (over file:// it silently skips root-relative links and
directory anchors, so the site is served on 127.0.0.1 like GitHub Pages). External links are not
followed here (no network); the scheduled workflow checks them. Links to a section (#id) are
checked against the built pages by the second test: LinkChecker's own anchor check fetches and
parses the target page again for every fragment, which took 14 of each crawl's 17 seconds (the
sources page alone is the target of about 250 citation links per language).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

LINKCHECKER_CONFIG = """\
[checking]
threads=4
maxrequestspersecond=100
[filtering]
checkextern=0
[output]
status=0
"""


def linkchecker() -> list[str]:
    installed = Path(sys.executable).with_name("linkchecker")
    return [str(installed)] if installed.exists() else [shutil.which("linkchecker") or "linkchecker"]


# One crawl per language, so that the xdist workers share the work (one crawl of the whole site
# was the longest item of the quick tier). Each crawl follows the links of its own language's
# pages and still checks, without following them, the links that lead to the other languages.
CRAWLS = {"en": ("", r"(nl|fr)/"), "nl": ("nl/", r"(?!nl/)"), "fr": ("fr/", r"(?!fr/)")}


@pytest.mark.parametrize("lang", CRAWLS)
def test_no_broken_links_or_anchors(site_url, tmp_path, lang):
    start, elsewhere = CRAWLS[lang]
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    config.chmod(0o644)
    tmp_path.chmod(0o755)
    result = subprocess.run(
        linkchecker() + ["--config", str(config), "--no-status", "--output", "text",
                         f"--no-follow-url=^{re.escape(site_url)}{elsewhere}", site_url + start],
        # A guard against a hang, not a speed limit: on a 2-core machine shared with other work
        # the crawl (about 35 s when quiet) once took over 300 s.
        capture_output=True, text=True, timeout=1200,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # LinkChecker prints how many links it checked: make sure it really crawled the site.
    assert "links in" in report or "URLs" in report, report
    checked = [int(word) for line in report.splitlines() if "link" in line and "checked" in line
               for word in line.replace(",", " ").split() if word.isdigit()]
    assert checked and max(checked) > 100, report


def section_links(site_dir: Path, site_url: str) -> tuple[int, list[str]]:
    """How many links within the site name a section (#id), and those whose page or id is missing."""
    from bs4 import BeautifulSoup

    pages = {page: BeautifulSoup(page.read_text(encoding="utf-8"), "lxml") for page in site_dir.rglob("*.html")}
    ids = {page: {tag["id"] for tag in html.find_all(id=True)} | {tag["name"] for tag in html.find_all("a", attrs={"name": True})}
           for page, html in pages.items()}
    missing, checked = [], 0
    for page, html in pages.items():
        address = site_url + page.relative_to(site_dir).as_posix()
        for link in html.find_all("a", href=True):
            target = urljoin(address, link["href"])
            if not target.startswith(site_url) or "#" not in target or target.endswith("#"):
                continue
            path, fragment = target[len(site_url):].split("#", 1)
            target_page = site_dir / (path + "index.html" if path == "" or path.endswith("/") else path)
            checked += 1
            if unquote(fragment) not in ids.get(target_page, set()):
                missing.append(f"{page.relative_to(site_dir)}: {link['href']}")
    return checked, sorted(set(missing))


def test_every_link_to_a_section_finds_it(built_site, site_url):
    """Every link within the site that names a section (#id) finds an element with that id on
    the page it leads to; a link to a missing page fails too."""
    checked, missing = section_links(built_site, site_url)
    assert checked > 1000, checked  # citations alone link several hundred sections
    assert not missing, "\n".join(missing[:40])


def test_the_section_check_finds_a_missing_section_or_page(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<h2 id="here">x</h2><a href="a/#there">1</a><a href="#here">2</a>'
                                         '<a href="b/#x">3</a><a href="https://elsewhere.example/#y">4</a>')
    (tmp_path / "a" / "index.html").write_text('<a href="../#here">5</a><a href="../#gone">6</a>')
    checked, missing = section_links(tmp_path, "http://127.0.0.1:1/")
    assert checked == 5 and missing == ["a/index.html: ../#gone", "index.html: a/#there", "index.html: b/#x"]
