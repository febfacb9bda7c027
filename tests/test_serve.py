"""`mkdocs serve` (the README's `make serve`) on a data edit: exactly one rebuild, which shows the
edit; and bad data leaves the last good site served, with the problem named in the terminal.

The server runs from a copy of the project on a free port of 127.0.0.1; every wait has a limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import copy_project
from serve_static import free_port

BUILD_STARTED = "Building documentation"
RELOADED = "Reloading browsers"
HEADING = "    en: The quickest way\n"  # in data/opt-out.yml: ui.quick_heading.en
SETTLE = 4.0  # seconds without a new build after the edit shows: a second rebuild starts within ~1 s


class Server:
    """`mkdocs serve` in a subprocess, its log lines collected as they come."""

    def __init__(self, project, port):
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def count(self, text: str, since: int = 0) -> int:
        return sum(text in line for line in self.lines[since:])

    def wait_for_line(self, text: str, since: int = 0, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.count(text, since):
            assert self.process.poll() is None, "mkdocs serve exited:\n" + "\n".join(self.lines)
            assert time.monotonic() < deadline, f"no {text!r} within {timeout} s:\n" + "\n".join(self.lines)
            time.sleep(0.2)

    def page(self, path: str, timeout: float = 10) -> str:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.read().decode("utf-8")

    def wait_for_page(self, path: str, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if text in self.page(path):
                    return
            except (TimeoutError, urllib.error.URLError):  # MkDocs holds requests while it rebuilds, which a busy machine makes slow
                pass
            assert time.monotonic() < deadline, f"{text!r} not on /{path} within {timeout} s:\n" + "\n".join(self.lines)
            time.sleep(0.3)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


@pytest.fixture
def server(tmp_path):
    project = copy_project(tmp_path / "project")
    served = Server(project, free_port())
    served.project = project
    try:
        served.wait_for_line("Serving on")
        yield served
    finally:
        served.stop()


def write_heading(project, heading: str) -> None:
    """data/opt-out.yml with the English quick heading replaced by `heading` (a YAML value)."""
    data = project / "data" / "opt-out.yml"
    original = project / "opt-out.yml.original"
    if not original.exists():
        original.write_text(data.read_text(encoding="utf-8"), encoding="utf-8")
    text = original.read_text(encoding="utf-8")
    assert text.count(HEADING) == 1, f"{HEADING!r} is no longer in data/opt-out.yml once: update this test"
    data.write_text(text.replace(HEADING, f"    en: {heading}\n"), encoding="utf-8")


def test_a_data_edit_rebuilds_once_and_bad_data_keeps_the_last_good_site(server):
    assert "The quickest way" in server.page("opt-out/")

    since = len(server.lines)
    write_heading(server.project, "The fastest way")
    server.wait_for_page("opt-out/", "The fastest way")
    time.sleep(SETTLE)
    assert server.count(BUILD_STARTED, since) == 1, "\n".join(server.lines[since:])
    assert server.count(RELOADED, since) == 1, "\n".join(server.lines[since:])

    since = len(server.lines)
    write_heading(server.project, '""')
    server.wait_for_line("ui.quick_heading.en: must not be empty", since, timeout=30)
    time.sleep(SETTLE)
    assert server.count(BUILD_STARTED, since) == 0, "\n".join(server.lines[since:])
    assert server.count("ui.quick_heading.en: must not be empty", since) == 1, "\n".join(server.lines[since:])
    assert "The fastest way" in server.page("opt-out/"), "the last good site is no longer served"

    since = len(server.lines)
    write_heading(server.project, "The quickest way, again")
    server.wait_for_page("opt-out/", "The quickest way, again")
    time.sleep(SETTLE)
    assert server.count(BUILD_STARTED, since) == 1, "\n".join(server.lines[since:])
