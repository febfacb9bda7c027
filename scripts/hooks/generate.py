"""Hook: the data-driven pages, generated from data/ before every build and every rebuild.

A plain `mkdocs build` or `mkdocs serve` is all anyone runs. Bad data stops the build before
anything is written; under `mkdocs serve` a data edit regenerates the pages (a watcher on data/)
and the last good site stays served while the data is wrong. Every language's build also gets
the opt-out data published once at /data/ (pagegen/publishing.py).
"""
from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import pagegen  # noqa: E402
from pagegen.publishing import published_files  # noqa: E402
from pagegen.rights import checked_site_url  # noqa: E402

log = logging.getLogger("mkdocs.hooks.generate")

# What this process last generated and validated. static-i18n builds once per language and
# `mkdocs serve` rebuilds often: while nothing the generator reads or writes has changed, the
# result it validated in this same run stands. Nothing of it is kept on disk: a file from an
# earlier run (or from a commit) could hold anything, whatever fingerprint it carries, so every
# new run validates the data again (pagegen/caches.py says which caches exist and why).
_generated: dict = {}
_export: dict = {}  # the validated opt-out data and its schema, published by every language's build


def on_config(config):
    # Fail before anything is built or written: bad data must never reach the site.
    _generate()
    # The address the share texts and the QR code get (hooks/pages.py), checked once.
    try:
        checked_site_url(config.site_url)
    except pagegen.DataError as error:
        raise PluginError(str(error)) from None
    return config


def on_pre_build(config):
    # `mkdocs serve` reloads on a data change without calling on_config again.
    _generate()


def _fingerprint() -> str:
    """A hash of every input of the generator, its own code, and the files it writes."""
    files = [*(ROOT / "data").rglob("*"), ROOT / "mkdocs.yml", *(ROOT / "scripts" / "pagegen").glob("*.py"),
             *(ROOT / "docs").glob("*.md")]
    digest = hashlib.sha256()
    for path in sorted(f for f in files if f.is_file()):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _generate():
    fingerprint = _fingerprint()
    if _generated.get("fingerprint") == fingerprint:
        _remember(_generated["export"])
        return
    _generated.clear()
    try:
        outputs = pagegen.generate(ROOT)
    except pagegen.GenerationFailed as failure:
        raise PluginError("Bad data; no page was written:\n" + "\n".join(f"  {p}" for p in failure.problems)) from None
    except Exception as exc:  # a bug: still one line, never a traceback
        raise PluginError(f"Generating the pages failed; no page was written ({type(exc).__name__}: {exc})") from None
    try:
        written = pagegen.write(ROOT, outputs)
    except pagegen.WriteFailed as failure:
        raise PluginError(f"Generated pages not written: {failure}") from None
    for relative in written:
        log.info("generated %s", relative)
    _remember(outputs.export)
    _generated.update(fingerprint=_fingerprint(), export=outputs.export)


def _remember(export: dict) -> None:
    _export.clear()
    _export.update(export)


@event_priority(-150)  # after static-i18n (-100) has chosen this language's files
def on_files(files, config):
    # The opt-out data and its schema exist once, at the site root, for every language. Each
    # language's build gets the same two files, so its links to them (`data/opt-out.json` in the
    # guide) resolve to that one copy and the strict build checks them. A leftover copy under
    # docs/ (older versions wrote docs/data/opt-out.<lang>.json) must not take their place.
    for path, content in published_files(_export["data"], _export["schema"], config.site_url or "/").items():
        while (leftover := files.get_file_from_path(path)) is not None:
            files.remove(leftover)
        files.append(File.generated(config, path, content=content))
    return files


# static-i18n logs every language's whole config override (lines of several hundred characters)
# on each build and rebuild; its warnings still show.
logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").setLevel(logging.WARNING)
_data_watchers: list = []


def on_serve(server, config, builder):
    """`mkdocs serve`: a data edit regenerates the pages here, outside MkDocs' rebuild.

    The generated pages sit in docs/, which MkDocs already watches, so their change alone starts
    the one rebuild that shows the edit (letting data/ start a rebuild too made every data edit
    build twice). Bad data stops here, with its message in the terminal: docs/ stays as it was,
    nothing rebuilds, and the last good site is still served until the data is fixed.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    last_seen = {"inputs": None}

    def regenerate(event):
        # One save can come as several events (an editor writes a new file and renames it):
        # generate, or report bad data, once per change of the inputs.
        inputs = _fingerprint()
        if event.is_directory or inputs == last_seen["inputs"]:
            return
        last_seen["inputs"] = inputs
        try:
            _generate()
        except PluginError as error:
            log.error("%s\nStill serving the last good site; it is rebuilt once the data is fixed.", error)
        except Exception:  # keep watching: the next edit may fix it
            log.exception("Generating the pages from data/ failed; still serving the last good site.")

    handler = FileSystemEventHandler()
    handler.on_any_event = regenerate
    watcher = PollingObserver(timeout=0.5)  # polling, as MkDocs' own watcher does
    watcher.schedule(handler, str(ROOT / "data"), recursive=True)
    watcher.start()
    _data_watchers.append(watcher)
    log.info("Watching 'data' for changes: the pages generated from it go to 'docs'")
    return server


def on_shutdown():
    for watcher in _data_watchers:
        watcher.stop()
        watcher.join()
    _data_watchers.clear()
