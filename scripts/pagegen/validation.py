"""Check loaded data against its JSON Schema and against the rules a schema cannot express.

Every problem becomes a DataError naming the file, the line, the entry and the field. The schema
files in data/schema/ are the published contract; the site's languages are added to them here, so
a schema never has to be edited to add a language.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from jsonschema import Draft202012Validator, ValidationError, validators

from . import text
from .loading import DataError, Loaded, describe

LOCALIZED_DEFS = ("text", "optional_text", "label", "plain_text")


def load_schema(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def schema_for_languages(schema: dict, languages: list[str]) -> dict:
    """The published schema, narrowed so every localized text has exactly the site's languages."""
    narrowed = copy.deepcopy(schema)
    for name in LOCALIZED_DEFS:
        definition = narrowed.get("$defs", {}).get(name)
        if definition is not None:
            definition["required"] = list(languages)
            definition["propertyNames"] = {"enum": list(languages)}
    return narrowed


def _validator_class(hosts: frozenset[str]):
    """Draft 2020-12 plus `x-text`: how a string from the data may show on a page (see text.py).

    "x-text": "inline"  the inline Markdown subset (emphasis, site links, https links to `hosts`)
    "x-text": "plain"   shown literally: any visible characters, no markup
    """
    def x_text(validator, kind, instance, schema):
        if isinstance(instance, str):
            found = text.plain_problems(instance) if kind == "plain" else text.inline_problems(instance, hosts)
            for problem in found:
                yield ValidationError(problem)
    return validators.extend(Draft202012Validator, {"x-text": x_text})


def schema_problems(loaded: Loaded, schema: dict, languages: list[str],
                    hosts: frozenset[str] = frozenset()) -> list[DataError]:
    """Problems with the data's shape and with every string in it. `hosts`: where https links in
    text may go. A string the schema gives no `x-text` still gets its characters checked."""
    validator = _validator_class(frozenset(hosts))(
        schema_for_languages(schema, languages), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    problems = []
    for error in validator.iter_errors(loaded.data):
        problems.extend(_explain(loaded, error, languages))
    for path, value in iter_paths(loaded.data):
        if isinstance(value, str):
            problems.extend(DataError(loaded.file, loaded.line_of(path), describe(path, loaded.data) or None, p)
                            for p in text.character_problems(value))
    return unique_problems(loaded, problems)


def _explain(loaded: Loaded, error, languages) -> list[DataError]:
    """Turn one jsonschema error into messages a data editor can act on."""
    path = tuple(error.absolute_path)
    if error.validator == "x-text":
        return [DataError(loaded.file, loaded.line_of(path), describe(path, loaded.data) or None, error.message)]
    if error.validator == "oneOf":  # a label that is neither known nor unknown: explain the closest
        best = min(error.context, key=lambda e: len(list(e.schema_path)), default=None)
        known = [e for e in error.context if list(e.schema_path)[:1] == [0]]
        inner = known or ([best] if best else [])
        if inner:
            return [p for e in inner for p in _explain(loaded, e, languages)]
    field_path = path
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else "?"
        if name in languages:
            message = f"missing language '{name}'"
        else:
            message = f"missing field '{name}'"
    elif error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        field_path = path + (extra[0],) if extra else path
        message = f"unknown key '{', '.join(extra)}'"
    elif error.validator == "propertyNames":
        bad = error.instance
        field_path = path + (bad,) if isinstance(bad, str) else path
        message = f"unknown language '{bad}' (the site's languages are {', '.join(languages)})"
    elif "x-error" in error.schema:
        message = f"{error.schema['x-error']} (got {_short(error.instance)})"
    elif error.validator == "type":
        message = f"must be {_type_name(error.validator_value)} (got {_short(error.instance)})"
    elif error.validator == "enum":
        message = f"must be one of {', '.join(map(str, error.validator_value))} (got {_short(error.instance)})"
    elif error.validator == "const":
        message = f"must be {_short(error.validator_value)} (got {_short(error.instance)})"
    elif error.validator in ("minItems", "minProperties"):
        message = "must not be empty"
    else:
        message = error.message
    return [DataError(loaded.file, loaded.line_of(field_path), describe(field_path, loaded.data) or None, message)]


def _type_name(value) -> str:
    names = {"object": "a mapping of keys to values", "array": "a list", "string": "text",
             "boolean": "true or false", "integer": "a whole number"}
    if isinstance(value, list):
        return " or ".join(names.get(v, v) for v in value)
    return names.get(value, value)


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def unique_problems(loaded: Loaded, problems: list[DataError]) -> list[DataError]:
    """One message per problem, in file order. A value written once and used in several places
    (a YAML alias) is one problem, named where it is written."""
    seen, out = set(), []
    for p in sorted(problems, key=lambda p: (p.line or 0, p.entry or "", p.problem)):
        key = (p.line, p.problem) if loaded.is_shared_line(p.line) else (p.line, p.entry, p.problem)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# Rules beyond the schema. They run only on data the schema accepted, so the shape is known.

def duplicate_id_problems(loaded: Loaded, list_path: tuple) -> list[DataError]:
    """Ids must be unique within one list: they become anchors and stable names."""
    items = _get(loaded.data, list_path)
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items or []):
        ident = item.get("id")
        if ident in seen:
            where = list_path + (index, "id")
            problems.append(DataError(loaded.file, loaded.line_of(where), describe(list_path + (index,), loaded.data),
                                      f"duplicate id '{ident}' (first used in item {seen[ident] + 1} of this list)"))
        else:
            seen[ident] = index
    return problems


