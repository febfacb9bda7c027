"""Bad data gets one clear message (file, line, entry, field) and the pages on disk stay as they were."""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, checkout_pages, copy_project
from generate_pages import main as generator_main
from pagegen import GenerationFailed, generate, stale_files, write
from pagegen.validation import iter_paths

OPT_OUT = "data/opt-out.yml"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def edit(project: Path, relative: str, old: str, new: str, count: int = 1) -> int:
    """Replace `old` (which must be there) and return the 1-based line where the change starts."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not found in {relative}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def snapshot(project: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(project)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((project / "docs").rglob("*")) if p.is_file()}


def run_generator(project: Path, capsys) -> tuple[int, str]:
    code = generator_main(["--root", str(project)], root=project)
    return code, capsys.readouterr().err


def assert_rejected(project: Path, capsys, *expected: str) -> str:
    """The generator exits 2, says every expected fragment in one message line, and writes nothing."""
    before = snapshot(project)
    code, err = run_generator(project, capsys)
    assert code == 2, err
    problem_lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert any(all(fragment in line for fragment in expected) for line in problem_lines), (
        f"no single message contains all of {expected}:\n{err}")
    assert "Traceback" not in err
    assert snapshot(project) == before, "the generator changed files although the data was bad"
    return err


def test_the_committed_data_is_valid(project, capsys):
    code, err = run_generator(project, capsys)
    assert code == 0, err


def test_yaml_syntax_error_names_file_and_line(project, capsys):
    line = edit(project, OPT_OUT, "  quick_heading:\n", "  quick_heading: [unclosed\n")
    err = assert_rejected(project, capsys, f"{OPT_OUT}:", "YAML syntax error")
    # PyYAML reports where it noticed the problem: at the broken line or just after it.
    reported = int(re.search(rf"{re.escape(OPT_OUT)}:(\d+):", err).group(1))
    assert line <= reported <= line + 2


def test_missing_language(project, capsys):
    line = edit(project, OPT_OUT, '          fr: "Choisissez {label}."\n', "")
    assert_rejected(project, capsys, f"{OPT_OUT}:{line - 3}:", "paths[desktop].steps[settings].do",
                    "missing language 'fr'")


def test_empty_label(project, capsys):
    line = edit(project, OPT_OUT, "nl: {text: Instellingen, sources:", 'nl: {text: "", sources:')
    assert_rejected(project, capsys, f"{OPT_OUT}:{line}:", "paths[app].steps[settings].label.nl.text",
                    "must not be empty")


def test_unknown_key(project, capsys):
    line = edit(project, OPT_OUT, "      - id: open-profile\n", "      - id: open-profile\n        colour: red\n")
    assert_rejected(project, capsys, f"{OPT_OUT}:{line + 1}:", "paths[app].steps[open-profile].colour",
                    "unknown key 'colour'")


def test_duplicate_step_id(project, capsys):
    # The first `data-privacy` step is the desktop one; renaming it repeats the id before it.
    line = edit(project, OPT_OUT, "      - id: data-privacy\n", "      - id: settings\n")
    assert_rejected(project, capsys, f"{OPT_OUT}:{line}:", "paths[desktop].steps[settings]",
                    "duplicate id 'settings'")


def test_non_https_link(project, capsys):
    line = edit(project, OPT_OUT, "  url: https://www.linkedin.com/mypreferences/d/settings/",
                "  url: http://www.linkedin.com/mypreferences/d/settings/")
    assert_rejected(project, capsys, f"{OPT_OUT}:{line}:", "settings_link.url", "must be an https:// link")


def test_invalid_date(project, capsys):
    line = edit(project, OPT_OUT, 'reviewed: "20', 'reviewed: "2026-02-30" # was "20')  # whatever the date
    assert_rejected(project, capsys, f"{OPT_OUT}:{line}:", "reviewed", "must be a real calendar date")


def test_source_not_listed(project, capsys):
    line = edit(project, OPT_OUT, "  sources: [ota-vlopses, github-cdyf-865]", "  sources: [ota-vlopses, no-such-source]")
    assert_rejected(project, capsys, f"{OPT_OUT}:{line}:", "settings_link.sources",
                    "source 'no-such-source' is not listed in data/sources.yml")


def test_label_placeholder_must_match_the_label(project, capsys):
    edit(project, OPT_OUT, '          nl: "Kies {label}."\n', '          nl: "Kies de instelling."\n')
    assert_rejected(project, capsys, "paths[desktop].steps[settings].do.nl", "{label} exactly once")


def test_bad_timeline_and_sources_files_are_named(project, capsys):
    edit(project, "data/timeline.yml", "  - id: ", "  - id: Not An Id\n    ignored: x\n  - id: ")
    edit(project, "data/sources.yml", "    url: https://classaction.org/", "    url: classaction.org/")
    err = assert_rejected(project, capsys, "data/timeline.yml:", "unknown key 'ignored'")
    assert re.search(r"data/sources\.yml:\d+: sources\[classaction-org\]\.url: must be a web address", err), err


UPDATES = "data/updates.yml"


def test_an_update_in_the_old_one_paragraph_form_is_refused(project, capsys):
    # `text` was the single paragraph of an entry before the summary and the list of changes.
    line = edit(project, UPDATES, "    summary:\n      en: \"The site goes online", "    text:\n      en: \"The site goes online")
    err = assert_rejected(project, capsys, f"{UPDATES}:{line}:", "entries[first-version].text", "unknown key 'text'")
    assert re.search(rf"^error: {re.escape(UPDATES)}:\d+: entries\[first-version\]: missing field 'summary'$", err, re.M), err


def test_a_change_without_its_translation_names_the_entry_and_the_change(project, capsys):
    line = edit(project, UPDATES, "        fr: \"Le formulaire d’opposition de LinkedIn s’ouvre désormais dans un nouvel onglet.\"\n", "")
    assert_rejected(project, capsys, f"{UPDATES}:{line - 2}:", "entries[guide-and-checks-2026-12-07].changes[9]",
                    "missing language 'fr'")


def test_an_empty_list_of_changes_is_refused(project, capsys):
    # The first version has no list: its summary says it all. A list, where there is one, has changes.
    line = edit(project, UPDATES, "jusqu’en août 2026.\"\n", "jusqu’en août 2026.\"\n    changes: []\n")
    assert_rejected(project, capsys, f"{UPDATES}:{line + 1}:", "entries[first-version].changes", "must not be empty")


def test_a_second_entry_for_a_date_is_refused(project, capsys):
    # One entry per date: the day's changes go into the entry that is there.
    second = ("  - id: second-entry-2026-12-07\n    date: \"2026-12-07\"\n"
              "    title: {en: Second, nl: Tweede, fr: Deuxième}\n"
              "    summary: {en: Second., nl: Tweede., fr: Deuxième.}\n")
    line = edit(project, UPDATES, "  - id: rights-and-share-2026-11-27\n", second + "  - id: rights-and-share-2026-11-27\n")
    assert_rejected(project, capsys, f"{UPDATES}:{line + 1}:", "entries[second-entry-2026-12-07]",
                    "a second entry for 2026-12-07")


def test_an_empty_developers_part_is_refused(project, capsys):
    line = edit(project, UPDATES, "jusqu’en août 2026.\"\n", "jusqu’en août 2026.\"\n    developers: []\n")
    assert_rejected(project, capsys, f"{UPDATES}:{line + 1}:", "entries[first-version].developers", "must not be empty")


# The labels the updates once opened every sentence with; a reader gets plain sentences instead.
CHANGELOG_LABELS = re.compile(r"^(Corrected|Also corrected|New|Now|Added|Gecorrigeerd|Nieuw|Nu|Ook nieuw|"
                              r"Corrigé|Nouveau|Ajouté|Autres corrections)\s*:")


def test_updates_read_as_plain_sentences_in_every_language():
    data = yaml.safe_load((ROOT / UPDATES).read_text(encoding="utf-8"))
    for entry in data["entries"]:
        texts = [entry["summary"], *entry.get("changes", []), *entry.get("developers", [])]
        for text in texts:
            assert set(text) == set(data["page"]["title"]), entry["id"]  # the same things in every language
            for lang, value in text.items():
                assert not CHANGELOG_LABELS.match(value), (entry["id"], lang, value)
                assert not re.search(r"\.\s+(?:" + CHANGELOG_LABELS.pattern[2:], value), (entry["id"], lang, value)


def test_a_stale_page_is_reported_by_check(project, capsys):
    page = project / "docs/opt-out.nl.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8")
    assert generator_main(["--check", "--root", str(project)], root=project) == 1
    assert "out of date: docs/opt-out.nl.md" in capsys.readouterr().err
    assert generator_main(["--root", str(project)], root=project) == 0
    assert generator_main(["--check", "--root", str(project)], root=project) == 0


# Arbitrary damage never ends in a traceback: the generator either succeeds or names the problem.

DATA_FILES = [OPT_OUT, "data/sources.yml", "data/timeline.yml", "data/updates.yml"]
VALID = {relative: json.loads(json.dumps(yaml.safe_load((ROOT / relative).read_text(encoding="utf-8")), default=str))
         for relative in DATA_FILES}
ALL_PATHS = {relative: [path for path, _ in iter_paths(data) if path] for relative, data in VALID.items()}
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[x](javascript:alert(3))", "{: onclick=x }",
           "\u202eabc", "\u200b", "a\x00b", "# h", "1. x", "x\n---\ny: z", "https://evil.example/x)<script>",
           "0000-05", "2999-01-01", "xx_YY", "&lt;script&gt;", "[s](sources.md#nope)"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["", "http://x.y", "2025-13-45", "{label}", "nl", "id"]),
                    st.sampled_from(HOSTILE))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                      max_leaves=6)


@st.composite
def damaged_data(draw):
    """One data file (its path and its data) with one to three random changes."""
    relative = draw(st.sampled_from(DATA_FILES))
    data = json.loads(json.dumps(VALID[relative]))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS[relative]))
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
            continue  # an earlier damage removed this path
    return relative, data


@functools.cache
def _undamaged_pages() -> dict[str, str]:
    """The pages the checkout's own data makes (conftest.checkout_pages), each checked once: a
    damaged file's pages are only rendered and checked where they differ from these (most of a
    run's time went into rendering the same unchanged pages again)."""
    pages = {name: text for name, text in checkout_pages().items() if name.endswith(".md")}
    for name, text in pages.items():
        assert_inert(text.split("\n---\n", 1)[1], name)
    return pages


