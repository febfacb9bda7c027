"""Language quality of the built pages: terminology, typography, and the language of parts.

The checks read what a reader gets: the visible text of every built page (plus the interface
strings Material's script shows, and for terms, the labels a screen reader speaks), per language. Text inside an element marked with another
`lang` is a quotation or a name in that language and follows that language's rules, so it is
skipped. So are <code> and <pre>: they show identifiers, addresses and file contents verbatim.
Rules per language live in i18n/terminology.<lang>.yml (terms) and below (typography).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml
from babel.dates import get_month_names
from bs4 import BeautifulSoup, NavigableString, Tag

from conftest import LANGUAGES, ROOT, content_pages, copy_project, language_root, page_language
from generate_pages import main as generator_main  # scripts/ is on the path through conftest
from pagegen.text import plain, unmarked
from pagegen.rendering import (colon, format_partial_date, keep_numbers_with_words, localized,
                               mark_citation_languages, render_timeline, source_name, source_title)

I18N = ROOT / "i18n"
SCHEMA = json.loads((I18N / "terminology.schema.json").read_text(encoding="utf-8"))
TERMINOLOGY = {path.name.split(".")[1]: yaml.safe_load(path.read_text(encoding="utf-8"))
               for path in sorted(I18N.glob("terminology.*.yml"))}
SOURCES = {s["id"]: s for s in yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))["sources"]}

# One apostrophe per language, the one the project's texts already use.
APOSTROPHE = {"en": "'", "nl": "’", "fr": "’"}
# French: a no-break space U+00A0 before : ; ? ! and inside « » (the repository's choice; U+202F,
# the narrow one, is not used, so that one character is searched for and typed everywhere).
NBSP = "\u00a0"
SKIPPED = "\ufffc"  # stands for a skipped element, so words on either side never join
SKIP_TAGS = {"script", "style", "code", "pre", "template", "svg"}
INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
               "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "label"}
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
URL = re.compile(r"\b(?:https?://|www\.)\S+")


def base_language(code: str | None) -> str | None:
    return code.split("-")[0].lower() if code else None


# Visible text


def visible_text(element: Tag, page_lang: str, inherited: str | None = None, spoken: list | None = None) -> str:
    """The text a reader sees in `element` that is in the page's language: blocks are separated
    by new lines, skipped parts by SKIPPED. Attributes a screen reader speaks go to `spoken`."""
    lang = base_language(element.get("lang")) or inherited
    if element.name in SKIP_TAGS or lang != page_lang:
        return SKIPPED
    if spoken is not None:
        spoken.extend(element[a] for a in SPOKEN_ATTRIBUTES if isinstance(element.get(a), str))
    parts = []
    for child in element.children:
        if isinstance(child, Tag):
            text = visible_text(child, page_lang, lang, spoken)
            if child.name == "br":
                text = "\n"
            parts.append(text if child.name in INLINE_TAGS or text == SKIPPED else f"\n{text}\n")
        elif type(child) is NavigableString:  # not comments, doctype or CDATA
            parts.append(str(child))
    return "".join(parts)


def interface_strings(html: BeautifulSoup) -> str:
    """Material's own strings that its script shows (copy button, search results)."""
    config = html.find("script", id="__config")
    if not config:
        return ""
    return "\n".join(json.loads(config.string).get("translations", {}).values())


@dataclass
class Page:
    path: str
    lang: str
    text: str  # what is seen: typography and terms are checked
    spoken: str = ""  # what only a screen reader says (aria-label, title...): terms are checked


def read_page(site: Path, path: Path) -> Page:
    lang = page_language(site, path)
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    assert base_language(html.html.get("lang")) == lang
    title = html.title.get_text() if html.title else ""
    spoken: list[str] = []
    text = "\n".join([title, visible_text(html.body, lang, lang, spoken), interface_strings(html)])
    return Page(str(path.relative_to(site)), lang, URL.sub(SKIPPED, text), URL.sub(SKIPPED, "\n".join(spoken)))


@pytest.fixture(scope="module")
def pages(built_site) -> list[Page]:
    return [read_page(built_site, path) for path in content_pages(built_site)]


def context(text: str, start: int, end: int) -> str:
    line = text[max(0, start - 30):end + 30].replace("\n", " ").replace(SKIPPED, "…")
    return " ".join(line.split())


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


# The terminology files


def test_terminology_files_follow_their_schema():
    assert set(TERMINOLOGY) >= set(LANGUAGES) - {LANGUAGES[0]}, "a terminology file per translated language"
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for lang, terms in TERMINOLOGY.items():
        errors = [f"i18n/terminology.{lang}.yml: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(terms)]
        assert not errors, "\n".join(errors)
        assert terms["language"] == lang, f"i18n/terminology.{lang}.yml declares language {terms['language']}"


@pytest.mark.parametrize("damage, expected", [
    (lambda t: t["rejected"][0].pop("reason"), "'reason' is a required property"),
    (lambda t: t["rejected"][0].update(pattern="(unclosed"), "is not a 'regex'"),
    (lambda t: t["preferred"][0].update(colour="red"), "Additional properties are not allowed"),
])
def test_terminology_schema_rejects_a_damaged_file(damage, expected):
    terms = copy.deepcopy(TERMINOLOGY["fr"])
    damage(terms)
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert any(expected in e.message for e in validator.iter_errors(terms))


def normalized(text: str) -> str:
    """Terms match whatever the apostrophe and the kind of space."""
    return re.sub(r"[\u00a0\u202f]", " ", text.replace("’", "'"))


def rejected_pattern(entry: dict) -> re.Pattern:
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    if "pattern" in entry:
        return re.compile(entry["pattern"], flags)
    words = re.escape(normalized(entry["term"])).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<!\w){words}(?!\w)", flags)


