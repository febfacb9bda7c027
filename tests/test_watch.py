"""The weekly watch on LinkedIn's documents (scripts/watch_terms.py, data/watch.json).

Every GitHub answer here is a recorded one (tests/fixtures/watch/, taken from the Open Terms Archive
repositories as they stood on 22 August 2026); a request for anything else fails the test, so the
tests never touch the network.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import urllib.parse
from datetime import datetime, timezone

import jsonschema
import pytest
import yaml

from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
import watch_terms  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "watch"
WATCH = json.loads((ROOT / "data" / "watch.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((ROOT / "data" / "schema" / "watch.schema.json").read_text(encoding="utf-8"))
VLOPSES, PGA = "OpenTermsArchive/vlopses-ie-versions", "OpenTermsArchive/pga-versions"
HERE = "linkedin-ai-explainer/linkedin-ai-explainer.github.io"
ISSUES = f"{watch_terms.API}/repos/{HERE}/issues"


def _recorded(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


RECORDED = {
    watch_terms.commits_url(VLOPSES, "LinkedIn/Privacy Policy.md"): "vlopses-privacy-policy.json",
    watch_terms.commits_url(VLOPSES, "LinkedIn/Terms of Service.md"): "vlopses-terms-of-service.json",
    watch_terms.commits_url(VLOPSES): "vlopses-newest.json",
    watch_terms.commits_url(PGA, "LinkedIn/Privacy Policy.md"): "pga-privacy-policy.json",
    watch_terms.commits_url(PGA, "LinkedIn/Terms of Service.md"): "pga-terms-of-service.json",
    watch_terms.commits_url(PGA): "pga-newest.json",
}


class FakeGitHub:
    """Answers GET requests from the recordings; records every write."""

    def __init__(self, issues: str = "issues-none.json", all_issues: str = "issues-none.json"):
        self.answers = {url: _recorded(name) for url, name in RECORDED.items()}
        self.issues, self.all_issues = _recorded(issues), _recorded(all_issues)
        self.writes: list[tuple[str, str, dict]] = []

    def __call__(self, method: str, url: str, body: dict | None = None):
        if method == "GET" and url in self.answers:
            return self.answers[url]
        if method == "GET" and url.startswith(ISSUES + "?"):
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
            return self.issues if query.get("labels") == [watch_terms.LABEL] else self.all_issues
        if method in ("POST", "PATCH") and url.startswith(ISSUES):
            self.writes.append((method, url, body))
            return {"number": 43}
        raise AssertionError(f"unrecorded request: {method} {url}")


AFTER_LAST_CAPTURE = datetime(2026, 8, 25, tzinfo=timezone.utc)
TODAY = datetime(2026, 12, 7, tzinfo=timezone.utc)


def _watch_with(tmp_path, change):
    root = copy_project(tmp_path)
    data = json.loads((root / "data" / "watch.json").read_text(encoding="utf-8"))
    change(data)
    (root / "data" / "watch.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return root


def _older_notice_reviewed(data):
    notice = next(d for d in data["documents"] if d["id"] == "european-notice")
    notice["reviewed"] = {"commit": "bc7d59e9d4f6f5e3b2927e9c0ec82f7283d3a9b8", "date": "2025-11-04"}


# The data

def test_the_watch_data_follows_its_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(WATCH, SCHEMA)


def test_the_site_watches_the_privacy_policy_the_european_notice_and_the_user_agreement():
    names = " | ".join(document["name"] for document in WATCH["documents"])
    for name in ("Privacy Policy", "European Regional Privacy Notice", "User Agreement"):
        assert name in names
    for document in WATCH["documents"]:
        assert document["repository"] in (VLOPSES, PGA)
        assert re.fullmatch(r"LinkedIn/[^/]+\.md", document["path"])
        for page in document["pages"]:
            assert (ROOT / "docs" / f"{page}.en.md").is_file(), f"{document['id']}: no page {page}"


def test_the_reviewed_versions_are_the_recorded_newest_ones():
    """As committed, the watch has nothing to report about the documents themselves."""
    report = watch_terms.check(WATCH, FakeGitHub(), AFTER_LAST_CAPTURE)
    assert report == {"changed": [], "missing": [], "quiet": []}


def test_a_missing_field_is_one_line_naming_file_and_entry(tmp_path, capsys):
    root = _watch_with(tmp_path, lambda data: data["documents"][1]["reviewed"].pop("commit"))
    with pytest.raises(watch_terms.WatchError) as error:
        watch_terms.load_watch(root)
    assert str(error.value) == "data/watch.json: documents[european-notice].reviewed: missing field 'commit'"


def test_a_page_that_does_not_exist_is_refused(tmp_path):
    root = _watch_with(tmp_path, lambda data: data["documents"][0]["pages"].append("no-such-page"))
    with pytest.raises(watch_terms.WatchError, match=r"pages: no page docs/no-such-page\.en\.md"):
        watch_terms.load_watch(root)


# What the watch reports

def test_a_newer_version_names_the_document_both_dates_the_change_and_the_pages(tmp_path):
    root = _watch_with(tmp_path, _older_notice_reviewed)
    body = watch_terms.run(root, FakeGitHub(), AFTER_LAST_CAPTURE, HERE, dry_run=True)
    assert "### LinkedIn European Regional Privacy Notice" in body
    assert "Version reviewed: 2025-11-04" in body and "Newest version: 2026-08-22" in body
    assert (f"https://github.com/{PGA}/compare/bc7d59e9d4f6f5e3b2927e9c0ec82f7283d3a9b8"
            "...185513a07a9e6cdecc1d74b10da5f70f542b7881") in body
    for page in ("opt-out", "timeline", "regulators", "rights"):
        assert f"docs/{page}.{{en,nl,fr}}.md" in body
    assert "Privacy Policy\n" not in body.replace("European Regional Privacy Notice", "")  # only that one
    assert "gone quiet" not in body


def test_the_archive_gone_quiet_is_said_plainly():
    """The copies end on 22 August 2026; on 7 December 2026 that is fifteen weeks of silence."""
    report = watch_terms.check(WATCH, FakeGitHub(), TODAY)
    assert [item["repository"] for item in report["quiet"]] == [PGA, VLOPSES]
    body = watch_terms.issue_body(report, WATCH["quiet_after_weeks"])
    assert f"The archive has gone quiet: {VLOPSES}" in body
    assert "No new commit in the whole repository since 2026-08-22 (15 weeks)" in body
    assert "this watch cannot see changes to LinkedIn's documents" in body


def test_nothing_to_report_writes_nothing():
    github = FakeGitHub()
    message = watch_terms.run(ROOT, github, AFTER_LAST_CAPTURE, HERE, dry_run=False)
    assert message.startswith("all watched documents are at their reviewed versions")
    assert github.writes == []


# The one issue

def test_the_first_report_opens_one_labelled_issue(tmp_path):
    root = _watch_with(tmp_path, _older_notice_reviewed)
    github = FakeGitHub()
    assert watch_terms.run(root, github, AFTER_LAST_CAPTURE, HERE, dry_run=False) == "opened issue #43"
    [(method, url, body)] = github.writes
    assert (method, url) == ("POST", ISSUES)
    assert body["labels"] == [watch_terms.LABEL] and body["title"] == watch_terms.TITLE
    assert "LinkedIn European Regional Privacy Notice" in body["body"]


def test_a_later_report_updates_the_open_issue_found_by_its_label(tmp_path):
    root = _watch_with(tmp_path, _older_notice_reviewed)
    github = FakeGitHub(issues="issues-open.json")
    assert watch_terms.run(root, github, TODAY, HERE, dry_run=False) == "updated issue #42"
    [(method, url, body)] = github.writes
    assert (method, url) == ("PATCH", f"{ISSUES}/42")
    assert "gone quiet" in body["body"] and "Version reviewed: 2025-11-04" in body["body"]


def test_an_open_issue_without_its_label_is_found_by_its_title():
    github = FakeGitHub(issues="issues-none.json", all_issues="issues-open.json")
    assert watch_terms.run(ROOT, github, TODAY, HERE, dry_run=False) == "updated issue #42"


def test_a_github_error_is_one_line_and_exit_2(monkeypatch, capsys):
    def failing(token):
        def request(method, url, body=None):
            raise watch_terms.WatchError(f"GitHub answered 403 to {method} {url}")
        return request
    monkeypatch.setattr(watch_terms, "github", failing)
    assert watch_terms.main(["--dry-run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: GitHub answered 403 to GET https://api.github.com/repos/")


# The script and its workflow

def test_the_script_needs_only_the_standard_library():
    tree = ast.parse((ROOT / "scripts" / "watch_terms.py").read_text(encoding="utf-8"))
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    assert modules - {"__future__"} <= set(sys.stdlib_module_names), modules


WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "watch.yml").read_text(encoding="utf-8"))


def test_the_workflow_runs_weekly_with_only_the_permissions_it_needs():
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as true
    [schedule] = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    assert WORKFLOW["permissions"] == {}, "nothing for the workflow as a whole; each job asks for its own"
    for job in WORKFLOW["jobs"].values():
        assert job["permissions"] == {"contents": "read", "issues": "write"}
        run = " ".join(step.get("run", "") for step in job["steps"])
        assert "scripts/watch_terms.py" in run and "pip" not in run


def test_the_workflow_pins_actions_by_full_commit_sha():
    for job in WORKFLOW["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    text = (ROOT / ".github" / "workflows" / "watch.yml").read_text(encoding="utf-8")
    assert re.search(r"@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", text, flags=re.M), "a version comment after the SHA"


def test_the_watch_never_blocks_a_deploy():
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "watch_terms" not in deploy and "watch.yml" not in deploy
    assert "workflow_run" not in json.dumps(WORKFLOW.get("on", WORKFLOW.get(True)))