def _generate_with(relative: str, damaged_text: str):
    """Either every problem is named (file:line: entry: ...) and no file changes, or the pages are
    written and carry nothing from the data that could run."""
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder))
        (project / relative).write_text(damaged_text, encoding="utf-8")
        before = snapshot(project)
        try:
            outputs = generate(project)
        except GenerationFailed as failure:
            for problem in failure.problems:
                assert problem.file and problem.problem and str(problem).startswith(problem.file)
                assert "\n" not in str(problem)
            assert snapshot(project) == before
            return
        write(project, outputs)
        assert stale_files(project, outputs) == []
        undamaged = _undamaged_pages()
        for relative, content in outputs.files.items():
            if relative.endswith(".md") and undamaged.get(relative) != content:
                assert_inert(content.split("\n---\n", 1)[1], relative)


MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "def_list", "tables", "toc"]


def assert_inert(markdown_text: str, name: str) -> None:
    """The page as MkDocs renders it has no script, no event handler and no javascript: link."""
    html = BeautifulSoup(markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS), "lxml")
    assert not html.find_all(["script", "img", "iframe", "object", "embed", "style"]), name
    for tag in html.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], f"{name}: {tag}"
        assert not str(tag.get("href", "")).strip().lower().startswith(("javascript:", "data:")), f"{name}: {tag}"


@given(damaged_data())
def test_damaged_data_never_crashes(damaged):
    relative, data = damaged
    _generate_with(relative, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@given(st.data())
def test_damaged_yaml_text_never_crashes(data):
    lines = (ROOT / OPT_OUT).read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    junk = data.draw(st.sampled_from(["", ":", "- x", "{", "*nope", "&a [*a]", "\t", "key: [", "  x: !!python/name:os.system"]))
    lines[index] = data.draw(st.sampled_from([junk, lines[index] + junk, junk + lines[index]]))
    _generate_with(OPT_OUT, "\n".join(lines) + "\n")