def rejected_terms_in(page: Page) -> list[str]:
    text = normalized(f"{page.text}\n{page.spoken}")
    problems = []
    for entry in TERMINOLOGY.get(page.lang, {}).get("rejected", []):
        for match in rejected_pattern(entry).finditer(text):
            problems.append(f"{page.path}: \"{entry['term']}\" → {entry['use']}: "
                            f"…{context(text, match.start(), match.end())}…")
    return problems


def test_every_rejected_term_is_found_when_present():
    """Each rejected term, written as the file gives it, is caught (so no rule is dead)."""
    for lang, terms in TERMINOLOGY.items():
        for entry in terms["rejected"]:
            sample = Page("sample", lang, f"Voilà : {entry['term']}.")
            assert rejected_terms_in(sample), f"{lang}: {entry['term']!r} is not matched by its own rule"


def test_rejected_terms_are_not_matched_inside_other_words_or_other_languages():
    html = BeautifulSoup('<body><p>Les motifs légitimes et impérieux ; <span lang="en">LinkedIn Help</span>;'
                         ' <code>OPC</code> ; presse-papiers ; TOPC</p></body>', "lxml")
    sample = Page("sample", "fr", visible_text(html.body, "fr", "fr"))
    assert rejected_terms_in(sample) == []


def test_no_rejected_term_on_any_page(pages):
    problems = [p for page in pages for p in rejected_terms_in(page)]
    assert not problems, report(problems)


# Typography


MONTHS = {lang: list(get_month_names("wide", locale=lang).values()) for lang in LANGUAGES}


def typography_problems(page: Page) -> list[str]:
    text, lang, found = page.text, page.lang, []

    def flag(regex: str, what: str, flags: int = 0):
        for match in re.finditer(regex, text, flags):
            found.append(f"{page.path}: {what}: …{context(text, match.start(), match.end())}…")

    wrong_apostrophe = "’" if APOSTROPHE[lang] == "'" else "'"
    flag(rf"(?<=\w){wrong_apostrophe}(?=\w)", f"apostrophe {wrong_apostrophe} (this language uses {APOSTROPHE[lang]})")
    if lang != "en":  # English capitalises month names
        capitalised = "|".join(m[:1].upper() + m[1:] for m in MONTHS[lang])
        flag(rf"(?<=[a-zà-ÿ,] )(?:{capitalised})\b", "capitalised month inside a sentence")
    if lang == "fr":
        months = "|".join(MONTHS["fr"])
        # Before : ; ? ! a no-break space; a colon between digits (5:25-cv, 12:30) is not punctuation.
        flag(rf"(?<![{NBSP}{SKIPPED}\n;!?])[;!?]", "no no-break space before ; ? !")
        flag(rf"(?<![{NBSP}{SKIPPED}\n])(?:(?<!\d):|:(?!\d))", "no no-break space before :")
        flag(rf"«(?!{NBSP})|(?<!{NBSP})»", "no no-break space inside « »")
        flag(rf"(?<!\d)1[ {NBSP}](?:{months})\b", "'1er' for the first of a month")
        # A number stays on the line of the word it dates or counts: "le 5 / mai" broke at a line's
        # end (tenth French review). The hook puts the no-break space (pagegen.rendering).
        counted = f"{months}|millions?|milliards?|heures?|jours?|mois|ans|semaines?|minutes?|dollars|euros"
        flag(rf"(?<![\w.,/:-])(?:\d+|1er) (?=(?:{counted})\b)", "no no-break space between a number and its word")
    return found


@pytest.mark.parametrize("lang, text, expected", [
    ("fr", "Effet : voir", "no no-break space before :"),
    ("fr", "Effet: voir", "no no-break space before :"),
    ("fr", "article 6: voir", "no no-break space before :"),
    ("fr", "Vraiment ?", "no no-break space"),
    ("fr", "« texte\u00a0»", "inside « »"),
    ("fr", "le 1 novembre 2025", "'1er'"),
    ("fr", "le 5 mai 2026", "between a number and its word"),
    ("fr", "310 millions d’euros", "between a number and its word"),
    ("fr", "le 1er novembre", "between a number and its word"),
    ("fr", "l'IA", "apostrophe '"),
    ("nl", "pagina's", "apostrophe '"),
    ("nl", "rond Oktober 2025", "capitalised month"),
    ("fr", "aux alentours de Mai 2026", "capitalised month"),
])
def test_typography_check_catches(lang, text, expected):
    assert any(expected in p for p in typography_problems(Page("sample", lang, text)))