def one_entry_per_date_problems(loaded: Loaded, list_path: tuple, since: str) -> list[DataError]:
    """A date has one entry on the updates page: a reader finds a day's changes in one place, and a
    feed shows one item for them. Entries dated before `since` keep their own ids: feed readers
    already hold them, and a merged entry would reach them again as a new item."""
    items = _get(loaded.data, list_path)
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items or []):
        date = item.get("date")
        if not isinstance(date, str) or date < since:
            continue
        if date in seen:
            where = list_path + (index, "date")
            problems.append(DataError(loaded.file, loaded.line_of(where), describe(list_path + (index,), loaded.data),
                                      f"a second entry for {date} (add its changes to item {seen[date] + 1} "
                                      f"of this list)"))
        else:
            seen[date] = index
    return problems


def source_reference_problems(loaded: Loaded, known_ids: set[str], sources_file: str) -> list[DataError]:
    """Every `sources: [...]` list must name sources that the sources page lists."""
    problems = []
    for path, value in iter_paths(loaded.data):
        if path and path[-1] == "sources" and isinstance(value, list):
            for index, ident in enumerate(value):
                if isinstance(ident, str) and ident not in known_ids:
                    problems.append(DataError(loaded.file, loaded.line_of(path + (index,)),
                                              describe(path, loaded.data),
                                              f"source '{ident}' is not listed in {sources_file}"))
    return problems


def label_placeholder_problems(loaded: Loaded, languages: list[str]) -> list[DataError]:
    """A step's text must hold {label} exactly once where the label is known, and not otherwise."""
    problems = []
    for path, value in iter_paths(loaded.data):
        if not (isinstance(value, dict) and "do" in value and isinstance(value.get("do"), dict)):
            continue
        label = value.get("label") or {}
        for lang in languages:
            text = value["do"].get(lang, "")
            known = isinstance(label.get(lang), dict) and "text" in label[lang]
            count = text.count("{label}")
            if known and count != 1:
                problem = f"text must contain {{label}} exactly once, because the label is known (found {count})"
            elif not known and count:
                problem = "text contains {label}, but this step has no known label in this language"
            else:
                continue
            where = path + ("do", lang)
            problems.append(DataError(loaded.file, loaded.line_of(where), describe(where, loaded.data), problem))
    return problems


# Dates must be plausible: nothing on this site predates LinkedIn (founded 2003), and nothing is
# dated after the build date plus DATE_MARGIN. The margin leaves room for a change announced now
# that takes effect within the year; a date further ahead is a typing error (2205 for 2025).
EARLIEST_YEAR = 2003
DATE_MARGIN = dt.timedelta(days=366)
DATE_KEYS = ("date", "date_end", "reviewed", "checked")


