"""The Nu Html Checker (vnu.jar from npm, run with Java) finds no error on any built page,
except errors that come from Material's own templates, each listed here with its reason. And the
names and languages of the page's parts: landmarks, the language menu, Material's strings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import LANGUAGES, ROOT, content_pages, page_language

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"

# (pattern of the message, why it is accepted)
MATERIAL_ERRORS = [
    (r"^Attribute “autocomplete” is only allowed when the input type is",
     "autocomplete=off on the menu and search checkboxes (Material's, kept in the header by material-patches.yml):"
     " browsers would otherwise restore an open menu or search on Back"),
]
# Where the checker is behind the HTML standard, with the standard's section.
CHECKER_BEHIND = [
    (r"^A “link” element with a “blocking” attribute must have a “rel” attribute whose value is “stylesheet”",
     "<link rel=expect blocking=render> (HTML standard, #link-type-expect; Chrome 124+), overrides/main.html:"
     " the first drawing waits for the whole header, so the title does not narrow as its buttons arrive"),
]

CANARY = "<!doctype html><html lang=en><head><title>x</title></head><body><p><div></p></body></html>"


@pytest.mark.java
def test_no_html_errors_beyond_materials_own(built_site, tmp_path):
    assert VNU.exists(), "vnu-jar missing: run the README's test command (npm ci)"
    java = shutil.which("java")
    assert java, "Java missing: run the README's test command"
    # A broken file checked alongside the site proves the checker really reports errors.
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    pages = content_pages(built_site) + [built_site / "404.html"]
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                             *map(str, pages), str(canary)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    assert any(m["url"].endswith("canary.html") for m in errors), "the checker did not report the canary"

    unexplained = []
    for message in errors:
        if message["url"].endswith("canary.html"):
            continue
        if not any(re.search(pattern, message["message"]) for pattern, _ in MATERIAL_ERRORS + CHECKER_BEHIND):
            unexplained.append(f"{message['url'].split('/site')[-1]}:{message.get('lastLine')}: {message['message']}")
    assert not unexplained, "\n".join(unexplained)


# --- Names and languages of the page's parts (material-patches.yml, overrides/partials) ----------

LANDMARKS = "header, footer, nav, aside, main, [role=navigation], [role=search], [role=region]"


def test_landmark_names_are_unique_and_in_the_pages_language(built_site):
    """A screen reader's list of landmarks: no two with one name (Material named the table of
    contents twice), and no English name on a Dutch or French page (Material's nl "Header")."""
    english = {"Header", "Footer", "Table of contents", "Search", "Previous and next page"}  # not "Navigation": French too
    for page in content_pages(built_site):
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        names = [element["aria-label"] for element in document.select(LANDMARKS) if element.get("aria-label")]
        assert len(names) == len(set(names)), f"{page}: {names}"
        if page_language(built_site, page) != "en":
            assert not english & set(names), f"{page}: English landmark names {english & set(names)}"


def test_language_names_in_the_menu_are_marked_with_their_language(built_site):
    """WCAG 3.1.2: "Nederlands" and "Français" are read in their own language on every page."""
    for page in content_pages(built_site):
        links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".md-select__link")
        assert len(links) == len(LANGUAGES), page
        assert all(link.get("lang") == link.get("hreflang") for link in links), page


def heard_text(element) -> str:
    """The text a screen reader reads of `element`: aria-label where an element has one, no
    aria-hidden parts, an image's alt."""
    if element.name is None:
        return str(element)
    if element.get("aria-hidden") == "true":
        return ""
    if element.get("aria-label"):
        return element["aria-label"]
    if element.name == "img":
        return element.get("alt", "")
    return " ".join(heard_text(child) for child in element.children)


def test_the_menu_title_says_the_sites_name_once(built_site):
    """The open menu's title is the logo link and the site's name: heard as one name, not twice."""
    for page in content_pages(built_site):
        title = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".site-drawer-title")
        heard = " ".join(heard_text(title).split())
        name = " ".join(title.get_text(" ").split())
        assert heard.count(name) == 1, f"{page}: {heard!r}"


def test_search_result_strings_are_grammatical(built_site):
    """Material's Dutch "1 overeenkomende document" (an adjective ending that does not agree)."""
    for lang in LANGUAGES:
        page = built_site / (f"{lang}/" if lang != LANGUAGES[0] else "") / "index.html"
        config = json.loads(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
                            .select_one("#__config").get_text())
        strings = config["translations"]
        assert strings["search.result.one"].startswith("1 ") and "#" in strings["search.result.other"], lang
        assert "overeenkomende document" not in strings["search.result.one"], lang