@pytest.mark.parametrize("lang, text", [
    ("fr", "Effet\u00a0: voir\u00a0; «\u00a0texte\u00a0»\u00a0; le 1er\u00a0novembre 2025, l’IA, 5:25-cv-00709 à 12:30\u00a0?!"),
    ("fr", "Mai 2003\nAux alentours d’octobre 2025"),
    ("fr", "le 5\u00a0mai 2026, 310\u00a0millions, 1\u00a0000\u00a0dollars, le 1er\u00a0novembre, article 21 du RGPD"),
    ("nl", "pagina’s, zo’n; Rond oktober 2025\nMei 2003: zo."),
    ("en", "LinkedIn's policy, around October 2025: done."),
])
def test_typography_check_accepts(lang, text):
    assert typography_problems(Page("sample", lang, text)) == []


def test_french_numbers_stay_with_their_word_in_text_only():
    html = ('<p title="le 3 mai">Le 3 novembre 2025, 310 millions, 1 000 dollars, le 1er mai, article 21 du RGPD'
            '<code>3 mai</code></p><script>x = "3 mai"</script>')
    assert keep_numbers_with_words(html, "fr") == (
        '<p title="le 3 mai">Le 3\u00a0novembre 2025, 310\u00a0millions, 1\u00a0000\u00a0dollars, le 1er\u00a0mai, '
        'article 21 du RGPD<code>3 mai</code></p><script>x = "3 mai"</script>')
    assert keep_numbers_with_words(html, "nl") == html


def test_typography_of_every_page(pages):
    problems = [p for page in pages for p in typography_problems(page)]
    assert not problems, report(problems)


def test_typography_of_what_only_screen_readers_get(pages):
    """aria-labels and titles follow the page's typography too: a braille display shows them
    (French review, round 7: Material's "Suivant: Sources" had no no-break space)."""
    problems = [p for page in pages for p in typography_problems(Page(page.path, page.lang, page.spoken))]
    assert not problems, report(problems)


# Language of parts (WCAG 3.1.2)


def effective_language(node, page_lang: str) -> str:
    for parent in [node, *node.parents] if isinstance(node, Tag) else node.parents:
        if isinstance(parent, Tag) and parent.get("lang"):
            return base_language(parent["lang"])
    return page_lang


def localized_names(source: dict, lang: str) -> set[str]:
    """The source's names on a page in `lang`, and its title there where we wrote it in that
    language (a citation naming several sources of one publisher links each by its title)."""
    # A name may mark the part that stays in its own language ("artikel 103 van de [Data (Use and
    # Access) Act 2025]{lang=en}"): the page shows it without the mark, which becomes a lang span.
    names = {unmarked(source[f][lang]) for f in ("name", "short") if lang in source.get(f, {})}
    if isinstance(source.get("title"), dict):
        names.add(source["title"][lang])
    return names


def unmarked_text(element: Tag, expected: str, page_lang: str) -> list[str]:
    """Text in `element` that is not inside an element whose `lang` is `expected`. Text only screen
    readers get (`.site-visually-hidden`: a citation's date or title, written in the page's own
    language) is not the source's name, so it is left out."""
    return [str(s).strip() for s in element.find_all(string=True)
            if str(s).strip() and effective_language(s, page_lang) != expected
            and not s.find_parent(class_="site-visually-hidden")]


def marked_texts(element: Tag, expected: str) -> list[str]:
    """The texts of the elements inside `element` that carry the language `expected`."""
    return [e.get_text() for e in element.find_all(lang=True) if base_language(e["lang"]) == expected]


def citation_language_problems(site: Path, path: Path) -> list[str]:
    lang = page_language(site, path)
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    problems = []
    for link in html.select('a[href*="sources/#"]'):
        source = SOURCES.get(link["href"].rsplit("#", 1)[1])
        if source is None:
            continue
        source = localized(source, lang)
        expected = source.get("publisher_language", source["language"])
        text = "".join(s for s in link.find_all(string=True) if not s.find_parent(class_="site-visually-hidden")).strip()
        if source.get("date") and text.endswith(source["date"][:4]) and len(text.split()) <= 3:
            continue  # its date, in the page's language, tells it from the publisher's other sources
        if expected != lang and text not in localized_names(source, lang) and unmarked_text(link, expected, lang):
            problems.append(f"{path.relative_to(site)}: citation \"{text}\" ({source['id']}) is not marked lang=\"{expected}\"")
    return problems


def sources_page_language_problems(site: Path, lang: str) -> list[str]:
    path = site / language_root(lang) / "sources" / "index.html"
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    problems = []
    for entry in html.select(".source-entry"):
        source = localized(SOURCES[entry["id"]], lang)
        name_lang = source.get("publisher_language", source["language"])
        name = entry.find("strong")
        # The entry's name may go on with its title or date (in the page's language): only the
        # publisher's own name has to carry its language.
        # French and Dutch pages curl the apostrophe, even in a foreign name (Information Commissioner’s Office).
        shown = source["publisher"].replace("'", "\u2019") if lang in ("fr", "nl") else source["publisher"]
        if name_lang != lang and lang not in source.get("name", {}) \
                and shown not in marked_texts(name, name_lang):
            problems.append(f"{path.relative_to(site)}: publisher \"{source['publisher']}\" is not marked lang=\"{name_lang}\"")
        if isinstance(source.get("title"), str) and source["language"] != lang:
            if source["title"] not in marked_texts(entry, source["language"]):
                problems.append(f"{path.relative_to(site)}: title \"{source['title']}\" is not marked lang=\"{source['language']}\"")
    return problems


