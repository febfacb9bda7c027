"""Whatever reaches data/ or docs/ through a careless edit or a hostile pull request, the build
either refuses it with one clear line (and changes nothing) or shows it as harmless text."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, mkdocs_build
from generate_pages import main as generator_main
from pagegen import GenerationFailed, WriteFailed, build, generate, stale_files, write
from pagegen import text
from pagegen.csp import INLINE_SCRIPT, UnknownInlineScript, _executable, template_scripts, with_csp
from pagegen.loading import DataError, load_yaml
from pagegen.validation import entry_host_problems
from serve_static import SiteServer
from test_data import assert_rejected, edit, run_generator, snapshot

OPT_OUT = "data/opt-out.yml"
TIMELINE = "data/timeline.yml"
UPDATES = "data/updates.yml"
SOURCES = "data/sources.yml"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


# Refused, with file:line: entry (by id): field: problem, and nothing written.

REFUSED = {
    "script in a page title": (OPT_OUT, "    en: How to stop LinkedIn using your data for AI",
                               f"    en: How to stop LinkedIn{SCRIPT}", "page.title.en", "raw HTML"),
    "script in a path name": (OPT_OUT, "      en: On a computer (linkedin.com)",
                              f"      en: On a computer{SCRIPT}", "paths[desktop].name.en", "raw HTML"),
    "script in a step": (OPT_OUT, '          en: "Choose {label}."', f'          en: "Choose {{label}}.{SCRIPT}"',
                         "paths[desktop].steps[settings].do.en", "raw HTML"),
    "script in a timeline entry": (TIMELINE, '      en: "LinkedIn goes online.', f'      en: "{SCRIPT}LinkedIn goes online.',
                                   "events[linkedin-launch].text.en", "raw HTML"),
    "script in an update title": (UPDATES, "      en: First version of the site", f"      en: First{SCRIPT}",
                                  "entries[first-version].title.en", "raw HTML"),
    "script in an update's change": (UPDATES, '      - en: "LinkedIn\'s objection form now opens in a new tab."',
                                     f'      - en: "LinkedIn\'s objection form{SCRIPT}"',
                                     "entries[guide-and-checks-2026-12-07].changes[9].en", "raw HTML"),
    "HTML block in a step": (OPT_OUT, '          en: "Tap your profile photo."',
                             '          en: "<div>\\n\\n**x</div>"', "paths[app].steps[open-profile].do.en", "raw HTML"),
    "img onerror": (OPT_OUT, "      en: In the LinkedIn app (iPhone and Android)",
                    "      en: In the app <img src=x onerror=alert(2)>", "paths[app].name.en", "raw HTML"),
    "javascript link": (OPT_OUT, "    en: The quickest way", "    en: \"[x](javascript:alert)\"",
                        "ui.quick_heading.en", "must be a page of this site"),
    "attribute list": (OPT_OUT, "    en: Step by step", '    en: "Steps {: onclick=alert(6) }"',
                       "ui.steps_heading.en", "attribute lists"),
    "attribute list without a colon": (OPT_OUT, "    en: Step by step", '    en: "Steps {onclick=alert(6)}"',
                                       "ui.steps_heading.en", "attribute lists"),
    "heading markup": (OPT_OUT, "    en: Step by step", '    en: "# Steps"', "ui.steps_heading.en", "Markdown block"),
    "link to another host": (OPT_OUT, "    en: Step by step", '    en: "[x](https://evil.example/)"',
                             "ui.steps_heading.en", "must be a link to"),
    "NUL in a title": (OPT_OUT, "    en: How to stop LinkedIn using your data for AI", '    en: "How to stop\\0"',
                       "page.title.en", "control character (U+0000)"),
    "STX in a title": (OPT_OUT, "    en: How to stop LinkedIn using your data for AI", '    en: "How to stop\\x02"',
                       "page.title.en", "control character (U+0002)"),
    "multi-line title": (OPT_OUT, "    en: How to stop LinkedIn using your data for AI",
                         '    en: "How to stop\\n---\\nfoo: bar"', "page.title.en", "must be one line"),
    "bidi override": (OPT_OUT, "      en: On a computer (linkedin.com)", '      en: "On a \\u202Ecomputer"',
                      "paths[desktop].name.en", "bidi control character (U+202E)"),
    "invisible label": (OPT_OUT, "    en: {text: Data privacy,", '    en: {text: "\\u200B\\u200B",',
                        "labels.data_privacy.en.text", "no visible character"),
    "100 KB label": (OPT_OUT, "    en: {text: Data privacy,", f"    en: {{text: {'x' * 100_000},",
                     "labels.data_privacy.en.text", "characters long (at most 300)"),
    "settings link closing the Markdown link": (
        OPT_OUT, "  url: https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
        "  url: https://evil.example/x)<script>alert(7)</script>", "settings_link.url", "on www.linkedin.com"),
    "settings link on another host": (
        OPT_OUT, "  url: https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
        "  url: https://attacker.example/phish", "settings_link.url", "on www.linkedin.com"),
    "form link on another host": (OPT_OUT, "    url: https://www.linkedin.com/help/linkedin/ask/TS-DPRO",
                                  "    url: https://linkedin.com.evil.example/TS-DPRO", "objection.form.url",
                                  "on www.linkedin.com"),
    "help link on another host": (OPT_OUT, "    url: https://www.linkedin.com/help/linkedin/answer/a6278444",
                                  "    url: https://example.org/a6278444", "help_articles[a6278444].url",
                                  "on www.linkedin.com"),
    "year 2999": (TIMELINE, 'date: "2003-05"', 'date: "2999-05"', "events[linkedin-launch].date", "date out of range"),
    "year 1900": (TIMELINE, 'date: "2003-05"', 'date: "1900-05"', "events[linkedin-launch].date", "date out of range"),
    "year 0": (TIMELINE, 'date: "2003-05"', 'date: "0000-05"', "events[linkedin-launch].date", "date out of range"),
    "reviewed in 2099": (OPT_OUT, 'reviewed: "20', 'reviewed: "2099-11-22" # was "20', "reviewed", "date out of range"),
    "unknown Babel locale": (OPT_OUT, "  date_locale: {en: en_GB,", "  date_locale: {en: xx_YY,",
                             "ui.date_locale.en", "unknown locale 'xx_YY'"),
    "link to an unlisted source": (TIMELINE, "see [the lawsuit](lawsuit.md)", "see [the lawsuit](sources.md#no-such-source)",
                                   "events[", "source 'no-such-source' is not listed"),
    "script in a publisher name is fine, a newline is not": (SOURCES, "    publisher: ClassAction.org",
                                                             '    publisher: "ClassAction.org\\n<b>"',
                                                             "sources[classaction-org].publisher", "must be one line"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_hostile_or_careless_text_is_refused(project, capsys, case):
    relative, old, new, entry, problem = REFUSED[case]
    line = edit(project, relative, old, new)
    err = assert_rejected(project, capsys, f"{relative}:", entry, problem)
    if "\n" not in new:
        assert re.search(rf"^error: {re.escape(relative)}:{line}: ", err, re.M), err


def test_a_problem_in_a_shared_label_is_one_message(project, capsys):
    # The label is written once and used by both paths through a YAML alias.
    edit(project, OPT_OUT, "    en: {text: Data privacy,", '    en: {text: "\\u202EData privacy",')
    err = assert_rejected(project, capsys, "labels.data_privacy.en.text", "bidi")
    assert len([line for line in err.splitlines() if "bidi" in line]) == 1, err


def test_a_duplicate_key_names_the_entry_by_its_id(project, capsys):
    edit(project, OPT_OUT, "      - id: open-profile\n", "      - id: open-profile\n        id: open-profile\n")
    assert_rejected(project, capsys, "paths[app].steps[open-profile]", "key 'id' appears twice")


# Bounded reading: a hostile file ends quickly with a message.

def _run_generator(project: Path, *args: str, timeout: float = 60, limit_file_size: int | None = None):
    def limits():
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))
    return subprocess.run([sys.executable, str(project / "scripts/generate_pages.py"), *args], cwd=project,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=limits)


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("content, problem", [
    (BILLION_LAUGHS, "aliases expand to more than"),
    ("x: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than"),
    ("a: &a [*a]\n", "an alias refers to itself"),
    ("# padding\n" * 600_000, "larger than"),
], ids=["billion laughs", "5000 levels deep", "self-reference", "6 MB"])
def test_hostile_yaml_ends_quickly_with_a_message(project, content, problem):
    (project / OPT_OUT).write_text(content, encoding="utf-8")
    before = snapshot(project)
    result = _run_generator(project, timeout=30)  # a regression fails here instead of hanging
    assert result.returncode == 2, result.stderr
    assert f"error: {OPT_OUT}" in result.stderr and problem in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_the_committed_data_uses_aliases_within_the_bounds():
    loaded = load_yaml(ROOT / OPT_OUT, OPT_OUT)
    assert loaded.shared_lines, "opt-out.yml no longer shares labels; this bound is then untested"


# Rendered as inert text: what validation lets through cannot act as markup.

HOSTILE_LABEL = 'Settings <beta> <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) *'


def test_labels_show_every_character_without_a_visible_backslash(project):
    edit(project, OPT_OUT, "en: {text: Settings & Privacy,", f"en: {{text: '{HOSTILE_LABEL}',")
    page = generate(project).files["docs/opt-out.en.md"]
    step = next(line for line in page.splitlines() if line.startswith("2. Choose"))
    assert "Settings &lt;beta&gt; &lt;script&gt;" in step
    assert "\\<" not in step and "<script" not in step and "<img" not in step


@pytest.mark.parametrize("value, markdown", [
    ("Settings <beta>", "Settings &lt;beta&gt;"),
    ("1. not a list", "1&#46; not a list"),
    ("- not a list", "&#45; not a list"),
    ("a [link](opt-out.md#ads) and *stress*", "a [link](opt-out.md#ads) and *stress*"),
    ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
    ("{: #id onclick=x }", "\\{: \\#id onclick=x \\}"),
    ("&lt;script&gt;", "&amp;lt;script&amp;gt;"),
    ("a_b [x](page_name.md) c_d", "a\\_b [x](page_name.md) c\\_d"),  # emphasis never cuts a link
    ("*see [x](y.md)*", "*see [x](y.md)*"),
])
def test_inline_keeps_the_subset_and_escapes_the_rest(value, markdown):
    assert text.inline(value) == markdown


def test_inline_problems_and_plain_problems_name_what_is_wrong():
    assert text.inline_problems("See [the guide](opt-out.md#switch-off), *now*.") == []
    assert text.inline_problems("[LinkedIn](https://www.linkedin.com/help)", {"www.linkedin.com"}) == []
    assert text.inline_problems("[x](https://www.linkedin.com.evil.example/)", {"www.linkedin.com"})
    assert text.plain_problems("Settings <beta>") == []
    assert text.plain_problems("a\u202eb") and text.plain_problems("\u200b") and text.plain_problems("a\nb")


def test_hostile_but_valid_text_is_inert_in_the_built_site(tmp_path):
    """Plain fields accept any visible text: the built page must show it and run none of it."""
    project = copy_project(tmp_path / "project")
    edit(project, OPT_OUT, "en: {text: Settings & Privacy,", f"en: {{text: '{HOSTILE_LABEL}',")
    edit(project, SOURCES, "    publisher: ClassAction.org", f"    publisher: '{HOSTILE_LABEL}'")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    allowed = template_scripts([ROOT / "overrides", *_material_templates()])
    for name in ["opt-out", "sources", "lawsuit", "timeline"]:
        html = (tmp_path / "site" / name / "index.html").read_text(encoding="utf-8")
        page = BeautifulSoup(html, "lxml")
        assert not page.select("img[src=x]"), name
        for tag in page.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], f"{name}: {tag.name} has {tag.attrs}"
            assert not str(tag.get("href", "")).lower().startswith("javascript:"), name
        for script in INLINE_SCRIPT.finditer(html):  # no foreign script: each one is a template's
            assert not _executable(script.group("attrs")) or any(p.fullmatch(script.group("body")) for p in allowed)
    shown = BeautifulSoup((tmp_path / "site/opt-out/index.html").read_text(encoding="utf-8"), "lxml").get_text()
    assert "Settings <beta> <script>alert(1)</script>" in shown and "\\<" not in shown
    index = (tmp_path / "site/search/search_index.json").read_text(encoding="utf-8")
    assert "<script>alert" not in index and "<img src=x" not in index


def _material_templates() -> list[Path]:
    import material
    return [Path(material.__file__).parent / "templates"]


# The CSP allows the templates' scripts only.

def test_the_csp_refuses_an_inline_script_no_template_ships():
    allowed = template_scripts([ROOT / "overrides", *_material_templates()])
    page = "<html><head></head><body><script>alert(1)</script></body></html>"
    with pytest.raises(UnknownInlineScript, match="alert"):
        with_csp(page, allowed, {"alert(1)"})  # rendered, but no template's shape
    with pytest.raises(UnknownInlineScript):
        with_csp("<html><head></head><body><SCRIPT/x>alert(1)</SCRIPT></body></html>", allowed, set())
    assert "sha256-" not in with_csp("<html><head></head><body><script src=x.js></script></body></html>", allowed, set())


def test_a_page_with_an_injected_inline_script_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/about.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "an inline script that no template ships" in result.stdout + result.stderr


# All or nothing on disk.

def _changed_data(project: Path):
    """Data that changes every generated page, and what the generator makes of it."""
    # US dates instead of British ones: every English page that shows a date changes.
    for relative in ("data/opt-out.yml", "data/sources.yml", "data/timeline.yml", "data/updates.yml"):
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8").replace("en_GB", "en_US"), encoding="utf-8")
    outputs = generate(project)
    assert len(stale_files(project, outputs)) >= 4
    return outputs


def _temporary_files(project: Path) -> list[Path]:
    return [p for p in (project / "docs").rglob("*") if p.name.endswith(".tmp")]


def test_a_failed_temporary_file_changes_nothing(project, monkeypatch):
    """Every page is written in full before the first one is renamed into place."""
    outputs = _changed_data(project)
    before = snapshot(project)
    real_mkstemp, calls = tempfile.mkstemp, []

    def failing_mkstemp(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", failing_mkstemp)
    with pytest.raises(WriteFailed, match="No space left on device; no file was changed"):
        write(project, outputs)
    assert snapshot(project) == before and _temporary_files(project) == []


def test_pages_are_put_in_place_by_a_rename_only(project, monkeypatch):
    """Never written in place: a reader (or mkdocs serve) must not see half a page."""
    outputs = _changed_data(project)
    real_replace, renamed = os.replace, []
    monkeypatch.setattr(os, "replace", lambda s, t: (renamed.append(Path(t)), real_replace(s, t))[1])
    changed = write(project, outputs)
    assert sorted(project / c for c in changed) == sorted(renamed)
    assert stale_files(project, outputs) == [] and _temporary_files(project) == []


def test_a_full_disk_leaves_no_temporary_file_and_changes_nothing(project):
    _changed_data(project)
    before = snapshot(project)
    result = _run_generator(project, limit_file_size=8192)  # like `ulimit -f 8`
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error: cannot write" in result.stderr and "Traceback" not in result.stderr
    assert _temporary_files(project) == []
    assert {k: v[0] for k, v in snapshot(project).items()} == {k: v[0] for k, v in before.items()}


# Exit codes: 0 fine, 1 out of date (--check), 2 bad data or environment, never a traceback.

def test_exit_codes_and_messages(project):
    ok = _run_generator(project, "--check")
    assert ok.returncode == 0, ok.stderr
    page = project / "docs/sources.nl.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))  # same text, CRLF line ends
    (project / "docs/opt-out.de.md").write_text("---\ntitle: x\ngenerated_from: data/opt-out.yml\n---\n")
    stale = _run_generator(project, "--check")
    assert stale.returncode == 1
    for relative in ("docs/sources.nl.md", "docs/opt-out.de.md"):
        assert relative in stale.stderr, stale.stderr
    wrote = _run_generator(project)
    assert wrote.returncode == 0 and "removed docs/opt-out.de.md" in wrote.stdout, wrote.stdout + wrote.stderr
    assert _run_generator(project, "--check").returncode == 0
    edit(project, OPT_OUT, "  date_locale: {en: en_GB,", "  date_locale: {en: xx_YY,")
    for args in ((), ("--check",)):
        bad = _run_generator(project, *args)
        assert bad.returncode == 2 and "unknown locale 'xx_YY'" in bad.stderr and "Traceback" not in bad.stderr


def test_an_unreadable_docs_folder_is_an_environment_problem(project):
    _changed_data(project)
    (project / "docs").chmod(0o555)
    try:
        if os.access(project / "docs", os.W_OK):  # root ignores permissions: make a file a folder instead
            (project / "docs").chmod(0o755)
            target = project / "docs/updates.en.md"
            target.unlink()
            target.mkdir()
        result = _run_generator(project)
    finally:
        (project / "docs").chmod(0o755)
    assert result.returncode == 2 and result.stderr.startswith("error: ") and "Traceback" not in result.stderr


# Translations keep their shape.

def test_an_anchor_changed_in_one_translation_fails(project, capsys):
    page = project / "docs/lawsuit.nl.md"
    anchor = re.search(r"\{#([\w-]+)\}", page.read_text(encoding="utf-8")).group(1)
    line = edit(project, "docs/lawsuit.nl.md", f"{{#{anchor}}}", "{#iets-anders}")
    err = assert_rejected(project, capsys, f"docs/lawsuit.nl.md:{line}:", "anchor #iets-anders is not in docs/lawsuit.en.md")
    assert f"anchor #{anchor} of docs/lawsuit.en.md" in err


def test_a_translation_without_front_matter_fails(project, capsys):
    page = project / "docs/about.fr.md"
    page.write_text(re.sub(r"\A---\n.*?\n---\n", "", page.read_text(encoding="utf-8"), flags=re.S), encoding="utf-8")
    assert_rejected(project, capsys, "docs/about.fr.md:1:", "no front matter")


def test_a_translation_missing_a_front_matter_key_fails(project, capsys):
    edit(project, "docs/regulators.nl.md", "\nreviewed:", "\nnagekeken:")
    assert_rejected(project, capsys, "docs/regulators.nl.md:1:", "front matter: missing 'reviewed'")


# Links of an entry that names its own host (an authority, for instance) stay on that host.

def test_an_entrys_links_stay_on_its_own_host(tmp_path):
    data = tmp_path / "authorities.yml"
    data.write_text("authorities:\n  - id: cnil\n    host: www.cnil.fr\n"
                    "    complaint: https://www.cnil.fr/fr/plaintes\n"
                    "    form: https://cnil.fr.evil.example/plainte\n"
                    "    text: {en: \"See [the form](https://evil.example/x).\"}\n", encoding="utf-8")
    problems = entry_host_problems(load_yaml(data, "data/authorities.yml"))
    assert [(p.line, p.entry) for p in problems] == [(5, "authorities[cnil].form"), (6, "authorities[cnil].text.en")]
    assert all("www.cnil.fr" in p.problem for p in problems)


# The static server answers every request.

@pytest.mark.parametrize("path", ["/a%00b", "/" + "a" * 300, "/nl/" + "b" * 256 + "/"])
def test_the_server_answers_400_to_a_path_the_file_system_cannot_take(tmp_path, path):
    (tmp_path / "404.html").write_text("not found")
    with SiteServer(tmp_path) as server:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(server.url.rstrip("/") + path, timeout=10)
    assert answer.value.code == 400


# Dates: from 2003 to the build date plus a year.

@pytest.mark.parametrize("value, accepted", [
    ("2003", True), ("2002-12", False), ("2027-11-27", True), ("2027-11-29", False), ("2027-12", False),
    ("2026-02-29", False), ("2024-02-29", True), ("2025-13", False),
])
def test_dates_lie_between_2003_and_a_year_after_the_build(tmp_path, value, accepted):
    import datetime as dt
    from pagegen.validation import partial_date_problems
    data = tmp_path / "events.yml"
    data.write_text(f'events:\n  - id: launch\n    date: "{value}"\n', encoding="utf-8")
    problems = partial_date_problems(load_yaml(data, "data/events.yml"), today=dt.date(2026, 11, 27))
    assert (problems == []) == accepted, problems
    assert all(p.entry == "events[launch].date" and p.line == 3 for p in problems)


def test_a_message_stays_on_one_line_whatever_the_data_holds(project, capsys):
    # Found by Hypothesis: a key with a line break in it used to split the message in two.
    edit(project, OPT_OUT, "page:\n  title:\n", 'page:\n  "bad\\nkey\\u202e": 1\n  title:\n')
    err = assert_rejected(project, capsys, "page.bad\\", "unknown key 'bad")
    assert all(line.startswith(("error: ", "1 problem", "2 problem", "3 problem")) for line in err.splitlines()), err


# Front matter: a page's title, description (and the home page's action) are printed by the theme
# outside Markdown (header, footer, nav, search index), so they hold no < > or straight ".

REDIRECT = '<meta http-equiv="refresh" content="0;url=/sources/">'


@pytest.mark.parametrize("relative, old, new, entry, found", [
    ("data/rights.yml", '    en: "Where to complain, and how to see your LinkedIn data"',
     f"    en: 'Your rights{REDIRECT}'", "page.title.en", '" < >'),
    ("data/share.yml", '    en: "Share this guide"', "    en: 'Share \"this\" guide'", "page.title.en", '"'),
    ("data/share.yml", "    en: \"Ready-to-post texts for X,", "    en: \"Ready-to-post> texts for X,",
     "page.description.en", ">"),
    (OPT_OUT, "    en: How to stop LinkedIn using your data for AI", '    en: "How to stop \\"LinkedIn\\""',
     "page.title.en", '"'),
], ids=["rights title", "share title", "share description", "opt-out title"])
def test_markup_characters_in_a_generated_pages_front_matter_are_refused(project, capsys, relative, old, new, entry, found):
    line = edit(project, relative, old, new)
    err = assert_rejected(project, capsys, f"{relative}:{line}: {entry}: must not contain {found} ")
    assert len([l for l in err.splitlines() if "must not contain" in l]) == 1, err


@pytest.mark.parametrize("relative, old, new, field", [
    ("docs/about.en.md", "title: About this site", f"title: 'About{REDIRECT}'", "title"),
    ("docs/about.nl.md", "\ndescription: ", '\ndescription: Say "hi" ', "description"),
    ("docs/index.en.md", '  title: "Two steps, and what to do if LinkedIn refuses"', "  title: '<img src=x onerror=alert(1)>'",
     "action.title"),
    ("docs/index.fr.md", "\n  guide: ", "\n  guide: <b>", "action.guide"),
], ids=["title", "description in a translation", "home action title", "home action in a translation"])
def test_markup_characters_in_a_hand_written_pages_front_matter_are_refused(project, capsys, relative, old, new, field):
    edit(project, relative, old, new)
    assert_rejected(project, capsys, f"{relative}:1: front matter: {field}: must not contain")


def test_front_matter_texts_are_shown_exactly_as_written(tmp_path):
    """Defence in depth: the templates escape what they print from front matter, so a character
    reference stays text (unescaped, `&lt;b&gt;` would show as <b>, and a < would be a tag)."""
    project = copy_project(tmp_path / "project")
    title, action = "About &lt;b&gt; this site", "The one &lt;i&gt; thing:"
    edit(project, "docs/about.en.md", "title: About this site", f"title: {title}")
    edit(project, "docs/index.en.md", '  title: "Two steps, and what to do if LinkedIn refuses"', f'  title: "{action}"')
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    about = BeautifulSoup((tmp_path / "site/about/index.html").read_text(encoding="utf-8"), "lxml")
    assert about.select_one("[data-md-component=header-topic]").get_text(strip=True) == title
    home = BeautifulSoup((tmp_path / "site/index.html").read_text(encoding="utf-8"), "lxml")
    assert home.select_one(".home-action__title").get_text() == action


# Deep nesting ends with a message before libyaml's recursive composer sees it (it crashed at
# about 30,000 levels: exit -11, no message).

def test_very_deep_nesting_is_refused_before_the_tree_is_built(project):
    (project / OPT_OUT).write_text("x: " + "[" * 30_000 + "]" * 30_000 + "\n", encoding="utf-8")
    before = snapshot(project)
    result = _run_generator(project, timeout=30)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.startswith(f"error: {OPT_OUT}:1: YAML structure is nested more than 40 levels"), result.stderr
    assert snapshot(project) == before


# Noncharacters: YAML cannot hold them, so a generated page with one in its front matter would not
# read back.

@pytest.mark.parametrize("character", ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"])
def test_noncharacters_are_refused(character):
    assert [p for p in text.character_problems(f"a{character}b")
            if f"noncharacter (U+{ord(character):04X})" in p], text.character_problems(f"a{character}b")
    assert text.character_problems("a\ufdcf\ufdf0\ufffdb") == []  # their neighbours are characters (U+1FFFD is unassigned)


def test_a_noncharacter_in_a_title_is_refused(project, capsys):
    line = edit(project, OPT_OUT, "    en: How to stop LinkedIn using your data for AI", '    en: "How to stop\\uFFFF"')
    assert_rejected(project, capsys, f"{OPT_OUT}:{line}: page.title.en: contains a noncharacter (U+FFFF)")


def test_a_generated_page_with_unreadable_front_matter_is_replaced_not_blamed(project, capsys):
    # What an older generator wrote for a title with U+FFFF: YAML cannot read this front matter.
    page = project / "docs/opt-out.en.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("title: \"", "title: \"\uffff", 1), encoding="utf-8")
    code, err = run_generator(project, capsys)
    assert code == 0, err
    assert page.read_text(encoding="utf-8") == good


# Anchors: only a real `{#id}` counts, not one in an HTML comment or in inline code.

@pytest.mark.parametrize("hidden", ["<!-- {{#{0}}} -->", "`{{#{0}}}`", "<!--\n{{#{0}}}\n-->"],
                         ids=["comment", "inline code", "comment over lines"])
def test_an_anchor_only_in_a_comment_or_code_is_missing(project, capsys, hidden):
    page = project / "docs/lawsuit.nl.md"
    anchor = re.search(r"\{#([\w-]+)\}", page.read_text(encoding="utf-8")).group(1)
    edit(project, "docs/lawsuit.nl.md", f"{{#{anchor}}}", "")
    page.write_text(page.read_text(encoding="utf-8") + "\n" + hidden.format(anchor) + "\n", encoding="utf-8")
    assert_rejected(project, capsys, "docs/lawsuit.nl.md:", f"anchor #{anchor} of docs/lawsuit.en.md")


# The site's address ($SITE_URL) goes into links, share texts and the QR code at build time.

@pytest.mark.parametrize("url", ["https://example.org/a)[PWN](javascript:alert(1)", "javascript:alert(1)//",
                                 "https://example.org/a b/", 'https://example.org/"x/', "https://user@example.org/",
                                 "ftp://example.org/", "https://example.org/a/\n[x](y)"])
def test_a_bad_site_url_is_refused(url):
    from pagegen.rights import checked_site_url
    with pytest.raises(DataError, match=re.escape("mkdocs.yml: site_url ($SITE_URL) must be an http(s) address")):
        checked_site_url(url)


def test_a_build_for_a_bad_site_url_stops_with_one_line(project, tmp_path):
    result = mkdocs_build(project, tmp_path / "site", "https://example.org/a b/")
    assert result.returncode != 0
    assert "site_url ($SITE_URL) must be an http(s) address" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("url, base", [("http://127.0.0.1:8123/", "http://127.0.0.1:8123/"),
                                       ("https://example.org/a-b/c_d.e~f%20", "https://example.org/a-b/c_d.e~f%20/")])
def test_a_plain_site_url_is_accepted(url, base):
    from pagegen.rights import checked_site_url
    assert checked_site_url(url) == base


# A source title written per language is shown as plain text, so it is checked as plain text.

def test_a_per_language_source_title_is_plain_text(project):
    title = "Privacy {policy} `v2` <draft>"
    edit(project, SOURCES, '      en: "LinkedIn European Regional Privacy Notice (version effective 2025-02-27)"', f"      en: '{title}'")
    page = generate(project).files["docs/sources.en.md"]
    assert text.plain(title) in page


def test_a_stray_backtick_does_not_hide_the_anchors_of_later_paragraphs():
    from pagegen.translations import anchors
    page = "A stray ` here.\n\n## Heading {#real}\n\nSee `{#code}` and <!-- {#comment} -->, `two\nlines {#wrapped}`.\n"
    assert anchors(page) == {"real": 3}
