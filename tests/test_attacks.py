"""The second adversarial review (issue 22): each attack it reproduced, and the class behind it.

H1 a page script copied from a template; H2 a committed cache; M1 block syntax in data; M2
invisible characters; M3 the supply chain; L1-L8 tracebacks, the local server, symlinks,
translation parity, the generator's deletions, the README's storage claim, tracking parameters in
copied links, a quadratic regex. Each test fails without its fix.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from pagegen import csp
from test_data import assert_rejected, edit, run_generator, snapshot

OPT_OUT = "data/opt-out.yml"
TIMELINE = "data/timeline.yml"
SOURCES = "data/sources.yml"
RIGHTS = "data/rights.yml"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def _build(project: Path, site: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    return mkdocs_build(project, site, site_url)


# H1: the CSP allows an inline script only when a template rendered it, in its template's shape.

def _main_loader_script() -> str:
    source = (ROOT / "overrides/main.html").read_text(encoding="utf-8")
    return next(m.group("body") for m in csp.INLINE_SCRIPT.finditer(source) if "material_bundle" in m.group("body"))


def test_a_copied_template_script_with_its_own_code_fails_the_build(project, tmp_path):
    body = _main_loader_script()
    hole = re.search(r"\{\{.*?\}\}", body).group(0)
    evil = body.replace(hole, "(document.body.setAttribute('data-pwned',document.domain),"
                              "fetch('/x?'+location.pathname),'assets/javascripts/bundle.min.js')")
    if evil.count('"(document') == 1:  # the hole sits in quotes: the attacker closes them
        evil = evil.replace('"(document', '""+(document').replace("bundle.min.js')\"", "bundle.min.js')+\"\"")
    for lang in ("en", "nl", "fr"):
        page = project / f"docs/about.{lang}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n\n<script>{evil}</script>\n", encoding="utf-8")
    result = _build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "an inline script that no template ships" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_an_exact_copy_of_a_template_script_in_a_page_is_refused_too():
    """The shape alone is not enough: the text must come out of a template."""
    allowed = csp.template_scripts([ROOT / "overrides"])
    body = _main_loader_script().replace(re.search(r"\{\{.*?\}\}", _main_loader_script()).group(0), "x.js")
    page = f"<html><head></head><body><script>{body}</script></body></html>"
    assert any(p.fullmatch(body) for p in allowed)
    with pytest.raises(csp.UnknownInlineScript):
        csp.with_csp(page, allowed, rendered=set())
    assert "sha256-" in csp.with_csp(page, allowed, rendered={body})


@pytest.mark.parametrize("script", ['s.src={{ x | tojson }};', "f({{ x }})", "var a=`{{ x }}`", 'var a="b"+{{ x }}'])
def test_a_template_expression_outside_a_string_literal_is_refused(script):
    with pytest.raises(csp.UnsafeTemplateScript, match="outside a string literal"):
        csp.script_pattern(script, "t.html")


def test_every_template_expression_in_a_script_sits_in_a_string_literal():
    import material
    csp.template_scripts([ROOT / "overrides", Path(material.__file__).parent / "templates"])  # raises if not


def test_a_hole_cannot_end_its_string():
    pattern = csp.script_pattern('s.src="{{ x }}";', "t.html")
    assert pattern.fullmatch('s.src="../assets/b.js";')
    for value in ['";alert(1);"', "\\", "</script>", "a\nb", "`"]:
        assert not pattern.fullmatch(f's.src="{value}";'), value


# H2: caches are only speed.

def _old_fingerprint(root: Path) -> str:
    """The fingerprint the hook used to trust .cache/pagegen-state.json with: anyone can compute it."""
    import hashlib
    import os
    files = [*(root / "data").rglob("*"), root / "mkdocs.yml", *(root / "scripts" / "pagegen").glob("*.py"),
             *(root / "docs").glob("*.md")]
    digest = hashlib.sha256()
    digest.update(os.environ.get("SITE_URL", "").encode() + b"\0")
    for path in sorted(f for f in files if f.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def test_a_committed_generator_state_file_never_stands_in_for_validated_data(project, tmp_path):
    import yaml
    assert _build(project, tmp_path / "site1").returncode == 0
    data = yaml.safe_load((project / OPT_OUT).read_text(encoding="utf-8"))
    data["settings_link"]["url"] = "https://www.linkedin-privacy-check.example/login"
    updates = yaml.safe_load((project / "data/updates.yml").read_text(encoding="utf-8"))
    updates["entries"][0]["title"]["en"] = "URGENT: LinkedIn will delete accounts that do not re-verify"
    schema = json.loads((project / "data/schema/opt-out.schema.json").read_text(encoding="utf-8"))
    state = {"fingerprint": _old_fingerprint(project), "export": {"data": data, "schema": schema}, "updates": updates}
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache/pagegen-state.json").write_text(json.dumps(state), encoding="utf-8")
    result = _build(project, tmp_path / "site2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "linkedin-privacy-check" not in (tmp_path / "site2/data/opt-out.json").read_text(encoding="utf-8")
    assert "URGENT" not in (tmp_path / "site2/updates/feed.xml").read_text(encoding="utf-8")


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@localhost", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@localhost", "PATH": "/usr/bin:/bin", "HOME": str(project)})


@pytest.mark.parametrize("cached", [".cache/slim-css-0123.json", "social-cards/cache/0123.png", ".cache/pagegen-state.json"])
def test_the_build_refuses_a_cache_that_git_tracks(project, capsys, cached):
    (project / cached).parent.mkdir(parents=True, exist_ok=True)
    (project / cached).write_text("{}", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-f", cached)
    assert_rejected(project, capsys, cached, "git tracks", "cache folder")


def test_no_cache_is_tracked_in_this_repository():
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--", ".cache", "social-cards/cache"],
                             capture_output=True, text=True, check=True).stdout.split()
    assert tracked == []


# M3: every Python package pinned with hashes and installed with hash checking; actions by SHA.

def _locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a pip-compile lock file."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        assert match, f"{path.name}: not a pinned, hashed line: {line[:80]}"
        found[match.group(1).lower()] = (match.group(2), re.findall(r"sha256:([0-9a-f]{64})", match.group(3)))
    return found


@pytest.mark.parametrize("lock, source", [("requirements.txt", "requirements.in"),
                                          ("requirements-test.txt", "requirements-test.in")])
def test_every_python_package_is_pinned_with_hashes(lock, source):
    locked = _locked(ROOT / lock)
    wanted = [re.match(r"[A-Za-z0-9._-]+", line).group(0).lower()
              for line in (ROOT / source).read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith(("#", "-"))]
    assert wanted and all(name in locked for name in wanted), set(wanted) - set(locked)
    assert len(locked) > len(wanted)  # the indirect packages are in the lock too
    if lock == "requirements-test.txt":
        assert "pytest-xdist" in locked
        build = _locked(ROOT / "requirements.txt")
        assert all(locked[name] == build[name] for name in build if name in locked)  # one version of each


def test_the_installed_packages_are_those_of_the_lock_files():
    from importlib import metadata
    locked = {**_locked(ROOT / "requirements.txt"), **_locked(ROOT / "requirements-test.txt")}
    for name in ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "pygments", "pytest"):
        assert metadata.version(name) == locked[name][0], name


def test_every_install_checks_the_hashes():
    scripts = {path: (ROOT / path).read_text(encoding="utf-8") for path in
               ("Makefile", "scripts/make_venv.sh", "scripts/install_test_tools.sh",
                ".github/workflows/external-links.yml")}
    for path, text in scripts.items():
        installs = [line for line in re.findall(r"pip\"? install[^\n]*", text) if "pip-tools" not in line]
        assert installs, path
        assert all("--require-hashes" in line for line in installs), (path, installs)


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    uses = [line for path in sorted((ROOT / ".github/workflows").glob("*.yml"))
            for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"\s*-?\s*uses:", line)]
    assert uses
    for line in uses:
        assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


def test_dependabot_proposes_updates_for_pip_npm_and_actions():
    import yaml
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert {entry["package-ecosystem"] for entry in config["updates"]} == {"pip", "npm", "github-actions"}


# M1: data is text, block syntax included.

def _site_markdown(markdown: str) -> str:
    import markdown as md
    import yaml

    class _Ignore(yaml.SafeLoader):
        pass
    _Ignore.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Ignore)
    extensions, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        extensions.append(name)
        if options:
            configs[name] = options
    return md.markdown(markdown, extensions=extensions, extension_configs=configs)


BLOCK_OPENERS = ['???+ danger "Your LinkedIn account was suspended: call +1 555 0100"', "??? note", "!!! warning",
                 "~~~", "~~~ text", "```", "=== \"Tab\"", "/// note", "| a | b |", ": definition", "[^1]: note",
                 "*[HTML]: Hyper", "> quote", "# heading", "- item", "1. item", "---", "+ item"]


@pytest.mark.parametrize("value", BLOCK_OPENERS)
def test_a_block_opener_at_the_start_of_a_data_string_stays_text(value):
    from pagegen.text import inline, plain
    for rendered in (plain(value), inline(value)):
        html = _site_markdown(f"Before\n\n{rendered}\n\nAfter a [link](x.md)")
        assert not re.search(r"<(?!/?(p|a|em|strong|span)\b)", html), (value, html)
        # Also as the second line of a list item and in a table cell's neighbour.
        assert "<details" not in _site_markdown(f"- {rendered}\n") and "<pre" not in _site_markdown(f"- {rendered}\n")


@pytest.mark.parametrize("value", ["???+ danger", "~~~", "!!! note", "```"])
def test_block_openers_are_refused_in_plain_and_inline_fields(value):
    from pagegen.text import inline_problems, plain_problems
    assert any("Markdown block" in p for p in plain_problems(value + " x"))
    assert any("Markdown block" in p or "backticks" in p for p in inline_problems(value + " x"))


def test_a_details_box_in_a_data_text_is_refused(project, capsys):
    line = edit(project, RIGHTS, '    nl: "Heb je bezwaar gemaakt en niets meer gehoord?',
                '    nl: "???+ danger \\"Your LinkedIn account was suspended: call +1 555 0100\\" Heb je bezwaar gemaakt?')
    assert_rejected(project, capsys, f"{RIGHTS}:{line}:", "page.intro.nl", "Markdown block")


# M2: visible text only.

INVISIBLE = {"tag characters": "Data privacy" + "".join(chr(0xE0000 + ord(c)) for c in "ignore previous instructions"),
             "zero-width space": "Data\u200b privacy", "soft hyphen": "Set\u00adtings",
             "word joiner and BOM": "Settings\u2060\ufeff", "annotation marks": "a\ufff9b\ufffac\ufffb",
             "private use": "a\ue000", "unassigned tag-block code point": "a\U000e0080",
             "zero-width joiner": "Data\u200dprivacy", "unassigned": "a\u0378"}


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_characters_mixed_with_visible_text_are_refused(name):
    from pagegen.text import inline_problems, plain_problems
    assert plain_problems(INVISIBLE[name]) and inline_problems(INVISIBLE[name]), name


def test_visible_text_of_the_sites_languages_passes():
    from pagegen.text import inline_problems, plain_problems
    for value in ["Vous pouvez porter plainte\u202f?", "« Paramètres »", "Gegevens\u00a0delen", "Ça, l’été — 1 · 2 … €"]:
        assert plain_problems(value) == [] and inline_problems(value) == [], value


@pytest.mark.parametrize("url", ["https://www.linkedin.com/\u200bsettings", "https://www.linkedin.com/p\u0430th",
                                 "https://www.linkedin.com/a?q=\u00e9"])
def test_a_url_with_a_non_ascii_character_is_refused(url):
    from pagegen.text import url_problems
    assert any("ASCII" in p for p in url_problems(url, {"www.linkedin.com"}))
    assert url_problems("https://www.linkedin.com/p%D0%B0th", {"www.linkedin.com"}) == []


def test_a_zero_width_space_in_a_label_is_refused(project, capsys):
    line = edit(project, OPT_OUT, "en: {text: Settings & Privacy,", "en: {text: \"Settings\\u200b & Privacy\",")
    assert_rejected(project, capsys, f"{OPT_OUT}:{line}:", "invisible format character (U+200B)")


# L1: one line for every failure, never a traceback.

def _reviewed_line(project: Path, relative: str) -> str:
    return re.search(r"^reviewed: .*$", (project / relative).read_text(encoding="utf-8"), re.M).group(0)


def test_a_source_url_that_is_no_address_is_one_line(project, capsys):
    line = edit(project, SOURCES, "    url: https://classaction.org/news/", '    url: "https://[oops/"\n    old_url: https://classaction.org/news/')
    edit(project, SOURCES, '    old_url: ', '    # ')
    assert_rejected(project, capsys, f"{SOURCES}:{line}:", "url")


def test_a_fullwidth_number_sign_in_a_links_host_is_one_line(project, capsys):
    line = edit(project, TIMELINE, '      en: "LinkedIn goes online.',
                '      en: "[LinkedIn](https://www.linkedin.com\uff03@evil.example/) goes online.')
    assert_rejected(project, capsys, f"{TIMELINE}:{line}:", "events[linkedin-launch].text.en", "not a valid web address")


@pytest.mark.parametrize("old, new, problem", [
    (None, 'reviewed: "2025-13"', "reviewed is not a real date"),
    (None, "reviewed: 2025-02-30", "front matter cannot be read (not a real date"),
    (None, "reviewed: [1]", "reviewed must be a date"),
    ("title: Over deze site", "title: {x: '<a href=//evil.example>Log in</a>'}", "title must be text"),
])
def test_bad_front_matter_in_a_hand_written_page_is_one_line(project, capsys, old, new, problem):
    edit(project, "docs/about.nl.md", old or _reviewed_line(project, "docs/about.nl.md"), new)
    assert_rejected(project, capsys, "docs/about.nl.md:1:", problem)


def test_a_very_long_site_url_fails_the_build_with_one_line(project, tmp_path):
    result = _build(project, tmp_path / "site", "https://example.org/" + "a" * 2400 + "/")
    assert result.returncode != 0 and "characters long" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr and not (tmp_path / "site/index.html").exists()


def test_bad_front_matter_fails_the_build_with_one_line_not_a_traceback(project, tmp_path):
    edit(project, "docs/about.nl.md", _reviewed_line(project, "docs/about.nl.md"), 'reviewed: "2025-13"')
    result = _build(project, tmp_path / "site")
    assert result.returncode != 0 and "reviewed is not a real date" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# L2: the local server closes idle connections.

def test_the_local_server_closes_an_idle_or_half_sent_connection(tmp_path):
    import socket
    import time
    from serve_static import PagesHandler, SiteServer
    (tmp_path / "index.html").write_text("<p>x</p>", encoding="utf-8")
    assert 0 < PagesHandler.timeout <= 10
    with SiteServer(tmp_path) as server:
        idle = socket.create_connection(("127.0.0.1", server.port))
        half = socket.create_connection(("127.0.0.1", server.port))
        half.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        start = time.monotonic()
        for sock in (idle, half):
            sock.settimeout(PagesHandler.timeout + 20)
            while sock.recv(1024):  # the server ends the connection (after a 408 at most)
                pass
            sock.close()
        assert time.monotonic() - start < PagesHandler.timeout + 20


# L3: no symbolic link under docs/ or data/.

@pytest.mark.parametrize("link", ["docs/assets/fonts.css", "docs/assets/etc", "data/extra.yml"])
def test_a_symbolic_link_in_docs_or_data_is_refused(project, capsys, tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (project / link).symlink_to(outside if link.endswith("etc") else outside / "passwd")
    assert_rejected(project, capsys, link, "symbolic link")


def test_the_repository_has_no_symbolic_link_in_docs_or_data():
    for folder in ("docs", "data"):
        assert not [p for p in (ROOT / folder).rglob("*") if p.is_symlink()]


# L4: translations keep every anchor and every front-matter key.

def test_a_heading_or_raw_id_only_in_one_translation_is_refused(project, capsys):
    page = project / "docs/about.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## A new section only in English\n", encoding="utf-8")
    assert_rejected(project, capsys, "docs/about.en.md:", "heading without an anchor")
    page.write_text(page.read_text(encoding="utf-8").replace("## A new section only in English\n",
                                                             '<a id="contact-form"></a>Text.\n'), encoding="utf-8")
    assert_rejected(project, capsys, "docs/about.nl.md", "anchor #contact-form of docs/about.en.md")


def test_an_anchor_like_text_inside_a_sentence_is_no_anchor():
    from pagegen.translations import anchors
    assert anchors("Write {#id} after a heading to name it.\n\n## Title {#title}\n[x](y){: #z} and text") == {
        "title": 3, "z": 4}


@pytest.mark.parametrize("added, problem", [
    ("template: 404.html\n", "template is not in docs/about.en.md"),
    ("search:\n  exclude: true\n", "search is not in docs/about.en.md"),
    ("subtitle: x\n", "subtitle is not in docs/about.en.md"),
])
def test_a_front_matter_key_only_in_one_translation_is_refused(project, capsys, added, problem):
    reviewed = _reviewed_line(project, "docs/about.fr.md") + "\n"
    edit(project, "docs/about.fr.md", reviewed, reviewed + added)
    assert_rejected(project, capsys, "docs/about.fr.md:1:", problem)


def test_a_build_setting_in_the_front_matter_is_the_same_in_every_translation(project, capsys):
    edit(project, "docs/index.fr.md", "template: home.html", "template: 404.html")
    assert_rejected(project, capsys, "docs/index.fr.md:1:", "template must be the same as in docs/index.en.md")


# L5: the generator removes only files it wrote.

def test_a_hand_written_file_named_like_a_generated_one_is_kept(project, capsys):
    notes = project / "docs/share.notes.md"
    notes.write_text("# my notes\n", encoding="utf-8")
    code, err = run_generator(project, capsys)
    assert code == 0, err
    assert notes.read_text(encoding="utf-8") == "# my notes\n"


# L6: the README says where the palette is kept.

def test_the_readme_says_the_palette_is_in_local_storage():
    for name in ("README.md", "CONTRIBUTING.md"):
        text = " ".join((ROOT / name).read_text(encoding="utf-8").split())
        assert "palette preference, in local storage" in text, name
        assert "palette preference and a dismissed language offer, in session storage" not in text, name


# L7: a copied section link carries no query (tracking parameters).

def test_the_copied_section_link_drops_the_query():
    script = (ROOT / "docs/assets/site.js").read_text(encoding="utf-8")
    copied = re.search(r"var address = ([^;]+);", script).group(1)
    assert "split(/[?#]/)[0]" in copied and 'split("#")' not in copied


# L8: the anchor scan is linear in the line's length.

@pytest.mark.parametrize("line", ["{" + "#a" * 100_000, "{" * 200_000 + "#a", "{#a" + "a" * 200_000,
                                  "`" * 200_000, "".join("a" + "`" * i for i in range(1, 600)), "<!--" * 50_000])
def test_the_anchor_scan_ends_quickly_on_a_long_hostile_line(line):
    # A quadratic scan takes minutes on these; a linear one a fraction of a second. The limit is
    # generous so a busy machine does not fail it.
    script = ("import sys; sys.path.insert(0, 'scripts'); from pagegen.translations import anchors, "
              "headings_without_anchor; t = sys.stdin.read(); anchors(t); headings_without_anchor('## ' + t)")
    subprocess.run([__import__("sys").executable, "-c", script], input=line, text=True, cwd=ROOT, timeout=60,
                   check=True)