def test_source_names_and_titles_carry_their_language(built_site):
    problems = [p for lang in LANGUAGES for p in sources_page_language_problems(built_site, lang)]
    problems += [p for path in content_pages(built_site) for p in citation_language_problems(built_site, path)]
    assert not problems, report(problems)
    # The check has something to check: foreign names are marked on every language's sources page.
    for lang in LANGUAGES:
        page = BeautifulSoup((built_site / language_root(lang) / "sources" / "index.html").read_text(encoding="utf-8"), "lxml")
        assert page.select(".source-entry strong [lang]"), f"no marked source name on the {lang} sources page"


def test_citation_check_catches_an_unmarked_name(tmp_path):
    foreign = next(s for s in SOURCES.values() if s["language"] == "en" and "name" not in s and "short" not in s)
    page = tmp_path / "nl" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f'<html lang="nl"><body><p><a href="../sources/#{foreign["id"]}">{foreign["publisher"]}</a>'
                    f'<a href="../sources/#{foreign["id"]}"><span lang="en">{foreign["publisher"]}</span></a></p></body></html>',
                    encoding="utf-8")
    assert len(citation_language_problems(tmp_path, page)) == 1


# Proper names in another language (i18n/foreign-names.yml)

FOREIGN_NAMES = yaml.safe_load((I18N / "foreign-names.yml").read_text(encoding="utf-8"))


def text_outside(element: Tag, lang: str, inherited: str) -> str:
    """The text of `element` outside elements marked `lang` (and outside code), as `visible_text`
    joins it: a name cut by inline markup (<strong>Open Terms</strong> Archive) is still found."""
    own = base_language(element.get("lang")) or inherited
    if element.name in SKIP_TAGS or own == lang:
        return SKIPPED
    parts = []
    for child in element.children:
        if isinstance(child, Tag):
            text = "\n" if child.name == "br" else text_outside(child, lang, own)
            parts.append(text if child.name in INLINE_TAGS or text == SKIPPED else f"\n{text}\n")
        elif type(child) is NavigableString:
            parts.append(str(child))
    return "".join(parts)


def unmarked_foreign_names(html: BeautifulSoup, page_lang: str, names: list[dict]) -> list[str]:
    """Each listed name in another language than the page's that stands outside an element
    marked with its own language (one marked with a third language does not count either)."""
    problems = []
    for lang in sorted({entry["lang"] for entry in names} - {page_lang}):
        text = normalized(URL.sub(SKIPPED, text_outside(html.body, lang, page_lang)))
        for entry in (e for e in names if e["lang"] == lang):
            words = re.escape(normalized(entry["name"])).replace(r"\ ", r"\s+")
            for found in re.finditer(rf"(?<!\w){words}(?!\w)", text):
                problems.append(f"\"{entry['name']}\" not marked lang=\"{lang}\": "
                                f"…{context(text, found.start(), found.end())}…")
    return problems


