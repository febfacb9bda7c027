"""The set-up scripts behind `make serve` and `make test` on machines unlike this one.

Each test runs scripts/make_venv.sh or scripts/install_test_tools.sh with a PATH that holds only
a few real basic commands and stand-ins: tiny shell scripts that print a version (python3, node,
a browser) or only record that they were called (pip, apt-get, npm). So an old Python, an old
Node.js, Ubuntu's snap Chromium or a Mac without apt-get can be checked here, without another
machine and without installing anything. A check that fails must say in ONE line what to do,
exit non-zero, and install nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

# Real commands the scripts use besides the ones the tests stand in for.
BASICS = ["bash", "env", "dirname", "head", "grep", "sed", "readlink", "rm", "mkdir", "cp", "chmod"]
CHROMIUM_VERSION = 'echo "Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)"'
READY = {  # a machine with everything the tests need, as far as the install script can tell
    "node": 'echo "v22.11.0"',
    "npm": "",
    "java": 'echo "openjdk version \\"17.0.13\\"" >&2',
    "w3m": "",
    "uname": 'echo "Linux"',
    "id": 'echo "0"',
}


class Machine:
    """A PATH of stand-ins in tmp_path; `calls` lists what the script ran of them."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        self.log = tmp_path / "calls.log"
        self.log.touch()
        for tool in BASICS:
            (self.bin / tool).symlink_to(shutil.which(tool))
        self.venv = tmp_path / "venv"
        self.stand_in("pip", "", folder=self.venv / "bin")
        self.env = {"PATH": str(self.bin), "HOME": str(tmp_path), "LANG": "C.UTF-8"}

    def stand_in(self, name: str, body: str, folder: Path | None = None) -> Path:
        """An executable `name` that records its arguments, then runs `body` (sh)."""
        folder = folder or self.bin
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{self.log}"\n{body}\n', encoding="utf-8")
        path.chmod(0o755)
        return path

    def browser(self, body: str = CHROMIUM_VERSION, name: str = "chromium") -> Path:
        """A browser outside bin/, named by $CHROMIUM as the README says."""
        path = self.stand_in(name, body, folder=self.root / "browser")
        self.env["CHROMIUM"] = str(path)
        return path

    def run(self, script: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([shutil.which("bash"), str(ROOT / "scripts" / script), *args], env=self.env,
                              capture_output=True, text=True, timeout=60)

    @property
    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def machine(tmp_path) -> Machine:
    return Machine(tmp_path)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The single line a failed check prints, after asserting that it is one line and fails."""
    assert result.returncode != 0, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert not result.stdout.strip(), result.stdout
    return lines[0]


def installed_anything(machine: Machine) -> bool:
    return any(call.startswith(("pip ", "apt-get install", "npm ci", "python3 -m venv")) for call in machine.calls)


# scripts/make_venv.sh: the virtualenv, first step of `make serve` and `make test`

def test_python_older_than_3_11_stops_before_pip(machine):
    machine.stand_in("python3", 'echo "Python 3.10.12"')
    message = one_line_error(machine.run("make_venv.sh", "python3", str(machine.root / "new-venv")))
    assert "Python 3.10" in message and "3.11 or newer" in message and "PYTHON=" in message
    assert machine.calls == ["python3 --version"]
    assert not (machine.root / "new-venv").exists()


def test_python_without_venv_module_names_the_package_and_leaves_nothing(machine):
    # Debian's Python without python3-venv: venv makes the folder, then fails on ensurepip.
    machine.stand_in("python3", 'case "$1" in --version) echo "Python 3.11.2";;'
                                ' -m) mkdir -p "$3/bin"; echo "ensurepip is not available" >&2; exit 1;; esac')
    venv = machine.root / "new-venv"
    message = one_line_error(machine.run("make_venv.sh", "python3", str(venv)))
    assert "apt-get install python3.11-venv" in message
    assert not venv.exists()
    assert not any(call.startswith("pip ") for call in machine.calls)


def test_missing_python_says_what_to_install(machine):
    message = one_line_error(machine.run("make_venv.sh", "python3", str(machine.root / "new-venv")))
    assert "python3 not found" in message and "3.11" in message


def test_python_3_12_makes_the_virtualenv_and_installs_the_site_packages(machine):
    pip = machine.stand_in("pip-template", "")
    machine.stand_in("python3", 'case "$1" in --version) echo "Python 3.12.3";;'
                                f' -m) mkdir -p "$3/bin"; cp "{pip}" "$3/bin/pip"; cp "{pip}" "$3/bin/python";; esac')
    result = machine.run("make_venv.sh", "python3", str(machine.root / "new-venv"))
    assert result.returncode == 0, result.stderr
    assert f"python3 -m venv {machine.root / 'new-venv'}" in machine.calls
    assert any(call.startswith("pip-template install") and "--require-hashes -r requirements.txt" in call for call in machine.calls)


def test_an_existing_virtualenv_is_kept_and_brought_up_to_date(machine):
    machine.stand_in("python", 'echo "Python 3.11.7"', folder=machine.venv / "bin")
    result = machine.run("make_venv.sh", "python3", str(machine.venv))
    assert result.returncode == 0, result.stderr
    assert not any(" -m venv" in call for call in machine.calls)
    assert any(call.startswith("pip install") and "--require-hashes -r requirements.txt" in call for call in machine.calls)


def test_a_virtualenv_made_by_an_old_python_is_named(machine):
    machine.stand_in("python", 'echo "Python 3.9.18"', folder=machine.venv / "bin")
    message = one_line_error(machine.run("make_venv.sh", "python3", str(machine.venv)))
    assert "made with Python 3.9" in message and f"remove {machine.venv}" in message
    assert not any(call.startswith("pip ") for call in machine.calls)


# scripts/install_test_tools.sh: what `make test` adds

def test_a_ready_machine_gets_only_the_python_packages(machine):
    for name, body in READY.items():
        machine.stand_in(name, body)
    machine.browser()
    result = machine.run("install_test_tools.sh", str(machine.venv))
    assert result.returncode == 0, result.stderr
    assert any(call.startswith("pip install") and "--require-hashes -r requirements-test.txt" in call for call in machine.calls)
    assert not any(call.startswith("apt-get") for call in machine.calls)


def test_node_older_than_20_stops_before_installing(machine):
    for name, body in READY.items():
        machine.stand_in(name, body)
    machine.stand_in("node", 'echo "v18.19.0"')
    machine.browser()
    message = one_line_error(machine.run("install_test_tools.sh", str(machine.venv)))
    assert "Node.js v18.19.0 is too old" in message and "Node.js 20 or newer" in message
    assert not installed_anything(machine)


def test_apt_offering_an_old_node_stops_before_installing_it(machine):
    # Debian 12 without Node.js: apt-get would bring Node.js 18.
    for name, body in READY.items():
        if name not in ("node", "npm"):
            machine.stand_in(name, body)
    machine.stand_in("apt-get", "")
    machine.stand_in("apt-cache", 'echo "$2:"; echo "  Installed: (none)"; echo "  Candidate: 18.19.0+dfsg-6~deb12u2"')
    machine.browser()
    message = one_line_error(machine.run("install_test_tools.sh", str(machine.venv)))
    assert "apt-get offers Node.js 18.19.0" in message and "Node.js 20 or newer" in message
    assert "apt-get update -qq" in machine.calls
    assert not installed_anything(machine)


def test_ubuntu_snap_wrapper_is_refused_with_what_to_do(machine):
    for name, body in READY.items():
        machine.stand_in(name, body)
    # The shape of Ubuntu's wrapper: a script that starts the snap.
    machine.browser('[ -x /snap/bin/chromium ] || exit 1\nexec /snap/bin/chromium "$@"')
    message = one_line_error(machine.run("install_test_tools.sh", str(machine.venv)))
    assert "snap wrapper" in message and "CHROMIUM=/usr/bin/google-chrome make test" in message
    assert not installed_anything(machine)


def test_a_browser_that_does_not_run_is_refused(machine):
    for name, body in READY.items():
        machine.stand_in(name, body)
    machine.browser("exit 127")
    message = one_line_error(machine.run("install_test_tools.sh", str(machine.venv)))
    assert "does not run as Chrome or Chromium" in message and "CHROMIUM" in message
    assert not installed_anything(machine)


def test_chrome_named_by_chromium_is_accepted(machine):
    for name, body in READY.items():
        machine.stand_in(name, body)
    machine.browser('echo "Google Chrome 142.0.7444.59"', name="google-chrome")
    result = machine.run("install_test_tools.sh", str(machine.venv))
    assert result.returncode == 0, result.stderr


def test_chromium_pointing_nowhere_is_refused(machine):
    for name, body in READY.items():
        machine.stand_in(name, body)
    machine.env["CHROMIUM"] = str(machine.root / "no-such-browser")
    message = one_line_error(machine.run("install_test_tools.sh", str(machine.venv)))
    assert "which does not exist" in message
    assert not installed_anything(machine)


def test_macos_without_apt_get_is_told_what_to_brew(machine):
    machine.stand_in("uname", 'echo "Darwin"')
    machine.stand_in("id", 'echo "501"')
    machine.stand_in("java", 'echo "The operation couldn’t be completed. Unable to locate a Java Runtime." >&2; exit 1')
    machine.browser('echo "Google Chrome 142.0.7444.59"', name="Google Chrome")
    message = one_line_error(machine.run("install_test_tools.sh", str(machine.venv)))
    assert "no apt-get" in message and "a Java runtime" in message and "Node.js 20 or newer" in message
    assert "brew install --cask temurin && brew install node" in message
    assert not installed_anything(machine)


def test_other_systems_without_apt_get_are_told_what_is_missing(machine):
    for name, body in READY.items():
        if name != "java":
            machine.stand_in(name, body)
    machine.browser()
    message = one_line_error(machine.run("install_test_tools.sh", str(machine.venv)))
    assert "missing a Java runtime and there is no apt-get" in message and "package manager" in message
    assert not installed_anything(machine)


def test_not_root_and_no_sudo_says_so_before_installing(machine):
    for name, body in READY.items():
        if name != "java":
            machine.stand_in(name, body)
    machine.stand_in("id", 'echo "1000"')
    machine.stand_in("apt-get", "")
    machine.browser()
    message = one_line_error(machine.run("install_test_tools.sh", str(machine.venv)))
    assert "default-jre-headless needs root" in message and "no sudo" in message
    assert not installed_anything(machine)


def test_missing_java_is_installed_with_apt_get(machine):
    for name, body in READY.items():
        if name != "java":
            machine.stand_in(name, body)
    machine.stand_in("apt-get", "")
    machine.stand_in("apt-cache", 'echo "$2:"; echo "  Candidate: 2:17.0.13+11-2"')
    machine.browser()
    result = machine.run("install_test_tools.sh", str(machine.venv))
    assert result.returncode == 0, result.stderr
    install = [call for call in machine.calls if call.startswith("apt-get install")]
    assert install and install[0].endswith("default-jre-headless")
