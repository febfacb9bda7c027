"""The objection part of the opt-out guide sends readers to the option that fits what they object to.

The switch covers training of content-generating AI. The section "Object to everything else" is
for every other use, so the form option it suggests must cover those uses, never only the
content-AI one. These tests hold the data to that and prove the build rejects the old mistake.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import LANGUAGES, ROOT, checkout_pages, copy_project
from generate_pages import main as generator_main

OPT_OUT = "data/opt-out.yml"
DATA = yaml.safe_load((ROOT / OPT_OUT).read_text(encoding="utf-8"))
OBJECTION = DATA["objection"]
OPTIONS = {option["id"]: option for option in OBJECTION["options"]}
SUGGESTING = [step for step in OBJECTION["steps"] if "option" in step]


def test_the_section_is_about_the_uses_the_switch_does_not_cover():
    assert OBJECTION["uses"], "the section must say which uses it is about"
    assert "content-ai" not in OBJECTION["uses"]


def test_the_form_options_include_one_for_content_ai_and_one_for_the_rest():
    covered = {use for option in OPTIONS.values() for use in option["covers"]}
    assert "content-ai" in covered
    assert set(OBJECTION["uses"]) <= covered


def _suggested(step: dict) -> list[dict]:
    return [OPTIONS[step[key]] for key in ("option", "also_option") if key in step]


def test_each_step_suggests_options_that_cover_every_use_its_readers_object_to():
    assert SUGGESTING, "no step suggests an option; the checks below would prove nothing"
    for step in SUGGESTING:
        covered = {use for option in _suggested(step) for use in option["covers"]}
        needed = set(OBJECTION["uses"]) | ({"content-ai"} if step.get("for") != "members" else set())
        assert needed <= covered, f"{step['id']} leaves out {needed - covered}"
        assert step.get("label") == OPTIONS[step["option"]]["label"], f"{step['id']} shows another option's label"


# Review round 2, item 1: "Choose Other: the switch already covers that use" was said to everyone,
# also to people without an account, whom the same section sends to the form and who have no switch.
def test_the_guide_never_sends_a_reader_without_an_account_to_an_option_it_says_the_switch_covers():
    for_no_account = [step for step in SUGGESTING if step.get("for") != "members"]
    assert for_no_account, "no step tells readers without an account which option to choose"
    for step in for_no_account:
        options = _suggested(step)
        assert any("content-ai" in option["covers"] for option in options), (
            f"{step['id']} reaches readers without an account but not the option for content-generating AI")
        for lang in LANGUAGES:
            text = step["do"][lang].casefold()
            for phrase in ("switch already covers", "schakelaar al", "réglage couvre déjà", "s’en charge déjà"):
                assert phrase not in text, f"{step['id']} ({lang}) tells readers without a switch to rely on it"
    for step in SUGGESTING:
        if step.get("for") == "members":
            assert all("content-ai" not in option["covers"] for option in _suggested(step)), step["id"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_says_whom_each_choice_of_option_is_for(lang):
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    steps = _numbered_steps(page)
    words = {"en": ("With a LinkedIn account", "Without a LinkedIn account"),
             "nl": ("Heb je een LinkedIn-account?", "Geen LinkedIn-account?"),
             "fr": ("Avec un compte\u00a0:", "Sans compte LinkedIn\u00a0?")}[lang]
    for phrase in words:
        assert phrase in steps, f"the {lang} steps do not say '{phrase}'"


def test_a_members_step_alone_is_rejected(tmp_path, capsys):
    root = copy_project(tmp_path)
    data = yaml.safe_load((root / OPT_OUT).read_text(encoding="utf-8"))
    data["objection"]["steps"] = [step for step in data["objection"]["steps"] if step.get("for") != "no-account"]
    (root / OPT_OUT).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert generator_main(["--root", str(root)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert any("add one `for: no-account`" in line for line in errors), errors


def test_a_step_for_everyone_without_the_content_ai_option_is_rejected(tmp_path, capsys):
    root = copy_project(tmp_path)
    path = root / OPT_OUT
    text = path.read_text(encoding="utf-8")
    assert "      for: members\n" in text
    path.write_text(text.replace("      for: members\n", ""), encoding="utf-8")
    assert generator_main(["--root", str(root)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert any("objection.steps[choose-option].option" in line and "readers without an account" in line
               for line in errors), errors


def _steps_section(page: str) -> str:
    """The objection's steps: after the text to paste and the form's button, before the why."""
    return page[page.index("{#objection-steps}"):page.index("{: .objection-about }")]


def _numbered_steps(page: str) -> str:
    """One line per step of the data: the numbered steps and, for the steps with or without an
    account, their bullets (the numbered line that leads them is left out)."""
    leads = {text for text in DATA["ui"]["choose_option"].values()}
    lines = re.findall(r"^(?:\d+\.|    -) (.*)$", _steps_section(page), flags=re.M)
    return "\n".join(line for line in lines if re.sub(r"\\(.)", r"\1", line) not in leads)


def content_ai_labels(lang: str) -> list[str]:
    """The labels, in `lang`, of the form's options for content-generating AI (where one is known)."""
    return [option["label"][lang]["text"] for option in OPTIONS.values()
            if "content-ai" in option["covers"] and "text" in option["label"][lang]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_members_steps_never_offer_the_content_ai_option(lang):
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    steps = re.sub(r"\\(.)", r"\1", _numbered_steps(page)).splitlines()
    assert len(steps) == len(OBJECTION["steps"])
    for step, line in zip(OBJECTION["steps"], steps):
        if step.get("for") == "no-account":
            continue
        for label in content_ai_labels(lang):
            assert label not in line, f"the {lang} step {step['id']} suggests the content-AI option"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_hint_above_the_forms_button_boxes_only_the_option_to_pick(lang):
    """Reader review, round 5 (R1): the hint showed the option to avoid as a boxed label of four
    lines, the one label a Dutch reader could read, and readers picked it. The hint shows the
    option to pick as a label; the other one never as a label. Reader review, round 7 (P1): on a
    form in Dutch, a reader must still learn which option to avoid in Dutch, so where a source gives
    its words in the page's language, the hint quotes them, unboxed, with that source (rule changed
    on 7 December 2026: before, the hint never showed those words)."""
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    hint = page[:page.index("\n{: .objection-form-hint }")].rsplit("\n", 1)[1]
    labels = [re.sub(r"<[^>]+>", "", label) for label in re.findall(r"\*\*(.+?)\*\*\{: \.ui-label", hint)]
    member = next(step for step in SUGGESTING if step.get("for") == "members")
    assert labels == [OPTIONS[member["option"]]["label"][lang]["text"]], hint
    for option in OPTIONS.values():
        words = option["label"][lang]
        if "content-ai" in option["covers"] and "text" in words and not words.get("lang"):
            assert f"{words['text']}” (" in hint or f"{words['text']}\u00a0» (" in hint, (
                f"the {lang} hint does not quote the option to avoid with its source")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_text_to_paste_comes_right_under_its_heading(lang):
    """Reader review, round 5 (R6): without JavaScript the text began after the regions' list and
    the examples, 2.5 phone screens down. It now comes first, the lists after it, all before the
    form's button."""
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    heading = page.index("{#objection-text-heading}")
    order = [page.index(mark, heading) for mark in ('<div id="objection-text"', "{: .objection-law }",
                                                     "{: .objection-reasons }", ".objection-form-button")]
    assert order == sorted(order), order
    # Only how to copy without a copy button comes between (reader review, round 7: it stood in
    # the steps, after the form's button); assets/site.js hides it where the button stands.
    between = page[page.index("\n", heading):order[0]].strip()
    assert between == DATA["ui"]["select_hint"][lang] + "\n{: .objection-select-hint }", \
        f"{lang}: {between[:80]} comes before the text"
    # The other regions' sentences are collapsed under a summary of their own.
    assert page.index('<details class="objection-law-more"', order[0]) < order[1] < page.index("</details>", order[1]) < order[2]


def _letter_paragraphs(page: str) -> list[str]:
    """The paragraphs of the text to paste, as the guide's Markdown has them."""
    start = page.index('<div id="objection-text" class="objection-letter" markdown="1">')
    inside = page[page.index("\n", start): page.index("\n</div>", start)]
    return [paragraph.strip() for paragraph in inside.split("\n\n") if paragraph.strip()]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_text_to_paste_opens_with_the_default_legal_sentence(lang):
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    default = [v for v in OBJECTION["letter_law"]["variants"] if v.get("default")]
    assert len(default) == 1
    body = _letter_paragraphs(page)[1]
    assert body.startswith(f'<span class="letter-law">{default[0]["sentence"][lang]}</span> ')
    for variant in OBJECTION["letter_law"]["variants"]:  # every region is named on the page
        assert variant["region"][lang] in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_text_to_paste_opens_with_a_salutation_and_ends_with_a_closing(lang):
    """Native reviews, 7 December: the letter had no salutation and no closing. Each is a paragraph
    of its own, the text in between; nothing follows the closing (the form asks for name and email),
    so the closing leaves no gap for a name: no trailing comma, no placeholder."""
    salutation, closing = OBJECTION["letter_salutation"][lang], OBJECTION["letter_closing"][lang]
    paragraphs = _letter_paragraphs(checkout_pages()[f"docs/opt-out.{lang}.md"])
    assert len(paragraphs) == 3 and paragraphs[0] == salutation and paragraphs[2] == closing, paragraphs
    assert salutation.endswith(",") and not closing.endswith(",")
    assert not re.search(r"[\[{]", salutation + closing), "a place for the reader to fill in"


# The build rejects the mistake the review found: "everything else" pointing at the content-AI option.

def _rejected(project, capsys) -> list[str]:
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    code = generator_main(["--root", str(project)], root=project)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()} == before
    return [line for line in err.splitlines() if line.startswith("error: ")]


