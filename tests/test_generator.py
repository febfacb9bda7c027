"""Validated data -> Markdown: deterministic, committed, complete and in order in every language."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import LANGUAGES, ROOT, checkout_pages, copy_project, mkdocs_build
from pagegen.rendering import drop_needless_cite_details, with_citation
from pagegen import generate, site_languages, stale_files

DATA = yaml.safe_load((ROOT / "data/opt-out.yml").read_text(encoding="utf-8"))


def test_site_languages_come_from_mkdocs_yml():
    assert site_languages(ROOT) == LANGUAGES


def test_committed_pages_match_the_generator():
    assert stale_files(ROOT, generate(ROOT)) == [], "run: python scripts/generate_pages.py"


def test_check_mode_from_the_command_line_passes_on_a_clean_checkout():
    result = subprocess.run([sys.executable, "scripts/generate_pages.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_output_is_deterministic():
    assert generate(ROOT).files == generate(ROOT).files


def _section(page: str, anchor: str) -> str:
    start = page.index(f"{{#{anchor}")
    following = page.find("\n## ", start)
    return page[start: following if following != -1 else None]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_appears_in_order(lang):
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    groups = [(path["id"], path["steps"]) for path in DATA["paths"]] + [("object", DATA["objection"]["steps"])]
    for anchor, steps in groups:
        section = _section(page, anchor)
        numbers = [int(n) for n in re.findall(r"^(\d+)\. ", section, flags=re.M)]
        # The steps with or without an account share one number, a bullet each.
        either_or = sum(1 for s in steps if s.get("for"))
        assert numbers == list(range(1, len(steps) - max(either_or - 1, 0) + 1)), f"{anchor} in {lang}"
        lead = DATA["ui"]["choose_option"][lang]
        items = [(None, line) for line in re.findall(r"^(?:\d+\.|    -) (.*)$", section, flags=re.M)
                 if re.sub(r"\\(.)", r"\1", line) != lead]
        for (_, item), step in zip(items, steps):
            label = step.get("label", {}).get(lang, {})
            if "text" in label:
                shown = re.sub(r"\\(.)", r"\1", item)  # labels are escaped for Markdown
                assert label["text"] in shown, f"{anchor}/{step['id']} in {lang}: label missing"
            assert "{label}" not in item


UPDATES = yaml.safe_load((ROOT / "data/updates.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_update_is_a_summary_then_a_list_of_changes_newest_first(lang):
    page = (ROOT / f"docs/updates.{lang}.md").read_text(encoding="utf-8")
    entries = UPDATES["entries"]
    positions = [page.index(f"{{#{entry['id']}}}") for entry in entries]
    assert positions == sorted(positions), "the page lists the entries in the data's order, newest first"
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    for entry in entries:
        blocks = _section(page, entry["id"]).strip().split("\n\n")[1:]  # after the heading line
        assert not blocks[0].startswith("- ") and "\n" not in blocks[0], entry["id"]  # one paragraph: the summary
        items = blocks[1].splitlines() if len(blocks) > 1 else []
        assert len(items) == len(entry.get("changes", [])) and all(i.startswith("- ") for i in items), entry["id"]
        # Then, last and under their own heading, the changes only developers notice.
        if entry.get("developers"):
            heading = f'<h3 id="{entry["id"]}-developers">{UPDATES["page"]["developers"][lang]}</h3>'
            assert blocks[2] == heading, entry["id"]
            items = blocks[3].splitlines()
            assert len(items) == len(entry["developers"]) and all(i.startswith("- ") for i in items), entry["id"]
        assert len(blocks) == (4 if entry.get("developers") else 2 if entry.get("changes") else 1), entry["id"]


def test_one_entry_per_date_and_the_developers_part_last():
    # A day's changes are one entry: a reader finds them in one place, a feed shows them as one item.
    recent = [e["date"] for e in UPDATES["entries"] if e["date"] >= "2026-12-07"]
    assert len(recent) == len(set(recent)), recent
    for entry in UPDATES["entries"]:
        for change in entry.get("developers", []):
            assert set(change) == set(LANGUAGES), entry["id"]


def _english_only_labels() -> set[str]:
    """Every English on-screen label that is not also the label in another language."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if set(node) >= set(LANGUAGES) and isinstance(node.get("en"), dict) and "text" in node["en"]:
                others = {node[lang].get("text") for lang in LANGUAGES[1:] if isinstance(node[lang], dict)}
                if node["en"]["text"] not in others:
                    found.add(node["en"]["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(DATA)
    return found


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_no_english_label_is_left_in_translated_pages(lang):
    labels = _english_only_labels()
    assert "Data for Generative AI Improvement" in labels  # the check sees the labels at all
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    shown = re.sub(r"\\(.)", r"\1", page)
    shown = re.sub(r'<span lang="en">[^<]*</span>', "", shown)  # marked as English: allowed where no source gives the translation
    left = sorted(label for label in labels if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", shown))
    assert not left, f"English labels on the {lang} page: {left}"


def test_one_label_note_per_page_under_the_first_list_of_steps():
    """LinkedIn's labels come from reports: one note says so (and when they were checked), under the
    first list of steps that shows them; not again above every list (review round 6, both
    languages: the same caveat three times on one page), never under every step. Each label keeps
    only its reports' names."""
    for lang in LANGUAGES:
        page = checkout_pages()[f"docs/opt-out.{lang}.md"]
        opening = DATA["ui"]["labels_note"][lang].split("{")[0]
        assert page.count(opening) == 1, f"{lang}: the labels note must stand once on the page"
        first = sorted(DATA["paths"], key=lambda path: not path.get("phone", False))[0]
        section = _section(page, first["id"])
        # After the steps (reader review, round 3: 50 words of caveat before the first step).
        assert opening in section and section.index(opening) > section.index("\n1. "), f"{lang}: the note is not under the first steps"
        for path in DATA["paths"]:
            section = _section(page, path["id"])
            for step, (_, item) in zip(path["steps"], re.findall(r"^(\d+)\. (.*)$", section, flags=re.M)):
                if "text" in step.get("label", {}).get(lang, {}):
                    # The label in the language's quotation marks (reviews, round 14), then its sources.
                    opening, closing = {"en": ("\u201c", "\u201d"), "nl": ("\u201e", "\u201d"),
                                        "fr": ("\u00ab\u00a0", "\u00a0\u00bb")}[lang]
                    assert re.search(re.escape(opening) + r"\*\*[^*]+\*\*\{: \.ui-label \}" + re.escape(closing) + r" \(\[", item), \
                        f"{path['id']}/{step['id']} in {lang}: the label is not quoted, or no citation follows it"


def test_reported_variants_of_a_label_share_one_mention():
    """"Also reported as: “A” (x); “B” (y)." once per step, not the phrase again for each variant."""
    checked = 0
    for lang in LANGUAGES:
        page = checkout_pages()[f"docs/opt-out.{lang}.md"]
        phrase = DATA["ui"]["also_reported"][lang]
        for path in DATA["paths"]:
            section = _section(page, path["id"])
            for step, (_, item) in zip(path["steps"], re.findall(r"^(\d+)\. (.*)$", section, flags=re.M)):
                alternatives = step.get("label", {}).get(lang, {}).get("alternatives", [])
                assert item.count(phrase) == (1 if alternatives else 0), f"{path['id']}/{step['id']} in {lang}"
                shown = re.sub(r"\\(.)", r"\1", item)
                assert all(a["text"] in shown for a in alternatives), f"{path['id']}/{step['id']} in {lang}"
                checked += len(alternatives)
    assert checked, "no label has a variant; this test would prove nothing"


# Hidden citation details (native reviews, 7 December: "(privacybeleid sinds november 2025)" read
# aloud nineteen times on the Dutch guide). A detail is given only where it tells sources apart.

_HIDDEN_DETAIL = '<span class="site-visually-hidden" data-search-exclude>'
_CITATION = re.compile(r'\[([^\[\]]*?)(<span class="site-visually-hidden" data-search-exclude>'
                       r'(?:(?!\]\(sources\.md#).)*</span>)?\]\(sources\.md#([a-z0-9-]+)\)')
GENERATED_WITH_CITATIONS = [f"docs/{name}.{lang}.md" for name in ("opt-out", "rights", "timeline") for lang in LANGUAGES]


def _detailed(a: str, b: str) -> str:
    return f"[A{_HIDDEN_DETAIL} ({b})</span>](sources.md#{a})"


def test_a_hidden_detail_only_where_one_name_stands_for_several_sources_and_only_once_each():
    page = (f"One ({_detailed('a1', 'first')}). Two ({_detailed('a2', 'second')}). "
            f"Again ({_detailed('a1', 'first')}, {_detailed('a2', 'second')}). "
            f"Alone ([B{_HIDDEN_DETAIL} (only)</span>](sources.md#b1)).")
    out = drop_needless_cite_details(page)
    assert out.count("(first)") == 1 and out.count("(second)") == 1, out
    assert out.startswith(f"One ({_detailed('a1', 'first')}). Two ({_detailed('a2', 'second')}). ")
    assert "Again ([A](sources.md#a1), [A](sources.md#a2))" in out  # the second citation of each: no detail
    assert "Alone ([B](sources.md#b1))" in out  # the only source named B: no detail at all


def test_a_link_standing_for_several_sources_does_not_use_up_the_detail():
    """cite() names a publisher once for several of its sources, without a detail: the first link
    that names the source alone is the one that tells it apart."""
    page = f"([A](sources.md#a1)). ({_detailed('a1', 'first')}). ({_detailed('a2', 'second')}). ({_detailed('a1', 'first')})."
    out = drop_needless_cite_details(page)
    assert out == f"([A](sources.md#a1)). ({_detailed('a1', 'first')}). ({_detailed('a2', 'second')}). ([A](sources.md#a1))."


@pytest.mark.parametrize("path", GENERATED_WITH_CITATIONS)
def test_generated_pages_give_each_hidden_detail_once_and_only_where_names_are_shared(path):
    page = checkout_pages()[path]
    citations = _CITATION.findall(page)
    assert citations, f"{path}: no citation found; this test would prove nothing"
    sources_of: dict[str, set[str]] = {}
    for name, _detail, source in citations:
        sources_of.setdefault(name, set()).add(source)
    detailed = [(name, source) for name, detail, source in citations if detail]
    assert len(detailed) == len(set(detailed)), f"{path}: a hidden detail given twice"
    needless = sorted({source for name, source in detailed if len(sources_of[name]) == 1})
    assert not needless, f"{path}: hidden details where the name tells the source apart: {needless}"
    assert page.count(_HIDDEN_DETAIL) == len(detailed), f"{path}: a hidden detail outside a citation"


def _blocks(page: str) -> list[str]:
    """A page's paragraphs and top-level list items, each with what is indented under it (a step
    with its either-or bullets is one block)."""
    blocks, current = [], []
    for line in page.splitlines():
        if not line.strip() or re.match(r"(?:-|\d+\.) ", line):
            if current:
                blocks.append("\n".join(current))
            current = []
        if line.strip():
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


@pytest.mark.parametrize("path", GENERATED_WITH_CITATIONS)
def test_no_source_is_cited_twice_in_one_paragraph_or_step(path):
    repeated = []
    for block in _blocks(checkout_pages()[path]):
        ids = re.findall(r"\]\(sources\.md#([a-z0-9-]+)\)", block)
        if len(ids) != len(set(ids)):
            repeated.append(f"{sorted({i for i in ids if ids.count(i) > 1})} in: {block[:100]}")
    assert not repeated, f"{path}: " + "; ".join(repeated)


def test_the_repeated_citation_check_finds_one():
    step = "1. Tap **A**{: .ui-label } ([X](sources.md#x)).\n    - Or **B** ([X](sources.md#x), [Y](sources.md#y))."
    blocks = _blocks(f"Intro ([X](sources.md#x)).\n\n{step}\n2. Next ([X](sources.md#x)).")
    assert len(blocks) == 3 and blocks[1] == step


def _add_language(node, new: str, source: str = "en"):
    """Give every localized text a `new` entry (a copy of `source`): what a translator would add."""
    if isinstance(node, dict):
        if set(node) == set(LANGUAGES):
            node[new] = node[source]
        for value in list(node.values()):
            _add_language(value, new, source)
    elif isinstance(node, list):
        for value in node:
            _add_language(value, new, source)


def test_a_fourth_language_needs_no_code_change(tmp_path):
    project = copy_project(tmp_path / "project")
    code_before = {p: p.read_bytes() for p in (project / "scripts").rglob("*.py")}
    for path in sorted((project / "data").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _add_language(data, "de")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for page in (project / "docs").glob("*.en.md"):
        if "generated_from:" not in page.read_text(encoding="utf-8"):
            page.with_name(page.name.replace(".en.md", ".de.md")).write_bytes(page.read_bytes())
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("        - locale: nl\n", "        - locale: de\n          name: Deutsch\n          build: true\n"
                            "        - locale: nl\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")

    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site/de/opt-out/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page
    assert (tmp_path / "site/de/timeline/index.html").exists()
    assert (project / "docs/opt-out.de.md").exists()
    assert {p: p.read_bytes() for p in (project / "scripts").rglob("*.py")} == code_before


def test_sources_close_a_sentence_before_its_full_stop_also_inside_an_element():
    """'X (Source).', never 'X. (Source)': also when the sentence ends inside an element (a French
    reviewer found '…la loi suisse. (Open Terms Archive)' under the region list)."""
    assert with_citation("It is disputed.", "A") == "It is disputed (A)."
    assert with_citation('<span class="n">Not named.</span>', "A") == '<span class="n">Not named</span> (A).'
    assert with_citation("Is it?", "A") == "Is it? (A)"
    assert with_citation("No stop", "A") == "No stop (A)"
    for lang in LANGUAGES:
        page = checkout_pages()[f"docs/opt-out.{lang}.md"]
        assert not re.search(r"\.(</span>)+ \(\[", page), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sources_are_sorted_by_the_name_the_reader_sees(lang):
    """One publisher's entries stand together under the name the page shows (Dutch review, round
    14: the Belgian authority's French page, sorted by its French name, stood between AP and BfDI
    on the Dutch page, away from the two Dutch entries named GBA)."""
    from pagegen.rendering import unmarked
    page = (ROOT / f"docs/sources.{lang}.md").read_text(encoding="utf-8")
    names = re.findall(r"^\*\*\[(.+?)\]\(", page, re.MULTILINE)
    for section in re.split(r"^## ", page, flags=re.MULTILINE)[1:]:
        shown = [re.sub(r"<[^>]+>", "", n) for n in re.findall(r"^\*\*\[(.+?)\]\(", section, re.MULTILINE)]
        keys = [n.split(" – ")[0].split(", ")[0].casefold() for n in shown]
        assert keys == sorted(keys), (lang, section.splitlines()[0], keys)
    assert names, "the sources page lists its sources"
    belgian = [n for n in names if "(GBA)" in unmarked(n) or "(APD)" in unmarked(n)]
    if lang != "en":
        at = [names.index(n) for n in belgian]
        assert at == list(range(at[0], at[0] + len(at))), belgian


@pytest.mark.parametrize("path", GENERATED_WITH_CITATIONS)
def test_a_hidden_detail_reads_as_part_of_its_source_not_as_another_source(path):
    """'(Security.nl, 24 september 2025, iPhoned)' sounds like three sources (Dutch review,
    round 15): a date joins its name ('van 24 september 2025'), a description stands in brackets."""
    lead = {"en": r"of \w", "nl": r"van \w", "fr": r"(du \d|de [^aeiou\d]|d’[aeiou])"}[path.split(".")[1]]
    details = re.findall(r'data-search-exclude>(.*?)</span>(?=\]\(sources\.md#)', checkout_pages()[path])
    assert details, f"{path}: no hidden detail found; this test would prove nothing"
    for detail in details:
        assert re.match(rf" (\(.+\)$|{lead})", detail), f"{path}: {detail!r}"