def test_foreign_names_file_follows_its_schema():
    schema = json.loads((I18N / "foreign-names.schema.json").read_text(encoding="utf-8"))
    errors = [f"i18n/foreign-names.yml: {'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in jsonschema.Draft202012Validator(schema).iter_errors(FOREIGN_NAMES)]
    assert not errors, "\n".join(errors)


def test_foreign_name_check_catches_an_unmarked_or_wrongly_marked_name():
    html = BeautifulSoup(
        '<html lang="nl"><body>'
        '<p>Volgens <strong>Open Terms</strong> Archive is dat zo.</p>'  # unmarked, across inline markup
        '<p>De <span lang="en">Open Terms Archive</span> en <span lang="en"><em>Open Rights Group</em></span>.</p>'
        '<p lang="fr">Open Rights Group</p>'  # marked, but with the wrong language
        '<p>Het Information Commissioner’s Office (ICO).</p>'  # a curly apostrophe is the same name
        '<p>De Consumentenbond.</p><code>Open Terms Archive</code>'  # Dutch on a Dutch page; code
        '</body></html>', "lxml")
    problems = unmarked_foreign_names(html, "nl", FOREIGN_NAMES["names"])
    assert sorted(p.split(":")[0] for p in problems) == [
        '"Information Commissioner\'s Office" not marked lang="en"', '"Open Rights Group" not marked lang="en"',
        '"Open Terms Archive" not marked lang="en"'], problems


def test_foreign_names_are_marked_on_every_page(built_site):
    problems, seen = [], set()
    names = FOREIGN_NAMES["names"]
    for path in content_pages(built_site):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        page_text = " ".join(normalized(html.body.get_text()).split())
        seen |= {e["name"] for e in names if normalized(e["name"]) in page_text}
        relative = path.relative_to(built_site / language_root(page_language(built_site, path))).as_posix()
        problems += [f"{path.relative_to(built_site)}: {p}" for p in
                     unmarked_foreign_names(html, page_language(built_site, path), names)]
    assert not problems, report(problems)
    # The list names what the pages hold: a name no page shows any more goes from the list.
    assert seen == {e["name"] for e in names}, {e["name"] for e in names} - seen


# The generator's language: dates, "around", colons, source names


def test_a_title_written_in_every_language_marks_a_name_in_another():
    shown = source_title({"title": {"nl": "Uitspraak van de [High Court]{lang=en} <b>&amp;", "en": "x"},
                          "language": "en"}, "nl")
    assert shown.startswith('Uitspraak van de <span lang="en">High Court</span> ')
    assert "<b>" not in shown and "&amp;amp;" in shown  # everything else stays text


@pytest.mark.parametrize("value, locale, expected", [
    ("2025-11-01", "fr", "1er novembre 2025"),
    ("2025-11-11", "fr", "11 novembre 2025"),
    ("2025-11-01", "nl", "1 november 2025"),
    ("2025-11-01", "en_GB", "1 November 2025"),
    ("2025-11", "fr", "novembre 2025"),
])
def test_dates_in_each_language(value, locale, expected):
    assert format_partial_date(value, locale) == expected


def timeline_with(event: dict) -> dict:
    page = {"reviewed": "2026-01-01", "title": {"nl": "T"}, "description": {"nl": "D"}, "intro": {"nl": "I"},
            "date_locale": {"nl": "nl"}, "around": {"nl": "rond {date}"}, "range": {"nl": "{start} – {end}"}, "topics": {"linkedin": {"nl": "LinkedIn"}},
            "topic_word": {"nl": "Onderwerp:"}, "source_word": {"nl": "Bron:"}, "sources_word": {"nl": "Bronnen:"}}
    return {"page": page, "events": [event]}


def test_an_approximate_month_opens_the_entry_with_a_capital_and_keeps_the_month_lowercase():
    event = {"id": "e", "date": "2025-10", "approximate": True, "topic": "linkedin", "text": {"nl": "Iets."},
             "sources": ["register-2025-01"]}
    page = render_timeline(timeline_with(event), "nl", SOURCES)
    assert "**Rond oktober 2025**" in page


def test_a_french_colon_after_a_label_has_a_no_break_space():
    assert colon("fr") == "\u00a0: " and colon("nl") == ": "


def test_source_names_per_language_and_marked_with_their_language():
    apd = SOURCES["apd-2025-09"]
    assert source_name(apd, "fr", short=True) == "APD"
    assert source_name(apd, "nl", short=True) == "GBA"
    assert source_name(apd, "en") == f'<span lang="fr">{plain(apd["publisher"])}</span>'
    register = SOURCES["register-2025-01"]
    assert source_name(register, "en") == "The Register"
    assert source_name(register, "nl") == '<span lang="en">The Register</span>'
    assert source_name(dict(register, publisher_language="de"), "en") == '<span lang="de">The Register</span>'


def test_a_title_is_the_source_s_own_or_ours_in_the_page_s_language():
    own = {"title": "Update to our Terms", "language": "en"}
    ours = {"title": {"en": "Blog post", "nl": "Blogbericht", "fr": "Billet de blog"}, "language": "en"}
    assert source_title(own, "fr") == '<span lang="en">Update to our Terms</span>'
    assert source_title(own, "en") == "Update to our Terms"
    assert source_title(ours, "nl") == "Blogbericht"


def test_hand_written_citations_are_marked_unless_named_in_the_page_s_language():
    markdown = ("([The Register](sources.md#register-2025-01), [APD](sources.md#apd-2025-09), "
                "[Aide LinkedIn](sources.md#linkedin-a6278444), [x](sources.md#no-such-source))")
    assert mark_citation_languages(markdown, "fr", SOURCES) == (
        '([<span lang="en">The Register</span>](sources.md#register-2025-01), [APD](sources.md#apd-2025-09), '
        "[Aide LinkedIn](sources.md#linkedin-a6278444), [x](sources.md#no-such-source))")
    assert mark_citation_languages(markdown, "en", SOURCES).startswith("([The Register]")


def test_a_source_name_for_a_language_must_not_be_empty(tmp_path, capsys):
    project = copy_project(tmp_path)
    path = project / "data" / "sources.yml"
    text = path.read_text(encoding="utf-8")
    old = "short: {nl: GBA, fr: APD}"
    assert old in text
    path.write_text(text.replace(old, 'short: {nl: "", fr: APD}'), encoding="utf-8")
    assert generator_main(["--root", str(project)], root=project) == 2
    err = capsys.readouterr().err
    assert "sources[apd-2025-09].short.nl" in err and "must not be empty" in err, err


# Our words in brackets after a publisher, written in English: "(citing Reuters)", "(Ireland)". Not an
# acronym like "(APD/GBA)", and not "(via The Star)" or "(blog)", which read the same in every language.
QUALIFIER = re.compile(r"\((?![A-Z0-9/ ]+\))(?!via |blog\))[^)]*\)")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def untranslated_source_words() -> list[str]:
    """Our own words inside source names and titles must be in the page's language: a qualifier in
    brackets ("(republished)", "(citing heise)") needs a `name` per translation, and a title with an
    ISO date ("version effective 2025-02-27") is our description, so it is written per language."""
    problems = []
    for source in SOURCES.values():
        for lang in LANGUAGES[1:]:
            qualifier = QUALIFIER.search(source["publisher"])
            if qualifier and lang not in source.get("name", {}):
                problems.append(f"data/sources.yml: {source['id']}: publisher \"{source['publisher']}\": "
                                f"{qualifier.group()} needs a name for {lang}")
        if isinstance(source.get("title"), str) and ISO_DATE.search(source["title"]):
            problems.append(f"data/sources.yml: {source['id']}: title \"{source['title']}\" is our description "
                            f"(it has an ISO date): write it in every language")
    return problems


def test_our_words_in_source_names_and_titles_are_translated():
    problems = untranslated_source_words()
    assert not problems, report(problems)


# Each paragraph is in its page's language (a language detector, offline: lingua)

MIN_DETECTED_LENGTH = 80  # shorter texts (a heading, a name, a date) give the detector too little to go on


def passages(site: Path, path: Path) -> list[str]:
    """The page's paragraphs and list items of MIN_DETECTED_LENGTH characters or more, without what
    is marked with another language and without code (addresses, the export's field names)."""
    lang = page_language(site, path)
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article")
    if article is None:
        return []
    for element in article.find_all(["code", "pre", "script", "style"]):
        element.decompose()
    for element in article.find_all(lang=True):
        if base_language(element["lang"]) != lang:
            element.replace_with(" ")
    texts = []
    for block in article.find_all(["p", "li"]):
        if "source-entry" in block.get("class", []):
            continue  # a sources-page entry is a name, a date, a language and a host, not prose
        text = " ".join(block.get_text(" ").split())
        if len(text) >= MIN_DETECTED_LENGTH:
            texts.append(text)
    return texts


@pytest.fixture(scope="module")
def detector():
    from lingua import Language, LanguageDetectorBuilder
    # The site's languages, and the others its quotations and sources come in.
    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH, Language.DUTCH, Language.FRENCH, Language.GERMAN, Language.ITALIAN).build()