def _rewrite(project, change) -> None:
    path = project / OPT_OUT
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["objection"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_pointing_the_section_back_at_the_content_ai_option_is_rejected(tmp_path, capsys):
    project = copy_project(tmp_path / "project")

    def point_at_content_ai(objection):
        options = {option["id"]: option for option in objection["options"]}
        for step in objection["steps"]:
            if "option" in step:  # option and its label together, as an editor would do it
                step["option"] = "content-ai"
                step["label"] = options["content-ai"]["label"]

    _rewrite(project, point_at_content_ai)
    errors = _rejected(project, capsys)
    assert any("objection.steps[choose-option].option" in line and "option 'content-ai' does not cover" in line
               for line in errors), errors


def test_a_step_showing_another_options_label_is_rejected(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    path = project / OPT_OUT
    text = path.read_text(encoding="utf-8")
    assert "      option: other\n" in text
    path.write_text(text.replace("      option: other\n", "      option: content-ai\n"), encoding="utf-8")
    errors = _rejected(project, capsys)
    assert any(re.match(rf"error: {re.escape(OPT_OUT)}:\d+: objection\.steps\[choose-option\]\.label: "
                        r"must be the label of option 'content-ai'", line) for line in errors), errors


def test_listing_content_ai_among_the_sections_uses_is_rejected(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    _rewrite(project, lambda objection: objection["uses"].append("content-ai"))
    errors = _rejected(project, capsys)
    assert any("objection.uses" in line and "covered by the switch" in line for line in errors), errors


def test_an_unknown_option_is_rejected(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    path = project / OPT_OUT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      option: other\n", "      option: personalisation-ai\n"), encoding="utf-8")
    errors = _rejected(project, capsys)
    assert any("unknown option 'personalisation-ai'" in line for line in errors), errors


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_objection_steps_stay_a_numbered_list_of_their_own(lang):
    """A bullet list right before the steps would swallow them into one list (Python-Markdown)."""
    import markdown

    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    html = markdown.markdown(_steps_section(page).split("\n", 1)[1], extensions=["attr_list"])
    numbered = re.findall(r"<ol>(.*)</ol>", html, flags=re.S)
    # The steps with and without an account are one step with a bullet each (review R3): the
    # numbers count what one reader does.
    either_or = sum(1 for step in OBJECTION["steps"] if step.get("for"))
    assert len(numbered) == 1 and numbered[0].count("<li>") == len(OBJECTION["steps"]) + 1, html
    assert numbered[0].count("<ul>") == 1 and either_or == 2, html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_prose_counts_the_objection_steps(lang):
    """A count in prose drifts from the list (review A1/R3: "five steps" over six): none is written."""
    counts = {"en": r"\b(two|three|four|five|six|seven)\s+steps\b",
              "nl": r"\b(twee|drie|vier|vijf|zes|zeven)\s+stappen\b",
              "fr": r"\b(deux|trois|quatre|cinq|six|sept)\s+étapes\b"}[lang]
    assert not re.search(counts, OBJECTION["lead"][lang], flags=re.I), OBJECTION["lead"][lang]


# Every region the guide covers gets the legal sentence of its objection text, or the page says
# plainly that the sources establish none.

VARIANTS = {variant["id"]: variant for variant in OBJECTION["letter_law"]["variants"]}


def test_every_covered_region_has_its_legal_sentence_or_says_the_sources_give_none():
    regions = [region for entry in DATA["coverage"] for region in entry.get("letter_regions", [])]
    assert regions, "the coverage list must name the regions the objection text is for"
    assert sorted(regions) == sorted(VARIANTS), "each letter_law variant is for exactly the regions named"
    for region in regions:
        assert "sentence" in VARIANTS[region] or "note" in VARIANTS[region], region


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_gives_each_regions_sentence_or_note(lang):
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    for variant in VARIANTS.values():
        for field in ("sentence", "note"):
            if field in variant:
                # The first words are enough to find it, whatever the Markdown escaping does later on.
                words = " ".join(variant[field][lang].split()[:4])
                assert words in page, f"{lang}: {variant['id']} {field} is not on the page"


def test_a_region_without_a_legal_sentence_or_note_is_rejected(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    _rewrite(project, lambda objection: objection["letter_law"]["variants"].pop(-2))  # drops canada-hong-kong
    errors = _rejected(project, capsys)
    assert any("coverage[europe].letter_regions" in line and "no objection.letter_law variant 'canada-hong-kong'" in line
               for line in errors), errors


def test_a_variant_for_no_covered_region_is_rejected(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    path = project / OPT_OUT
    text = path.read_text(encoding="utf-8")
    assert "letter_regions: [eu-eea, uk, switzerland, canada-hong-kong]" in text
    path.write_text(text.replace("letter_regions: [eu-eea, uk, switzerland, canada-hong-kong]",
                                 "letter_regions: [eu-eea, uk, switzerland]"), encoding="utf-8")
    errors = _rejected(project, capsys)
    assert any("variant 'canada-hong-kong' is for no region" in line for line in errors), errors


# Art. 21(1) GDPR: a person objects "on grounds relating to his or her particular situation". The
# letter names those grounds in the law's own words and leaves a marked place for them.
PARTICULAR_SITUATION = {"en": "particular situation", "nl": "specifieke situatie", "fr": "situation particulière"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_objection_text_names_the_readers_particular_situation(lang):
    letter = OBJECTION["letter"][lang]
    assert PARTICULAR_SITUATION[lang] in letter, f"the {lang} letter does not name the reader's particular situation"
    assert letter.count("{situation}") == 1, f"the {lang} letter needs exactly one place for the reader's situation"
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    text = _letter_paragraphs(page)[1]
    assert '<mark class="letter-slot">' in text, f"the {lang} letter's place for the situation is not marked"
    # Every region's variant keeps the place: only the first sentence changes with the region.
    assert all("{situation}" not in v.get("sentence", {}).get(lang, "") for v in OBJECTION["letter_law"]["variants"])
    assert OBJECTION["reasons"]["examples"] and all(e["sources"] for e in OBJECTION["reasons"]["examples"])


# Accuracy review, round 6 (B3): the Dutch first step on a computer cited nothing, because no
# source gives its label in Dutch. A step's own sources back it wherever no label is shown.

@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_step_without_a_label_in_this_language_cites_its_own_sources(lang):
    page = checkout_pages()[f"docs/opt-out.{lang}.md"]
    desktop = next(p for p in DATA["paths"] if p["id"] == "desktop")
    step = next(s for s in desktop["steps"] if s["id"] == "open-menu")
    line = next(l for l in page.splitlines() if l.startswith("1. ") and step["do"][lang].split(",")[0].split("{")[0].rstrip(".") in l)
    cited = re.findall(r"sources\.md#([a-z0-9-]+)", line)
    label = step["label"][lang]
    if "text" in label:  # the label's sources back the step; the step's own are not repeated
        assert cited == label["sources"], line
    else:
        assert step["sources"] and cited == step["sources"], line
