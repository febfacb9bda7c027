"""Validated data -> Markdown: deterministic, committed, complete and in order in every language."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import LANGUAGES, ROOT, checkout_pages, copy_project, mkdocs_build
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
                    assert re.search(r"\{: \.ui-label \} \(\[", item), f"{path['id']}/{step['id']} in {lang}: no citation after the label"


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