def detected(detector, text: str) -> str:
    found = detector.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else "unknown"


def test_every_long_passage_is_in_its_pages_language(built_site, detector):
    problems = []
    for path in content_pages(built_site):
        lang = page_language(built_site, path)
        for text in passages(built_site, path):
            if (found := detected(detector, text)) != lang:
                problems.append(f"{path.relative_to(built_site)}: reads as {found}: {text[:120]}")
    assert not problems, report(problems)


def test_the_detector_tells_the_sites_languages_apart(detector):
    """The check above can fail: an English sentence left on a Dutch page is found."""
    assert detected(detector, "Switch off the setting that lets LinkedIn use your data to train its AI models.") == "en"
    assert detected(detector, "Zet de instelling uit waarmee LinkedIn je gegevens gebruikt om AI-modellen te trainen.") == "nl"
    assert detected(detector, "Désactivez le réglage qui permet à LinkedIn d’utiliser vos données pour entraîner l’IA.") == "fr"


def test_data_can_mark_a_phrase_with_its_language():
    from pagegen import text
    assert text.inline("LinkedIn noemt dit [Data sharing]{lang=en}.") == 'LinkedIn noemt dit <span lang="en">Data sharing</span>.'
    assert text.inline_problems("[Data sharing]{lang=en}") == []
    for bad in ("[x]{lang=EN}", "x {lang=en}", "[x]{lang=en onclick=y}", '[x]{lang="en"}'):
        assert text.inline_problems(bad), bad


def test_a_feed_reader_gets_the_words_of_a_text_without_its_markup():
    from pagegen import text
    assert text.text_only("De Ierse [High Court]{lang=en}, [de *DPC*](sources.md#dpc), **vet** en snake_case_name") == \
        "De Ierse High Court, de DPC, vet en snake_case_name"


