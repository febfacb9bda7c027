"""Data is text: the one place that decides what a string from a data file may do on a page.

Every string a data file holds reaches a page through this module, in one of two forms:

- `plain(value)`: text that allows no markup at all (LinkedIn's on-screen labels, publisher
  names). Every character is shown as written: "Settings <beta>" shows as `Settings <beta>`.
- `inline(value, **replacements)`: a small inline subset of Markdown, everything else escaped.
  The subset is
    * emphasis: `*word*`, `**word**`, `_word_`, `__word__`;
    * links to the site's own pages and files: `[text](page.md)`, `[text](page.md#anchor)`,
      `[text](data/file.json)`, `[text](#anchor)` (relative, or starting with one `/`; no scheme);
    * links to a source by its id: `[text](sources.md#source-id)` (the id is checked against
      data/sources.yml by validation.py);
    * https links to an allowed host: `[text](https://www.linkedin.com/...)`;
    * placeholders such as `{label}`, replaced by the caller with Markdown it built itself.

Validation refuses what a data editor probably did not mean as text, with one message per
problem (`plain_problems`, `inline_problems`): raw HTML, character references, block Markdown
(headings, lists, quotes, code), `{: ...}` attribute lists, images, links to anything else,
control characters (newlines included: YAML's `>-` folds a long text onto one line), bidi
controls, strings made only of invisible characters, over-long strings. The output functions
escape every remaining special character anyway, so a string that skipped validation still
cannot become markup.

Plain Python, no MkDocs: new data files and renderers reuse it as is.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

__all__ = ["character_problems", "front_matter_problems", "inline", "inline_problems", "link_targets", "on_hosts", "plain", "plain_marked",
           "plain_problems", "text_only", "unmarked", "url_problems", "MAX_INLINE", "MAX_PLAIN"]

MAX_INLINE = 2000  # characters; the longest text in the data today (a timeline entry) has about 1000
MAX_PLAIN = 300    # a label or a name; the longest today has about 100

# Bidi embeddings, overrides, isolates and marks: they can make text read differently from what
# the file shows (the "Trojan Source" trick). The site's languages never need them.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that draw nothing although Unicode does not class them as space or format.
_BLANK = frozenset("\u115f\u1160\u2800\u3164\uffa0")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")  # what YAML or a browser may treat as a new line
# Invisible format characters (Unicode category Cf: zero-width space and joiners, word joiner, soft
# hyphen, byte order mark, the tag characters U+E0001..U+E007F that "ASCII smuggling" hides words
# in, the interlinear annotation marks U+FFF9..U+FFFB). Shown as nothing, they travel with the
# copied letter or post and break a reader's search for a label. The allowlist is empty: Dutch,
# French and English need none of them (French spaces are U+00A0 and U+202F, category Zs), and a
# hyphenation point is the browser's job, not the data's.
FORMAT_ALLOWED: frozenset[str] = frozenset()

_URL_CHARS = re.compile(r"[^\s<>\"'()\\^`{|}]*")
_SITE_PATH = re.compile(r"(?:/|(?:\.\./)*)(?:[A-Za-z0-9][A-Za-z0-9._-]*/)*[A-Za-z0-9][A-Za-z0-9._-]*"
                        r"(?:#[A-Za-z0-9][A-Za-z0-9_-]*)?|#[A-Za-z0-9][A-Za-z0-9_-]*")
_HOSTNAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")

# The tokens of the subset: a link, emphasis, a placeholder.
_LINK = re.compile(r"\[(?P<link_text>[^\[\]]+)\]\((?P<target>[^()\s]*)\)")
# Emphasis never cuts a link in two, and `_` only counts between words, as in Python-Markdown:
# snake_case_name stays text.
_EMPHASIS_INNER = r"(?:\[[^\[\]]+\]\([^()\s]*\)|[^\[\]])+?"
# A phrase in another language than the page, marked so screen readers pronounce it right
# (WCAG 3.1.2): [Data sharing]{lang=en} becomes <span lang="en">Data sharing</span>.
_FOREIGN = re.compile(r"\[(?P<foreign>[^\[\]]+)\]\{lang=(?P<lang>[a-z]{2,3})\}")
_TOKEN = re.compile(_FOREIGN.pattern + "|" + _LINK.pattern
                    + rf"|(?P<mark>\*\*|\*)(?=\S)(?P<inner>{_EMPHASIS_INNER})(?<=\S)(?P=mark)"
                    + rf"|(?<!\w)(?P<umark>__|_)(?=\S)(?P<uinner>{_EMPHASIS_INNER})(?<=\S)(?P=umark)(?!\w)"
                    + r"|\{(?P<name>[a-z_]+)\}")

# Markup the subset does not allow, each with the words an editor sees.
_REFUSED = [
    (re.compile(r"<[A-Za-z/!?]"), "raw HTML is not allowed"),
    (re.compile(r"&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"),
     "character references such as &amp; are not allowed; write the character itself"),
    (re.compile(r"\{(?![a-z_]+\}|lang=[a-z]{2,3}\})"),
     "attribute lists such as {: ...} are not allowed; braces only mark placeholders such as {label} "
     "and a phrase's language, as in [Data sharing]{lang=en}"),
    (re.compile(r"!\["), "images are not allowed"),
    (re.compile(r"`"), "code (backticks) is not allowed"),
    (re.compile(r"\]\s*\["), "reference-style links are not allowed"),
]
_BLOCK_START = re.compile(r"\s*(#|>|[-+*]\s|[-+*]$|\d+[.)](\s|$)|=+\s*$|-{3,}|_{3,}|\*{3,}|:\s|\||\[\^|\*\[)")
# What opens a block of an enabled Markdown extension (mkdocs.yml) or a common one: admonitions
# (!!!), details (??? and ???+), fences (``` and ~~~), tabs (===), blocks (///). No text, label,
# name or other data string starts like that, so every string refuses them (character_problems),
# with words an editor understands; plain() and inline() show them as text anyway.
_EXTENSION_BLOCK = re.compile(r"\s*(\?{3}|!{3}|~{3}|`{3}|={3}|/{3})")

# What escapes a character that Markdown would read as markup: a backslash where Python-Markdown
# honours one, a character reference where it would show the backslash (`\<` stays visible).
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_",
            "{": "\\{", "}": "\\}", "[": "\\[", "]": "\\]", "#": "\\#", "|": "\\|", "!": "\\!"}
_SPECIAL = re.compile("&(?=[#A-Za-z0-9])|[" + re.escape("".join(_ESCAPES).replace("&", "")) + "]")  # "a & b" stays
# A first character that could open a block: of a list, quote, heading, definition, setext line,
# admonition (!!!), details (???), fence (~~~), table, tabs (===)... Every ASCII punctuation
# character at the start becomes a character reference, whatever the enabled extensions are;
# only what the output itself starts with stays: an escape (\\), a reference (&), a link ([), a
# language span (<) and emphasis (* _) of the subset (their source characters arrive escaped).
_LEADING = re.compile(r"^(?:(\d+)([.)])|([!-%'-)+-/:-;=-@^`{-~]))")


# Checks

def character_problems(value: str, limit: int = MAX_INLINE) -> list[str]:
    """Problems with the characters themselves, whatever the field allows (every data string)."""
    problems = []
    # Each distinct character once: a long text repeats a few dozen characters thousands of times,
    # and every build checks every data string (most of the generator's time went here).
    category = {ch: unicodedata.category(ch) for ch in set(value)}
    controls = sorted(ch for ch, kind in category.items() if kind in ("Cc", "Zl", "Zp"))
    if any(ch in _LINE_BREAKS for ch in controls):
        problems.append("must be one line (in YAML, write a long text with >- to fold it onto one line)")
    others = [ch for ch in controls if ch not in _LINE_BREAKS]
    if others:
        problems.append(f"contains a control character ({', '.join(f'U+{ord(ch):04X}' for ch in others)})")
    bidi = sorted(ch for ch in category if ch in _BIDI)
    if bidi:
        problems.append(f"contains a bidi control character ({', '.join(f'U+{ord(ch):04X}' for ch in bidi)})")
    invisible = sorted(ch for ch, kind in category.items() if kind == "Cf" and ch not in _BIDI
                       and ch not in FORMAT_ALLOWED)
    if invisible:
        problems.append(f"contains an invisible format character ({_code_points(invisible)}); "
                        f"write visible text only")
    if "Cs" in category.values():
        problems.append("contains an unpaired surrogate")
    private = sorted(ch for ch, kind in category.items() if kind == "Co")
    if private:
        problems.append(f"contains a private-use character ({_code_points(private)}), which shows differently "
                        f"or not at all depending on the font")
    nonchars = sorted(ch for ch in category if _is_noncharacter(ch))
    if nonchars:  # YAML cannot hold them: the generated page's front matter would not read back
        problems.append(f"contains a noncharacter ({', '.join(f'U+{ord(ch):04X}' for ch in nonchars)})")
    unassigned = sorted(ch for ch, kind in category.items() if kind == "Cn" and not _is_noncharacter(ch))
    if unassigned:
        problems.append(f"contains a code point Unicode has not assigned ({_code_points(unassigned)})")
    if value and not any(_visible(ch) for ch in category):
        problems.append("contains no visible character")
    if len(value) > limit:
        problems.append(f"is {len(value)} characters long (at most {limit})")
    if _EXTENSION_BLOCK.match(value):
        problems.append(f"must not start like a Markdown block (admonition, details, fence or tabs): {_show(value)}")
    return problems


def _code_points(chars) -> str:
    shown = [f"U+{ord(ch):04X}" for ch in chars]
    return ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")


def _is_noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE...)."""
    return 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE


