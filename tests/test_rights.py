"""The rights page: bad data is refused with one line and nothing written; data stays text; every
complaint address is https on the authority's own host; the page works in every language."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import LANGUAGES, ROOT, checkout_pages, copy_project, language_root
from pagegen import GenerationFailed, generate
from pagegen.validation import iter_paths
from test_data import assert_rejected, edit, project, values  # noqa: F401  (project is a fixture)

RIGHTS = "data/rights.yml"
DATA = yaml.safe_load((ROOT / RIGHTS).read_text(encoding="utf-8"))
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "def_list", "tables", "toc"]


def _generated(lang: str, root=ROOT) -> str:
    files = checkout_pages() if root == ROOT else generate(root).files
    return files[f"docs/rights.{lang}.md"]


def _html(markdown_text: str) -> BeautifulSoup:
    body = markdown_text.split("-->", 1)[1]  # after the front matter and the generated-file note
    return BeautifulSoup(markdown.markdown(body, extensions=EXTENSIONS), "lxml")


# Bad data: one line naming file, line, entry and field; nothing written.

def test_missing_language(project, capsys):
    line = edit(project, RIGHTS, '    fr: "Vos droits d’opposition et de plainte"\n', "")
    assert_rejected(project, capsys, f"{RIGHTS}:{line - 3}:", "ui.rights_heading", "missing language 'fr'")


def test_unknown_source(project, capsys):
    line = edit(project, RIGHTS, "    sources: [ap-klacht, ap-voordat]\n", "    sources: [ap-klacht, no-such-source]\n")
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "authorities[netherlands].sources",
                    "source 'no-such-source' is not listed in data/sources.yml")


def test_http_link(project, capsys):
    line = edit(project, RIGHTS, '{url: "https://ico.org.uk/', '{url: "http://ico.org.uk/')
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "authorities[united-kingdom].links[0].url",
                    "must be an https:// link")


def test_link_on_another_host_than_the_authoritys(project, capsys):
    line = edit(project, RIGHTS, '{url: "https://ico.org.uk/make-a-complaint/data-protection-complaints"',
                '{url: "https://ico.example.org/make-a-complaint"')
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "authorities[united-kingdom].links[0].url",
                    "link is on 'ico.example.org', which is not one of this authority's hosts (ico.org.uk)")


@pytest.mark.parametrize("url", ['https://ico.org.uk/a b', 'https://ico.org.uk/x)"onmouseover', "https://ico.org.uk/<x>"])
def test_a_link_that_could_break_out_of_markdown_is_refused(project, capsys, url):
    edit(project, RIGHTS, '"https://ico.org.uk/make-a-complaint/data-protection-complaints"', yaml.safe_dump(url).split("\n")[0])
    assert_rejected(project, capsys, f"{RIGHTS}:", "authorities[united-kingdom].links[0].url", "must be an https:// link")


def test_language_without_a_name(project, capsys):
    line = edit(project, RIGHTS, "    accepts: [nl, en]\n", "    accepts: [nl, xx]\n")
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "authorities[netherlands].accepts",
                    "language 'xx' has no name in language_names")


def test_duplicate_authority_id(project, capsys):
    line = edit(project, RIGHTS, "  - id: belgium\n", "  - id: netherlands\n")
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "authorities[netherlands]", "duplicate id 'netherlands'")


def test_invalid_checked_date(project, capsys):
    text = (project / RIGHTS).read_text(encoding="utf-8")
    start = text.index("  - id: austria")
    position = text.index('checked: "2026-11-27"', start)
    (project / RIGHTS).write_text(text[:position] + 'checked: "2026-02-30"' + text[position + 21:], encoding="utf-8")
    line = text[:position].count("\n") + 1
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "authorities[austria].checked", "must be a real calendar date")



def test_a_form_link_off_linkedins_site_is_refused(project, capsys):
    line = edit(project, RIGHTS, '{url: "https://www.linkedin.com/help/linkedin/ask/TSO-DPO"',
                '{url: "https://linkedin.example.org/help/linkedin/ask/TSO-DPO"')
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "forms[tso-dpo].link.url", "on www.linkedin.com")


def test_a_form_link_in_a_language_without_a_name_is_refused(project, capsys):
    line = edit(project, RIGHTS, '/ask/TSO-DPO", lang: en}', '/ask/TSO-DPO", lang: xx}')
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "forms[tso-dpo].link.lang",
                    "language 'xx' has no name in language_names")


# Data is text.

ATTACKS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[click](javascript:alert(1))',
           '**bold** _it_ `code`', '{: onclick="alert(1)" }', '1. not a list', '# not a heading', '&lt;b&gt;']


def _replace_ireland_how_to(project, quoted: str) -> None:
    """Put `quoted` (a YAML scalar) in place of the English how-to text of Ireland's entry."""
    edit(project, RIGHTS, '      en: "The DPC leads for LinkedIn in the EU,', f"      en: {quoted}\n      xx: \"")
    text = (project / RIGHTS).read_text(encoding="utf-8").replace('      xx: "', "      unused: \"", 1)
    # The edit left the old English text under a throw-away key; drop that line again.
    text = re.sub(r"\n      unused: .*", "", text, count=1)
    (project / RIGHTS).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("attack", ATTACKS)