def test_marked_phrases_in_the_data_reach_the_page_with_their_language(built_site):
    page = BeautifulSoup((built_site / "nl" / "timeline" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "Data for Generative AI Improvement" in [e.get_text() for e in page.select('article [lang="en"]')]


# Source lists: one name per publisher, the label in the right number

from pagegen.rendering import cite, cited_in, sources_label  # noqa: E402

_BETWEEN_CITATIONS = re.compile(r"^[\s\u00a0]*[,;][\s\u00a0]*$")


def citation_runs(html: BeautifulSoup) -> list[list[Tag]]:
    """Links to the sources page that follow each other in one list ('A, B, C'), run by run."""
    runs = []
    for parent in {link.parent for link in html.select('a[href*="sources/#"]')}:
        run: list[Tag] = []
        for child in parent.children:
            if isinstance(child, Tag) and child.name == "a" and "sources/#" in child.get("href", ""):
                run.append(child)
            elif isinstance(child, NavigableString) and run and _BETWEEN_CITATIONS.match(str(child)):
                continue
            else:
                if len(run) > 1:
                    runs.append(run)
                run = []
        if len(run) > 1:
            runs.append(run)
    return runs


def shown_name(link: Tag) -> str:
    return "".join(s for s in link.find_all(string=True) if not s.find_parent(class_="site-visually-hidden")).strip()


def repeated_names_in(site: Path, path: Path) -> list[str]:
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    problems = []
    for run in citation_runs(html):
        names = [shown_name(link) for link in run]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            problems.append(f"{path.relative_to(site)}: {', '.join(repeated)} named twice in one source list: {', '.join(names)}")
    return problems


def test_no_source_list_names_a_publisher_twice(built_site):
    """'Bron: Autoriteit Persoonsgegevens, Autoriteit Persoonsgegevens.' read as a bug (round two)."""
    problems = [p for path in content_pages(built_site) for p in repeated_names_in(built_site, path)]
    assert not problems, report(problems)


def test_the_repeated_name_check_finds_a_repeated_name():
    html = BeautifulSoup('<p><small>Bronnen: <a href="../sources/#a">ICO</a>, <a href="../sources/#b">ICO</a></small>'
                         ' (<a href="../sources/#c">PCPD</a>; <a href="../sources/#d">ICO</a>)</p>', "lxml")
    assert [[shown_name(a) for a in run] for run in citation_runs(html)] in (
        [["ICO", "ICO"], ["PCPD", "ICO"]], [["PCPD", "ICO"], ["ICO", "ICO"]])


def test_a_publisher_cited_with_several_sources_is_named_once_without_titles():
    """Running text names publishers only; titles live on the sources page (round-two reviews:
    '(EUR-Lex, Data Protection Commission, What is the basis for making a valid complaint…)')."""
    sources = {"one": {"publisher": "Autoriteit Persoonsgegevens", "language": "nl", "cite_detail": "Klacht indienen"},
               "two": {"publisher": "Autoriteit Persoonsgegevens", "language": "nl", "cite_detail": "Voordat u een klacht indient"},
               "three": {"publisher": "ICO", "language": "en", "cite_detail": "What to expect"}}
    text = cite(["one", "two", "three"], cited_in(sources, "nl"))
    assert text.count("Autoriteit Persoonsgegevens") == 1
    assert text.startswith("[Autoriteit Persoonsgegevens](sources.md#one), ")
    assert "Klacht indienen" not in text and "Voordat u" not in text


def _nl_sources(*names: str) -> dict:
    return cited_in({f"s{n}": {"publisher": name, "language": "nl"} for n, name in enumerate(names)}, "nl")


@pytest.mark.parametrize("ids, names, expected", [(["s0"], ["A"], "Bron:"), (["s0", "s1"], ["A", "B"], "Bronnen:"),
                                                  (["s0", "s0"], ["A"], "Bron:"), (["s0", "s1"], ["A", "A"], "Bron:")])
def test_one_source_is_a_source_and_several_are_sources(ids, names, expected):
    labels = {"source_word": {"nl": "Bron:"}, "sources_word": {"nl": "Bronnen:"}}
    assert sources_label(ids, _nl_sources(*names), labels, "nl") == expected


def test_every_sources_label_agrees_with_its_number(pages):
    """'Bron:' before several sources, 'Sources :' before one: the label and the list disagree."""
    one = {"en": "Source:", "nl": "Bron:", "fr": f"Source{NBSP}:"}
    many = {"en": "Sources:", "nl": "Bronnen:", "fr": f"Sources{NBSP}:"}
    problems = []
    for path in pages_with_sources():
        lang = path.name.split(".")[1]
        for line in re.findall(r"<small>(.*?)</small>", path.read_text(encoding="utf-8")):
            count = len(set(re.findall(r"\(sources\.md#([a-z0-9-]+)\)", line)))
            if line.startswith(many[lang]) and count == 1 or line.startswith(one[lang] + " ") and count > 1:
                problems.append(f"{path.name}: {line[:90]}")
    assert not problems, report(problems)


def pages_with_sources() -> list[Path]:
    return sorted(p for p in (ROOT / "docs").glob("*.md") if p.name.split(".")[1] in LANGUAGES)


# The reader's language first: an authority's page and the GDPR in the page's language

RIGHTS = yaml.safe_load((ROOT / "data" / "rights.yml").read_text(encoding="utf-8"))
_URL_LANGUAGE = re.compile(r"(?:/|_|legal-content/)(?P<lang>en|english|de|fr|nl|it)(?=[/_.?]|$)", re.IGNORECASE)


def url_language(url: str) -> str | None:
    """The language an address names in its path ('/fr/', '_de', 'legal-content/NL/'), if any."""
    found = _URL_LANGUAGE.findall(url.split("//", 1)[-1].split("/", 1)[-1] if "//" in url else url)
    return {"english": "en"}.get(found[-1].lower(), found[-1].lower()) if found else None


def test_every_authority_link_says_the_language_its_address_names():
    """The EDPB's questions page was labelled English while its address ended in _de (round two)."""
    problems = []
    for authority in RIGHTS["authorities"]:
        for link in authority["links"]:
            named = url_language(link["url"])
            if named and named != link["lang"]:
                problems.append(f"{authority['id']}: {link['url']} is marked {link['lang']}, its address says {named}")
    for source in SOURCES.values():
        named = url_language(source["url"])
        if named and named != source["language"] and source["kind"] in ("regulator", "law"):
            problems.append(f"{source['id']}: {source['url']} is marked {source['language']}, its address says {named}")
        for lang, version in source.get("versions", {}).items():
            named = url_language(version["url"])
            if named and named != lang:
                problems.append(f"{source['id']}: its {lang} version {version['url']} names {named}")
    assert not problems, report(problems)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_an_authority_page_in_the_reader_s_language_is_the_one_linked(built_site, lang):
    """Where the data has the authority's own page in the page's language, that is the page the
    button opens, and it is not labelled as a page in another language."""
    html = BeautifulSoup((built_site / language_root(lang) / "rights" / "index.html").read_text(encoding="utf-8"), "lxml")
    checked = 0
    for authority in RIGHTS["authorities"]:
        own = [link["url"] for link in authority["links"] if link["lang"] == lang]
        heading = html.find(id=authority["id"])
        button = heading.find_next("a", class_="md-button")
        if own:
            checked += 1
            assert button["href"] == own[0], f"{authority['id']}: links {button['href']}, not its {lang} page {own[0]}"
            assert button.next_sibling is None or "(" not in str(button.next_sibling)[:3], authority["id"]
    assert checked, "no authority has a page in this language: the check checks nothing"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_a_source_with_a_version_in_the_reader_s_language_is_cited_in_it(built_site, lang):
    """The GDPR on EUR-Lex, the CNPD's rights page: the sources page links the page's language."""
    html = BeautifulSoup((built_site / language_root(lang) / "sources" / "index.html").read_text(encoding="utf-8"), "lxml")
    versioned = [s for s in SOURCES.values() if lang in s.get("versions", {})]
    assert versioned
    for source in versioned:
        entry = html.find(id=source["id"])
        link = entry.find("a")
        assert link["href"] == source["versions"][lang]["url"], source["id"]
        if "title" in source["versions"][lang]:
            assert source["versions"][lang]["title"] in shown_name(link), source["id"]


# Seams of generated prose (native reviews, 7 December): citations in running text name publishers
# only, sit inside the sentence they support, and never nest in another bracket.

_HIDDEN = re.compile(r'<span class="site-visually-hidden"[^>]*>(?:<span[^>]*>[^<]*</span>|[^<])*</span>')
_SOURCE_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(sources\.md#([a-z0-9-]+)\)")


def shown_markdown(markdown: str) -> str:
    """What a sighted reader sees of a Markdown line: no hidden spans, tags or link targets."""
    text = _HIDDEN.sub("", markdown)
    text = re.sub(r"\{:[^}]*\}", "", text)
    text = re.sub(r"\]\([^()\s]*\)", "]", text)
    return re.sub(r"<[^>]+>", "", text).replace("[", "").replace("]", "")


def seams(page: str) -> list[str]:
    problems = []
    body = page.split("\n---\n", 1)[-1]
    for line in body.splitlines():
        if line.startswith(("#", "<!--", "title:", "description:")):
            continue
        shown = shown_markdown(line)
        if re.search(r"\ba\d{7}\b", shown):
            problems.append(f"help-page number in running text: {shown[:80]}")
        if "))" in re.sub(r"\(\w{1,3}\)", "", shown):  # "article 12(3))" is a reference, not a seam
            problems.append(f"a bracket inside a bracket: {shown[:80]}")
        if re.search(r"[.!?]\)?\s*\(\[[^\]]*\]\(sources\.md#", _HIDDEN.sub("", line)):
            problems.append(f"a citation after the full stop: {shown[:80]}")
        if re.fullmatch(r"\s*\(\[.*\]\(sources\.md#[a-z0-9-]+\)\)\.?\s*", line):
            problems.append(f"a citation standing alone: {shown[:80]}")
    return problems


def test_the_seam_check_finds_seams():
    page = ("---\ntitle: x\n---\nX is so. ([LinkedIn Help](sources.md#a))\n"
            "Tik op (**Vous** ([Blick](sources.md#b))), verder.\n([CNPD](sources.md#c))\nZie hulppagina a9490059.\n")
    assert len(seams(page)) == 4


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_seams_in_running_text(lang):
    problems = [f"{path.name}: {problem}" for path in sorted((ROOT / "docs").glob(f"*.{lang}.md"))
                if not path.name.startswith("sources.") for problem in seams(path.read_text(encoding="utf-8"))]
    assert not problems, report(problems)


def _english_titles() -> set[str]:
    data = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    return {s["title"] for s in data["sources"] if s.get("language") == "en" and len(s.get("title", "")) > 12}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_citations_show_no_english_titles(lang):
    """A source's title lives on the sources page: '(LinkedIn Help, Control whether LinkedIn uses your
    data to improve generative AI models (a6278444))' in a Dutch sentence read as a seam."""
    titles = _english_titles()
    assert titles, "no English titles in the sources; this test would prove nothing"
    problems = []
    for path in sorted((ROOT / "docs").glob(f"*.{lang}.md")):
        if path.name.startswith("sources."):
            continue
        for text, _source in _SOURCE_LINK.findall(_HIDDEN.sub("", path.read_text(encoding="utf-8"))):
            shown = shown_markdown(text)
            problems += [f"{path.name}: {shown}" for title in titles if title in shown]
    assert not problems, report(problems)