def partial_date_problems(loaded: Loaded, keys: tuple[str, ...] = DATE_KEYS,
                          today: dt.date | None = None) -> list[DataError]:
    """Dates (YYYY, YYYY-MM, YYYY-MM-DD) must exist and fall between 2003 and the build date plus
    DATE_MARGIN (the schema only checks their shape)."""
    latest = (today or dt.date.today()) + DATE_MARGIN
    problems = []
    for path, value in iter_paths(loaded.data):
        if not (path and path[-1] in keys and isinstance(value, str)
                and re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value)):
            continue
        year, month = int(value[:4]), int(value[5:7]) if len(value) >= 7 else 1
        problem = None
        if len(value) == 10:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                problem = f"not a real calendar date (got \"{value}\")"
        elif len(value) == 7 and not 1 <= month <= 12:
            problem = f"not a real month (got \"{value}\")"
        if problem is None and (year < EARLIEST_YEAR or (year, month) > (latest.year, latest.month)
                                or (len(value) == 10 and dt.date.fromisoformat(value) > latest)):
            problem = (f"date out of range (got \"{value}\"; must be from {EARLIEST_YEAR} "
                       f"to {latest.isoformat()}, one year after the build date)")
        if problem:
            problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, loaded.data), problem))
    return problems


FRONT_MATTER_FIELDS = ("title", "description")


def front_matter_problems(loaded: Loaded) -> list[DataError]:
    """`page.title` and `page.description` become the generated page's front matter, which the
    theme prints outside Markdown (header, footer, nav, search): no < > or straight double quote."""
    page = loaded.data.get("page") if isinstance(loaded.data, dict) else None
    problems = []
    for field in FRONT_MATTER_FIELDS:
        values = page.get(field) if isinstance(page, dict) else None
        for path, value in iter_paths(values, ("page", field)) if isinstance(values, dict) else ():
            if isinstance(value, str):
                problems.extend(DataError(loaded.file, loaded.line_of(path), describe(path, loaded.data), p)
                                for p in text.front_matter_problems(value))
    return problems


def locale_problems(loaded: Loaded, key: str = "date_locale") -> list[DataError]:
    """Every `date_locale` value must be a locale Babel knows (it formats the dates)."""
    problems = []
    for path, value in iter_paths(loaded.data):
        if len(path) >= 2 and path[-2] == key and isinstance(value, str):
            try:
                Locale.parse(value)
            except (UnknownLocaleError, ValueError, TypeError):
                problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, loaded.data),
                                          f"unknown locale '{value}' (use a code such as en_GB, nl or fr)"))
    return problems


def entry_host_problems(loaded: Loaded) -> list[DataError]:
    """An entry with a `host` (an authority, for instance) links only to that host or its
    subdomains: every https address inside the entry, in a field or in a text's links, must be on it."""
    problems = []
    for path, entry in iter_paths(loaded.data):
        if not (isinstance(entry, dict) and isinstance(entry.get("host"), str)):
            continue
        for inner, value in iter_paths(entry, path):
            if not isinstance(value, str) or inner == path + ("host",):
                continue
            urls = [value] if value.startswith("https://") else text.link_targets(value)
            for url in urls:
                for problem in text.url_problems(url, {entry["host"]}) if url.startswith("https://") else []:
                    problem = problem if url == value else f"link {url}: {problem}"
                    problems.append(DataError(loaded.file, loaded.line_of(inner), describe(inner, loaded.data), problem))
    return problems


def source_link_problems(loaded: Loaded, known_ids: set[str], sources_file: str) -> list[DataError]:
    """A link to a source in text (`[text](sources.md#id)`) must name a source that is listed."""
    problems = []
    for path, value in iter_paths(loaded.data):
        if isinstance(value, str) and "](" in value:
            for target in text.link_targets(value):
                page, _, anchor = target.rpartition("/")[2].partition("#")
                if page == "sources.md" and anchor and anchor not in known_ids:
                    problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, loaded.data),
                                              f"link {target}: source '{anchor}' is not listed in {sources_file}"))
    return problems


def link_hosts(urls) -> frozenset[str]:
    """The hosts of some https addresses (for the hosts that links in text may reach)."""
    hosts = set()
    for url in urls:
        if isinstance(url, str) and url.startswith("https://"):
            try:
                hosts.add(urlsplit(url).hostname)
            except ValueError:
                pass  # not a web address: the schema check reports it with its file and line
    return frozenset(h for h in hosts if h)


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def iter_paths(data, here=()):
    """Every (location, value) in nested data, the data itself first: ((), data), (("a",), ...), ..."""
    yield here, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, here + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, here + (index,))