# Front matter (a page's title and description) is printed by the theme in places that are not
# Markdown (the header, the footer, the nav, the search index): it must hold no markup characters.
# Curly quotes are fine; a title never needs < > or a straight double quote.
FRONT_MATTER_REFUSED = '<>"'


def front_matter_problems(value: str) -> list[str]:
    """Problems with a string that becomes a page's front-matter title, description or similar."""
    found = sorted({ch for ch in value if ch in FRONT_MATTER_REFUSED})
    if not found:
        return []
    return [f"must not contain {' '.join(found)} (it becomes the page's title or description, "
            f"which the theme prints as is; write quotes as \u201c \u201d)"]


def _visible(ch: str) -> bool:
    return unicodedata.category(ch) not in ("Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me") and ch not in _BLANK


def plain_problems(value: str) -> list[str]:
    """Problems with a string shown literally by `plain()`: only its characters matter."""
    return character_problems(value, MAX_PLAIN)


def inline_problems(value: str, hosts: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Problems with a string rendered by `inline()`; `hosts` are the hosts https links may reach."""
    problems = character_problems(value)
    if _BLOCK_START.match(value):
        problems.append(f"must not start like a Markdown block (heading, list, quote, rule, table or footnote): "
                        f"{_show(value)}")
    for pattern, problem in _REFUSED:
        found = pattern.search(value)
        if found:
            problems.append(f"{problem} (found {_show(value[found.start():found.start() + 12])})")
    for target in link_targets(value):
        problems.extend(_target_problems(target, hosts))
    rest = _LINK.sub("", _FOREIGN.sub("", value))
    if re.search(r"\{lang=", rest):
        problems.append(f"a phrase's language is marked as [phrase]{{lang=xx}} with a two- or three-letter code "
                        f"(found {_show(rest)})")
    if re.search(r"\]\(", rest):
        problems.append(f"a link must be [text](target) with no space or bracket in the target (found {_show(rest)})")
    return problems


def link_targets(value: str) -> list[str]:
    """The targets of the `[text](target)` links in a string, in order."""
    return [m.group("target") for m in _LINK.finditer(value)]


def _target_problems(target: str, hosts) -> list[str]:
    if target.startswith("https://"):
        return [f"link {_show(target)}: {p}" for p in url_problems(target, hosts)]
    if not _SITE_PATH.fullmatch(target) or "//" in target:
        return [f"link {_show(target)}: must be a page of this site (page.md or page.md#anchor) "
                f"or an https link to {_hosts_text(hosts)}"]
    return []


def url_problems(url: str, hosts=None) -> list[str]:
    """Problems with an https address; with `hosts`, it must be on one of them (or a subdomain)."""
    try:
        parts = urlsplit(url) if isinstance(url, str) else None
        hostname = parts.hostname if parts else None
        parts and parts.port  # noqa: B018 (a port out of range raises here)
    except ValueError:  # "https://[oops/", a host that NFKC turns into another one, a port of 99999
        return ["is not a valid web address (check the brackets, the host and the port)"]
    if not parts or parts.scheme != "https" or not hostname:
        return ["must be an https:// link"]
    if not url.isascii():
        return ["must be ASCII: percent-encode any other character (as %D0%B0), so no letter can pass for "
                "another one"]
    if not _URL_CHARS.fullmatch(url) or parts.username or parts.password or "@" in parts.netloc:
        return ["must be a plain web address (no spaces, quotes, brackets, < > or user name)"]
    if not _HOSTNAME.fullmatch(parts.hostname) or parts.netloc.lower() != parts.netloc:
        return ["must name its host in lowercase letters, digits, dots and hyphens"]
    if hosts is not None and not on_hosts(parts.hostname, hosts):
        return [f"must be a link to {_hosts_text(hosts)} (got {parts.hostname})"]
    return []


def on_hosts(hostname: str, hosts) -> bool:
    """Whether `hostname` is one of `hosts` or a subdomain of one."""
    return any(hostname == host or hostname.endswith("." + host) for host in hosts)


def _hosts_text(hosts) -> str:
    return ", ".join(sorted(hosts)) if hosts else "an allowed host (none is allowed here)"


def _show(text: str) -> str:
    text = text if len(text) <= 40 else text[:37] + "..."
    return '"' + "".join(ch if unicodedata.category(ch)[0] != "C" else f"\\u{ord(ch):04x}" for ch in text) + '"'


# Output

def plain(value: str) -> str:
    """Markdown that shows `value` exactly as written: no character of it acts as markup."""
    return _block_safe(_escape(_one_line(value)))


def plain_marked(value: str) -> str:
    """`plain()`, except that a phrase in another language than the text, written
    `[High Court]{lang=en}`, becomes `<span lang="en">High Court</span>` (WCAG 3.1.2). For texts
    we write in every language that name something by its own name (a source's title)."""
    out, position, value = [], 0, _one_line(value)
    for match in _FOREIGN.finditer(value):  # the code is [a-z]{2,3}: nothing in it to escape
        out += [_escape(value[position:match.start()]),
                f'<span lang="{match.group("lang")}">{_escape(match.group("foreign"))}</span>']
        position = match.end()
    out.append(_escape(value[position:]))
    return _block_safe("".join(out))


def unmarked(value: str) -> str:
    """`value` without its language marks: `[High Court]{lang=en}` -> `High Court`."""
    return _FOREIGN.sub(lambda match: match.group("foreign"), value)


def inline(value: str, **replacements: str) -> str:
    """Markdown for a string of the inline subset. Links and emphasis pass; every other special
    character is escaped. `{name}` placeholders become `replacements[name]`, which the caller
    built itself (for example from `plain()`); unknown placeholders are shown as written."""
    return _block_safe(_inline(_one_line(value), replacements))


def text_only(value: str) -> str:
    """A string of the inline subset as the words a reader sees, without its markup: for places
    that show no Markdown (a feed reader). '[High Court]{lang=en}' and '[High Court](sources.md#x)'
    give 'High Court', '*word*' gives 'word'. The caller escapes the result for its format."""
    def words(match: re.Match) -> str:
        if match.group("name"):
            return match.group(0)
        return text_only(match.group("foreign") or match.group("link_text") or match.group("inner")
                         or match.group("uinner"))
    return _TOKEN.sub(words, _one_line(value))


def _inline(value: str, replacements: dict) -> str:
    out, position = [], 0
    for match in _TOKEN.finditer(value):
        out.append(_escape(value[position:match.start()]))
        position = match.end()
        if match.group("foreign") is not None:  # the code is [a-z]{2,3}: nothing in it to escape
            out.append(f'<span lang="{match.group("lang")}">{_inline(match.group("foreign"), replacements)}</span>')
        elif match.group("target") is not None and not _target_problems(match.group("target"), None):
            out.append(f"[{_inline(match.group('link_text'), replacements)}]({match.group('target')})")
        elif match.group("mark") or match.group("umark"):
            mark, inner = match.group("mark") or match.group("umark"), match.group("inner") or match.group("uinner")
            out.append(f"{mark}{_inline(inner, replacements)}{mark}")
        elif match.group("name") in replacements:
            out.append(replacements[match.group("name")])
        else:
            out.append(_escape(match.group(0)))
    out.append(_escape(value[position:]))
    return "".join(out)


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group(0)], text)


def _block_safe(markdown: str) -> str:
    """"1. x", "- x", "> x", "???+ x", "~~~" at the start of a paragraph or list item would open a block."""
    return _LEADING.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};" if m.group(1) else f"&#{ord(m.group(3))};",
                        markdown, count=1)


def _one_line(value: str) -> str:
    # Only ASCII white space: French typography puts no-break spaces before : ; ? ! and in « ».
    return re.sub(r"[ \t\r\n]+", " ", value).strip()