def test_markup_in_a_name_is_shown_literally(project, attack):
    """An official name is plain text (shown inside <span lang>): any characters, shown as written."""
    quoted = yaml.safe_dump(attack, allow_unicode=True, width=1000).split("\n")[0]
    edit(project, RIGHTS, '{lang: nl, text: "Autoriteit Persoonsgegevens (AP)"}', f"{{lang: nl, text: {quoted}}}")
    name = _html(_generated("en", project)).find(id="netherlands").find_next("p")
    assert attack in name.get_text(), f"not shown as written: {name}"
    for tag in ("script", "img", "em", "code", "ol", "h1"):
        assert not name.find(tag), f"<{tag}> made from data"
    assert not name.find("a", href=re.compile("javascript")), "a link made from data"
    assert not name.find(attrs={"onclick": True})
    assert name.find("span", lang="nl").get_text() == attack


@pytest.mark.parametrize("attack", ATTACKS)
def test_markup_in_running_text_is_refused_or_harmless(project, capsys, attack):
    """A how-to text is running text (schema `prose`: the inline subset, for emphasis and language
    marks). Markup outside the subset is refused with one line naming the field; what passes
    makes no element but emphasis."""
    quoted = yaml.safe_dump(attack, allow_unicode=True, width=1000).split("\n")[0]
    _replace_ireland_how_to(project, quoted)
    try:
        how = _html(_generated("en", project)).find(id="ireland").find_next("ul")
    except GenerationFailed:
        assert_rejected(project, capsys, f"{RIGHTS}:", "authorities[ireland].include.en")
        return
    for tag in ("script", "img", "code", "ol", "h1"):
        assert not how.find(tag), f"<{tag}> made from data"
    assert not how.find("a", href=re.compile("javascript")), "a link made from data"
    assert not how.find(attrs={"onclick": True})


def test_a_foreign_name_in_running_text_carries_its_language():
    """[PIPEDA]{lang=en} in the Dutch and French texts reaches the page as <span lang="en">."""
    for lang in ("nl", "fr"):
        how = _html(_generated(lang)).find(id="canada").find_next("ul")
        assert how.find("span", lang="en", string="PIPEDA"), f"{lang}: {how}"


# The committed data.

def test_complaint_addresses_are_https_on_each_authoritys_own_host():
    for authority in DATA["authorities"]:
        for link in authority["links"]:
            parts = urlsplit(link["url"])
            assert parts.scheme == "https" and parts.hostname in authority["hosts"], (authority["id"], link["url"])
    for lang in LANGUAGES:
        html = _html(_generated(lang))
        for authority in DATA["authorities"]:
            heading = html.find(id=authority["id"])
            section = []
            for sibling in heading.find_next_siblings():
                if sibling.name in ("h2", "h3"):
                    break
                section.append(sibling)
            hrefs = [a["href"] for part in section for a in part.find_all("a") if a["href"].startswith("http")]
            assert len(hrefs) == 1, (lang, authority["id"], hrefs)
            assert urlsplit(hrefs[0]).scheme == "https" and urlsplit(hrefs[0]).hostname in authority["hosts"]