# The objection guide: the options a step suggests must fit the reader. Members have the switch for
# content-generating AI, so their step points at the other uses only; people without a LinkedIn
# account have no switch, so a step that reaches them must cover content-generating AI as well.

SWITCH_USE = "content-ai"


def objection_option_problems(loaded: Loaded) -> list[DataError]:
    """Each suggested option exists and shows its own label; together a step's options cover every
    use its readers need; members' steps never suggest the switch's use; every reader has a step."""
    objection = loaded.data.get("objection") or {}
    uses = objection.get("uses") or []
    options = {option["id"]: option for option in objection.get("options") or []}
    problems = []

    def problem(where: tuple, message: str) -> None:
        problems.append(DataError(loaded.file, loaded.line_of(where), describe(where, loaded.data), message))

    if SWITCH_USE in uses:
        problem(("objection", "uses", uses.index(SWITCH_USE)),
                f"'{SWITCH_USE}' is covered by the switch; this section is for the other uses")
    readers = set()
    for index, step in enumerate(objection.get("steps") or []):
        if "option" not in step:
            continue
        audience = step.get("for")
        readers.add(audience)
        suggested = []
        for key in ("option", "also_option"):
            if key not in step:
                continue
            option = options.get(step[key])
            if option is None:
                problem(("objection", "steps", index, key),
                        f"unknown option '{step[key]}' (objection.options has {', '.join(options) or 'none'})")
                continue
            suggested.append(option)
            if audience == "members" and SWITCH_USE in option["covers"]:
                problem(("objection", "steps", index, key),
                        f"option '{option['id']}' covers '{SWITCH_USE}', which members switch off with the switch")
        if len(suggested) < len([key for key in ("option", "also_option") if key in step]):
            continue
        # Without an account there is no switch: such readers need the switch's use from the form too.
        needed = list(uses) + ([] if audience == "members" else [SWITCH_USE])
        covered = {use for option in suggested for use in option["covers"]}
        missing = [use for use in needed if use not in covered]
        if missing:
            who = "members" if audience == "members" else "readers without an account"
            named = " and ".join(f"option '{option['id']}'" for option in suggested)
            problem(("objection", "steps", index, "option"),
                    f"{named} {'do' if len(suggested) > 1 else 'does'} not cover {', '.join(missing)}, "
                    f"which {who} object to here (covered: {', '.join(sorted(covered))})")
        if step.get("label") != suggested[0]["label"]:
            problem(("objection", "steps", index, "label"),
                    f"must be the label of option '{suggested[0]['id']}' (use a YAML alias)")
    if readers == {"members"}:
        problem(("objection", "steps"),
                "a step suggests an option for members only; add one `for: no-account` (no switch there)")
    # The letter keeps one marked place for the reader's own grounds (Art. 21(1) GDPR) in every
    # language: without it the objection is easier to refuse.
    for lang, letter in (objection.get("letter") or {}).items():
        if isinstance(letter, str) and letter.count("{situation}") != 1:
            problem(("objection", "letter", lang), "must contain {situation} exactly once (the reader's own situation)")
    variants = (objection.get("letter_law") or {}).get("variants") or []
    defaults = [v for v in variants if v.get("default")]
    if variants and (len(defaults) != 1 or "sentence" not in defaults[0]):
        problem(("objection", "letter_law", "variants"),
                "exactly one variant must be `default: true` and have a `sentence`")
    # Every region the coverage names gets its legal sentence, or the sources' silence said plainly
    # (a variant has a `sentence` or a `note`: the schema sees to that); no variant is left without
    # the members it is for.
    variant_ids = [v["id"] for v in variants]
    named = set()
    for index, entry in enumerate(loaded.data.get("coverage") or []):
        for position, region in enumerate(entry.get("letter_regions") or []):
            named.add(region)
            if region not in variant_ids:
                problem(("coverage", index, "letter_regions", position),
                        f"no objection.letter_law variant '{region}' (there are: {', '.join(variant_ids) or 'none'})")
    for index, variant_id in enumerate(variant_ids):
        if variant_id not in named:
            problem(("objection", "letter_law", "variants", index, "id"),
                    f"variant '{variant_id}' is for no region of the coverage list (coverage[].letter_regions)")
    return problems


def has_path(data, path: tuple) -> bool:
    """Whether optional nested keys are there, e.g. ("objection", "options")."""
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True
