"""The built site: every page in every language, sources that resolve, nothing loaded from elsewhere."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

from pagegen.build import i18n_languages, load_mkdocs_config
from pagegen.loading import load_yaml
from pagegen.validation import iter_paths

from conftest import LANGUAGES, ROOT, content_pages, copy_project, language_root, mkdocs_build, page_language

CONFIG_TEXT = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
NAV_PAGES = re.findall(r"^  - [^:]+: ([\w-]+)\.md$", CONFIG_TEXT, flags=re.M)
SOURCES = yaml.safe_load((ROOT / "data/sources.yml").read_text(encoding="utf-8"))["sources"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def page_path(site: Path, lang: str, name: str) -> Path:
    prefix = site / language_root(lang)
    return prefix / "index.html" if name == "index" else prefix / name / "index.html"


@pytest.mark.parametrize("page", sorted((ROOT / "docs").glob("*.md")), ids=lambda p: p.name)
def test_front_matter_is_valid_yaml_with_the_required_keys(page):
    text = page.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
    assert match, "no front matter"
    meta = yaml.safe_load(match.group(1))  # MkDocs silently drops front matter that does not parse
    assert {"title", "description", "reviewed"} <= set(meta)
    assert 40 <= len(meta["description"]) <= 200


def test_a_build_for_another_address_leaves_docs_as_it_was(built_site, built_project, site_port):
    """The session's site was built for http://127.0.0.1:<port>/, not mkdocs.yml's address: the
    pages in docs/ (generated ones included) must still be byte for byte what the checkout holds,
    so a build for any SITE_URL leaves `git status` clean."""
    assert f":{site_port}/" in (built_site / "share/index.html").read_text(encoding="utf-8")
    built = {p.relative_to(built_project): p.read_bytes() for p in (built_project / "docs").rglob("*") if p.is_file()}
    checkout = {p.relative_to(ROOT): p.read_bytes() for p in (ROOT / "docs").rglob("*") if p.is_file()}
    assert built == checkout


def test_nav_lists_every_page():
    assert set(NAV_PAGES) == {"index", "opt-out", "rights", "lawsuit", "timeline", "regulators", "sources", "updates", "share", "about"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", NAV_PAGES)
def test_every_page_exists_in_every_language(built_site, lang, name):
    page = page_path(built_site, lang, name)
    assert page.exists(), f"{name} missing in {lang}"
    html = soup(page)
    assert html.html["lang"] == lang
    assert html.find("meta", attrs={"name": "dc.date.reviewed"}), "no review date"
    assert html.select_one(".page-reviewed time"), "the review date is not shown"
    assert len(html.find_all("h1")) == 1


def test_a_missing_translation_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/lawsuit.fr.md").unlink()
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "lawsuit" in result.stdout + result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_navigation_is_in_the_readers_language(built_site, lang):
    language = next(item for item in i18n_languages(ROOT) if item["locale"] == lang)
    expected = set((language.get("nav_translations") or {}).values()) or {
        next(iter(entry)) for entry in load_mkdocs_config(ROOT)["nav"]}
    html = soup(page_path(built_site, lang, "lawsuit"))
    shown = {a.get_text(strip=True) for a in html.select("nav.md-nav--primary a.md-nav__link")}
    assert expected <= shown, f"missing nav labels: {expected - shown}"


def test_language_switcher_points_to_the_same_page(built_site):
    for lang in LANGUAGES:
        page = page_path(built_site, lang, "regulators")
        links = {a["hreflang"]: a["href"] for a in soup(page).select("a.md-select__link")}
        assert set(links) == set(LANGUAGES)
        for other, href in links.items():
            target = urljoin(f"http://site/{page.parent.relative_to(built_site).as_posix()}/", href)
            expected = f"/{language_root(other)}regulators/"
            assert urlsplit(target).path == expected, (lang, other, href)


def test_every_claim_link_resolves_to_that_languages_sources_page(built_site):
    checked = 0
    cited: set[str] = set()
    for page in content_pages(built_site):
        lang = page_language(built_site, page)
        sources_page = page_path(built_site, lang, "sources")
        anchors = {tag["id"] for tag in soup(sources_page).select("[id]")}
        base = f"http://site/{page.parent.relative_to(built_site).as_posix()}/".replace("//site/./", "//site/")
        for link in soup(page).select("article a[href*='sources/#']"):
            target = urlsplit(urljoin(base, link["href"]))
            expected = f"/{language_root(lang)}sources/"
            assert target.path == expected, f"{page}: {link['href']} leaves the {lang} sources page"
            assert target.fragment in anchors, f"{page}: no source #{target.fragment}"
            cited.add(target.fragment)
            checked += 1
    assert checked > 100
    # A citation names a publisher once (its link goes to the first of that publisher's sources), so
    # a source the data cites beside another of the same publisher is backed there, not linked.
    in_data = {ident for path in (ROOT / "data").glob("*.yml")
               for where, value in iter_paths(load_yaml(path).data) if where and where[-1] == "sources"
               for ident in value if isinstance(ident, str)}  # as validation reads them
    listed = {s["id"] for s in SOURCES}
    assert listed - cited - in_data == set(), f"listed but never cited: {sorted(listed - cited - in_data)}"


def test_sources_page_lists_publisher_date_and_language(built_site):
    for lang in LANGUAGES:
        html = soup(page_path(built_site, lang, "sources"))
        entries = html.select(".source-entry")
        assert len(entries) == len(SOURCES)
        for entry in entries:
            assert entry.find("strong") and entry.find("a", href=re.compile(r"^https?://"))


THIRD_PARTY_ATTRS = [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                     ("video", "src"), ("audio", "src"), ("object", "data"), ("embed", "src")]


def test_no_page_loads_anything_from_another_host(built_site, site_port):
    own_host = f"127.0.0.1:{site_port}"
    pages = content_pages(built_site) + [built_site / "404.html"]
    for page in pages:
        html = soup(page)
        for tag, attr in THIRD_PARTY_ATTRS:
            for element in html.find_all(tag):
                if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "icon", "preload", "prefetch",
                                                                         "modulepreload", "manifest", "preconnect",
                                                                         "dns-prefetch"}:
                    continue
                value = element.get(attr)
                if value:
                    host = urlsplit(urljoin(f"http://{own_host}/", value)).netloc
                    assert host == own_host, f"{page}: <{tag} {attr}={value}>"
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", url), f"{css}: {url}"


def test_csp_allows_only_the_site_itself(built_site):
    for page in content_pages(built_site) + [built_site / "404.html"]:
        meta = soup(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta, page
        policy = meta["content"]
        assert "default-src 'self'" in policy
        for directive in policy.split(";"):
            for token in directive.split()[1:]:
                assert token in ("'self'", "'none'", "data:") or token.startswith("'sha256-"), (page, token)


def test_published_json_validates_and_equals_the_data_file(built_site):
    schema = json.loads((built_site / "data/opt-out.schema.json").read_text(encoding="utf-8"))
    published = json.loads((built_site / "data/opt-out.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(published)
    # The data file's content, after the two fields the export adds (pagegen/publishing.py).
    assert list(published)[:2] == ["$schema", "schema_version"]
    assert {k: v for k, v in published.items() if k not in ("$schema", "schema_version")} == \
        load_yaml(ROOT / "data/opt-out.yml").data


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_index_holds_only_that_language(built_site, lang):
    index_path = built_site / language_root(lang) / "search/search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    titles = {doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    page_titles = {soup(page_path(built_site, lang, name)).find("h1").get_text(strip=True) for name in NAV_PAGES}
    assert page_titles <= titles | {""}, page_titles - titles
    assert not any(doc["location"].startswith(tuple(f"{other}/" for other in LANGUAGES)) for doc in index["docs"])
    others = [page_path(built_site, other, "lawsuit") for other in LANGUAGES if other != lang]
    assert not titles & {soup(p).find("h1").get_text(strip=True) for p in others}


def test_the_404_page_speaks_all_three_languages(built_site, site_url):
    html = soup(built_site / "404.html")
    assert {section["lang"] for section in html.select("section[lang]")} == set(LANGUAGES)
    for path in ("no-such-page/", "nl/bestaat-niet/", "fr/introuvable/deep/"):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(site_url + path)
        assert error.value.code == 404
        body = error.value.read().decode("utf-8")
        assert "Pagina niet gevonden" in body and "Page introuvable" in body


def test_search_entries_know_the_other_word_forms(built_site):
    index = json.loads((built_site / "nl/search/search_index.json").read_text(encoding="utf-8"))
    assert "forms" in index["config"]["fields"]
    with_singular = [d for d in index["docs"] if re.search(r"\binstelling\b", d["text"].lower())]
    assert with_singular and all("instellingen" in d["forms"].split() or "instellingen" in d["text"].lower()
                                 for d in with_singular)


def test_no_translation_is_flagged_stale_today(built_site):
    for page in content_pages(built_site):
        assert not soup(page).select(".stale-translation"), page


def test_a_translation_older_than_its_original_says_so(tmp_path):
    project = copy_project(tmp_path / "project")
    original = project / "docs/lawsuit.en.md"
    original.write_text(re.sub(r"^reviewed: .*$", "reviewed: 2099-01-31", original.read_text(encoding="utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for lang, words in (("nl", "januari 2099"), ("fr", "janvier 2099")):
        notice = soup(tmp_path / "site" / lang / "lawsuit/index.html").select_one(".stale-translation")
        assert notice and words in notice.get_text(), lang
        link = notice.find("a")
        assert link["hreflang"] == "en" and urlsplit(urljoin(f"http://x/{lang}/lawsuit/", link["href"])).path == "/lawsuit/"
    assert not soup(tmp_path / "site/nl/regulators/index.html").select(".stale-translation")
    assert not soup(tmp_path / "site/lawsuit/index.html").select(".stale-translation")


def test_bad_data_stops_the_build_with_the_problem_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*.html")}
    docs_before = {p: p.read_bytes() for p in (project / "docs").glob("*.md")}
    data = project / "data/opt-out.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("url: https://www.linkedin.com/help/linkedin/ask/TS-DPRO",
                                                             "url: http://www.linkedin.com/help/linkedin/ask/TS-DPRO"),
                    encoding="utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert re.search(r"data/opt-out\.yml:\d+: objection\.form\.url: must be an https:// link", result.stdout + result.stderr)
    assert {p: p.read_bytes() for p in site.rglob("*.html")} == before
    assert {p: p.read_bytes() for p in (project / "docs").glob("*.md")} == docs_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admonition_titles_are_in_the_readers_language(built_site, lang):
    translations = next(item for item in i18n_languages(ROOT) if item["locale"] == lang)["admonition_translations"]
    page = soup(page_path(built_site, lang, "regulators"))
    for kind in ("note", "warning", "info"):
        title = page.select_one(f".admonition.{kind} .admonition-title")
        assert title and title.get_text(strip=True) == translations[kind], kind


def test_source_addresses_are_https_on_the_publishers_site_or_say_how_they_were_read():
    """An http address, or a copy on another site, is marked: `via` (mirror, proxy, republished) or
    `http_only` (the publisher's own page, readable only over http)."""
    sources = yaml.safe_load((ROOT / "data/sources.yml").read_text(encoding="utf-8"))["sources"]
    unmarked = [s["id"] for s in sources
                if not s["url"].startswith("https://") and "via" not in s and not s.get("http_only")]
    assert not unmarked, f"http without `via` or `http_only`: {unmarked}"
    assert all(s["url"].startswith(("https://", "http://")) for s in sources)


def test_no_markup_syntax_shows_as_text(built_site):
    """Review round 4 found `[…]{lang=en}` printed on a French page: a data field whose text is not
    rendered as inline Markdown. No attribute-list or span syntax may reach a reader as text."""
    leaks = re.compile(r"\]\{\s*lang=|\{:\s*[.#]|\{lang=|\\\[|\\\{")
    found = []
    for page in content_pages(built_site):
        text = soup(page).select_one("article").get_text(" ")
        found += [f"{page.relative_to(built_site)}: …{text[max(0, m.start() - 40):m.end() + 40]}…"
                  for m in leaks.finditer(text)]
    assert not found, "\n".join(found)