def test_every_country_in_the_list_has_its_section():
    for lang in LANGUAGES:
        html = _html(_generated(lang))
        targets = [a["href"] for a in html.select(".country-list a")]
        assert targets == [f"#{a['id']}" for a in DATA["authorities"]]
        assert all(html.find(id=t[1:]) for t in targets)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_official_names_in_another_language_carry_their_language(lang):
    html = _html(_generated(lang))
    for authority in DATA["authorities"]:
        paragraph = html.find(id=authority["id"]).find_next("p")
        same = [n for n in authority.get("own_names", []) if n["lang"] == lang]
        spans = {(s["lang"], s.get_text()) for s in paragraph.find_all("span", lang=True)}
        if same:  # e.g. GBA on the Dutch page, APD on the French page, and no other name
            assert spans == set() and same[0]["text"] in paragraph.get_text(), (lang, authority["id"])
        else:
            # French and Dutch pages write a foreign name's apostrophe curly (Information Commissioner’s Office).
            texts = {(n["lang"], n["text"].replace("'", "\u2019") if lang in ("fr", "nl") else n["text"]) for n in authority.get("own_names", [])}
            assert spans == texts, (lang, authority["id"])
            assert authority["name"][lang] in paragraph.get_text()



@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_entry_without_one_authority_says_whose_page_the_button_opens(lang):
    """Germany and the other EEA countries name no single authority: the page shows the entry's
    own words for it, and the button says whose page it opens instead of "the authority's page"."""
    html = _html(_generated(lang))
    for authority in (a for a in DATA["authorities"] if "own_names" not in a):
        paragraph = html.find(id=authority["id"]).find_next("p")
        assert authority["name"][lang] in paragraph.get_text() and not paragraph.find("span", lang=True)
        button = paragraph.find_next("a")
        assert button.get_text() == authority["button"][lang] and button["href"] == authority["links"][0]["url"]
    assert any("own_names" not in a for a in DATA["authorities"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_data_protection_officers_form_is_linked(lang):
    html = _html(_generated(lang))
    form = next(f for f in DATA["forms"] if f["id"] == "tso-dpo")
    button = html.find(id="tso-dpo").find_next("a")
    assert button["href"] == form["link"]["url"] == "https://www.linkedin.com/help/linkedin/ask/TSO-DPO"
    assert button.get_text() == DATA["ui"]["form_button"][lang]

def test_belgium_is_gba_in_dutch_and_apd_in_french():
    nl = _html(_generated("nl")).find(id="belgium").find_next("p").get_text()
    fr = _html(_generated("fr")).find(id="belgium").find_next("p").get_text()
    assert "GBA" in nl and "APD" not in nl
    assert "APD" in fr and "GBA" not in fr


def _french_texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fr" and isinstance(value, str):
                yield value
            else:
                yield from _french_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _french_texts(value)


@pytest.mark.parametrize("name", ["rights", "share"])
def test_french_texts_have_no_break_spaces(name):
    data = yaml.safe_load((ROOT / f"data/{name}.yml").read_text(encoding="utf-8"))
    texts = list(_french_texts(data))
    assert texts
    for text in texts:
        assert not re.search(r" [:;?!»]|« ", text), f"ordinary space in French typography: {text!r}"
        assert not re.search(r"\w[;?!»]", text), f"missing no-break space: {text!r}"


def test_the_access_request_is_there_to_copy_in_every_language():
    for lang in LANGUAGES:
        block = _html(_generated(lang)).find(id="access-text")
        assert block and "copy-text" in block["class"]
        paragraphs = [p.get_text() for p in block.find_all("p")]
        assert paragraphs[1] == re.sub(r"[ \n]+", " ", DATA["access"]["letter"][lang]).strip()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_access_request_opens_with_a_salutation_and_ends_with_a_closing(lang):
    """Native reviews, round 11: the objection text had a salutation and a closing, the access
    request had neither. Each is a paragraph of its own, the request in between; the reader adds
    their name after the closing (the copy hint says so), so no placeholder and no trailing comma."""
    access = DATA["access"]
    salutation, closing = access["letter_salutation"][lang], access["letter_closing"][lang]
    block = _html(_generated(lang)).find(id="access-text")
    assert [p.get_text() for p in block.find_all("p")] == [
        salutation, re.sub(r"[ \n]+", " ", access["letter"][lang]).strip(), closing]
    assert salutation.endswith(",") and not closing.endswith(",")
    assert not re.search(r"[\[{]", salutation + closing), "a place for the reader to fill in"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_rights_page_builds_in_every_language(built_site, lang):
    page = built_site / language_root(lang) / "rights/index.html"
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    assert html.html["lang"] == lang
    assert html.find("h1").get_text(strip=True) == DATA["page"]["title"][lang]
    assert html.select_one("article #access-text.copy-text")
    assert len(html.select("article .country-list a")) == len(DATA["authorities"])
    nav = {a.get_text(strip=True) for a in html.select("nav.md-nav--primary a.md-nav__link")}
    expected = {"en": "Complain & get your data", "nl": "Klacht en inzage", "fr": "Plainte et droit d’accès"}[lang]
    assert expected in nav


# Arbitrary damage to the rights and share files never ends in a traceback: the generator either
# succeeds or names the problem (the same strategy as for the guide in test_data.py).


def _damaged(name: str):
    valid = json.loads(json.dumps(yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))))
    paths = [path for path, _ in iter_paths(valid) if path]

    @st.composite
    def damaged(draw):
        data = json.loads(json.dumps(valid))
        for _ in range(draw(st.integers(1, 3))):
            path = draw(st.sampled_from(paths))
            parent = data
            try:
                for part in path[:-1]:
                    parent = parent[part]
                action = draw(st.sampled_from(["replace", "delete", "add"]))
                if action == "replace":
                    parent[path[-1]] = draw(values)
                elif action == "delete":
                    del parent[path[-1]]
                elif isinstance(parent, dict):
                    parent[draw(st.text(max_size=8))] = draw(values)
            except (KeyError, IndexError, TypeError):
                continue
        return data
    return damaged()


def _generate_with(name: str, data) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder))
        (project / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            generate(project)
        except GenerationFailed as failure:
            for problem in failure.problems:
                assert problem.file and problem.problem and str(problem).startswith(problem.file)


@given(_damaged(RIGHTS))
def test_damaged_rights_data_never_crashes(data):
    _generate_with(RIGHTS, data)


@given(_damaged("data/share.yml"))
def test_damaged_share_data_never_crashes(data):
    _generate_with("data/share.yml", data)


# Review round 2, item 2: "must stop unless it has compelling grounds" left out that article 21(1)
# rests on the person's particular situation, and the exception for legal claims.
PARTICULAR_SITUATION = {"en": "particular situation", "nl": "specifieke situatie", "fr": "situation particulière"}
LEGAL_CLAIMS = {"en": "legal claims", "nl": "rechtsvordering", "fr": "droits en justice"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_rights_explanation_names_the_particular_situation_and_legal_claims(lang):
    text = DATA["right_to_object"]["text"][lang]
    assert PARTICULAR_SITUATION[lang] in text and LEGAL_CLAIMS[lang] in text
    section = _generated(lang).split("{#right-to-complain}", 1)[1].split("\n## ", 1)[0]
    assert "{: #right-to-object }" in section and PARTICULAR_SITUATION[lang] in section


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_that_says_when_linkedin_must_stop_names_the_particular_situation(lang):
    """Wherever the site says when the company must stop, it also says what the objection rests on."""
    stop = {"en": "must then stop", "nl": "moet dan stoppen", "fr": "doit alors (arrêter|cesser)"}[lang]
    pages = {name: (ROOT / "docs" / f"{name}.{lang}.md").read_text(encoding="utf-8")
             for name in ("regulators", "opt-out", "rights")}
    assert any(re.search(stop, page) for page in pages.values())
    for name, page in pages.items():
        for paragraph in re.split(r"\n\s*\n|\n- ", page):
            if re.search(stop, paragraph):
                flat = re.sub(r"\s+", " ", paragraph)
                assert PARTICULAR_SITUATION[lang] in flat, f"{name}.{lang}: {flat[:120]}"
                assert LEGAL_CLAIMS[lang] in flat, f"{name}.{lang}: {flat[:120]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_country_list_says_you_can_complain_in_your_own_country_and_the_time_limits_stand_once(lang):
    """A reader who jumps to #choose may think only the Irish DPC takes complaints (reader review,
    round 7); the time limits stood twice, under the heading and two paragraphs down (Dutch review,
    round 15): the note under the heading says where you can complain and links to #deadline."""
    page = _generated(lang)
    choose = page.split("{#choose .action-section}", 1)[1].split('<div class="country-list"', 1)[0]
    assert DATA["choose_note"]["text"][lang].rstrip(".") in choose
    assert "](#deadline)" in choose
    assert "two months" not in choose and "twee maanden" not in choose and "deux mois" not in choose
