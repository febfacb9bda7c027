"""The rights page (where to complain, how to see your data), the share page, and the printed
guide's way back to the site (a QR code with the address beside it).

    data/rights.yml -> docs/rights.<lang>.md
    data/share.yml  -> docs/share.<lang>.md, and a print-only block at the end of docs/opt-out.<lang>.md

Every string from a data file goes through `_text` (inline text) or `_plain` (text inside raw
HTML), which escape every character that could act as Markdown or HTML: data is text. Links are
built here from validated fields, never taken from a text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import segno

from .loading import DataError, Loaded, describe
from .text import inline, plain
from .rendering import (cite, cited_count, cited_in, curled_apostrophes, format_partial_date, front_matter, letter_block,
                        one_line, ui_label, with_citation)
from .validation import duplicate_id_problems, label_placeholder_problems, partial_date_problems

RIGHTS = "data/rights.yml"
SHARE = "data/share.yml"
LINK = "{link}"

# Data is text. Every data string reaches a page through one of these two functions.



def _text(value: str) -> str:
    """A data string as literal inline text in Markdown (also inside inline HTML such as <span>):
    no character of it acts as Markdown or HTML (text.plain). Names, labels and the share texts
    carry no markup. The rights page's running texts (schema: `prose`, `x-text: inline`) go
    through text.inline instead, for emphasis and [phrase]{lang=xx} marks."""
    return plain(value)


def _plain(value: str) -> str:
    """A data string as literal text inside a raw HTML block, which Markdown leaves alone."""
    return html.escape(one_line(value), quote=True)


def _lang_span(code: str, value: str) -> str:
    """A name in another language than the page, marked with its language for screen readers.
    `code` is a schema-checked language code ([a-z]{2,3}), so it needs no escaping."""
    return f'<span lang="{code}">{_text(value)}</span>'


def _sources_word(ui: dict, source_ids: list[str], sources: dict[str, dict]) -> str:
    """'Source:' before one name, 'Sources:' before several (a publisher cited twice is one name)."""
    return _text(ui["sources_word" if cited_count(source_ids, sources) > 1 else "source_word"])


def _cite(source_ids: list[str], sources: dict[str, dict]) -> str:
    """Links to the sources page, named as the page's language names each source and marked with
    the source's language where that differs (`sources` comes through rendering.cited_in)."""
    return cite(source_ids, sources)


def _capital(value: str) -> str:
    return value[:1].upper() + value[1:]


# Where the site lives. The generated pages in docs/ are the same for every address: they carry
# ADDRESS, a stand-in the build replaces with the configured site_url in each page's HTML
# (`with_site_address`, called by the MkDocs hook), so shared links and the QR code point to the
# copy of the site they belong to (the tests build for 127.0.0.1) and no build rewrites docs/.
# `.invalid` is reserved (RFC 2606): the stand-in can never be a real address.

ADDRESS = "https://site-address.invalid/"
MAX_SITE_URL = 200  # characters; a GitHub Pages address has about 40
_SITE_URL = re.compile(r"https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?/([A-Za-z0-9._~%-]+/)*")
_QR_MARK = "<!-- qr-code -->"
_QR_BLOCK = re.compile(re.escape(_QR_MARK) + r'(.*?<span class="print-link__url">([^<]*)</span>)', re.S)


def checked_site_url(url: str | None) -> str:
    """The site's absolute address with a trailing slash; DataError if it is not a plain one."""
    url = str(url or "")
    url = url if url.endswith("/") else url + "/"
    if len(url) > MAX_SITE_URL:  # the printed guide's QR code holds the address, and so do shared posts
        raise DataError("mkdocs.yml", None, None, f"site_url ($SITE_URL) is {len(url)} characters long "
                                                  f"(at most {MAX_SITE_URL}): {url[:60]!r}...")
    if not _SITE_URL.fullmatch(url):  # it goes into links, texts and the QR code as is
        raise DataError("mkdocs.yml", None, None,
                        f"site_url ($SITE_URL) must be an http(s) address such as https://example.org/path/, "
                        f"with only letters, digits and - . _ ~ % in its path (got {url!r})")
    return url


def with_site_address(page_html: str, site_url: str) -> str:
    """A built page with the stand-in address replaced by the site's own (`checked_site_url`, whose
    characters need no escaping in HTML) and each print block's QR code drawn for its address."""
    if ADDRESS not in page_html:
        return page_html
    page_html = page_html.replace(ADDRESS, site_url)
    return _QR_BLOCK.sub(lambda m: qr_svg(html.unescape(m.group(2))) + m.group(1), page_html)


def page_url(base: str, languages: list[str], lang: str, page: str, anchor: str | None = None) -> str:
    """The absolute address of a page in a language: the default language at the root."""
    prefix = "" if lang == languages[0] else f"{lang}/"
    return f"{base}{prefix}{page}/" + (f"#{anchor}" if anchor else "")


# Post lengths, counted the way each platform counts them.

# X (twitter-text 3.0 configuration): after NFC normalisation, code points in these ranges weigh 1
# and all others 2; the limit is 280; every link counts as 23, whatever its length.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
LINK_LENGTH = 23
LIMITS = {"x": 280, "mastodon": 500, "linkedin": 1300}  # linkedin: our own limit, to keep the post short


def x_length(text: str) -> int:
    """How X counts a post whose links are written as {link}."""
    parts = unicodedata.normalize("NFC", text).split(LINK)
    weight = sum(1 if any(lo <= ord(ch) <= hi for lo, hi in _X_LIGHT) else 2 for part in parts for ch in part)
    return weight + LINK_LENGTH * (len(parts) - 1)


def mastodon_length(text: str) -> int:
    """How Mastodon counts a post: characters, with every link counted as 23."""
    parts = text.split(LINK)
    return sum(len(part) for part in parts) + LINK_LENGTH * (len(parts) - 1)


def post_length(kind: str, text: str, url: str) -> int:
    if kind == "x":
        return x_length(text)
    if kind == "mastodon":
        return mastodon_length(text)
    return len(text.replace(LINK, url))


# Checks beyond the schema. They run only on data the schema accepted.

def rights_problems(loaded: Loaded, languages: list[str]) -> list[DataError]:
    data = loaded.data
    problems = duplicate_id_problems(loaded, ("authorities",)) + duplicate_id_problems(loaded, ("forms",))
    problems += partial_date_problems(loaded, ("reviewed", "checked"))
    problems += label_placeholder_problems(loaded, languages)
    named = set(data["language_names"])
    for index, authority in enumerate(data["authorities"]):
        where = ("authorities", index)
        hosts = set(authority["hosts"])
        for link_index, link in enumerate(authority["links"]):
            host = urlsplit(link["url"]).hostname or ""
            path = where + ("links", link_index, "url")
            if host not in hosts:
                problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, data),
                                          f"link is on '{host}', which is not one of this authority's hosts "
                                          f"({', '.join(sorted(hosts))})"))
            if link["lang"] not in named:
                path = where + ("links", link_index, "lang")
                problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, data),
                                          f"language '{link['lang']}' has no name in language_names"))
        for code_index, code in enumerate(authority.get("accepts", [])):
            if code not in named:
                path = where + ("accepts", code_index)
                problems.append(DataError(loaded.file, loaded.line_of(path), describe(where + ("accepts",), data),
                                          f"language '{code}' has no name in language_names"))
    for index, form in enumerate(data["forms"]):
        if "link" in form and form["link"]["lang"] not in named:
            path = ("forms", index, "link", "lang")
            problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, data),
                                      f"language '{form['link']['lang']}' has no name in language_names"))
    return problems


def share_problems(loaded: Loaded, languages: list[str]) -> list[DataError]:
    data = loaded.data
    problems = duplicate_id_problems(loaded, ("posts",)) + duplicate_id_problems(loaded, ("links",))
    problems += partial_date_problems(loaded, ("reviewed",))
    for index, post in enumerate(data["posts"]):
        for lang in languages:
            text = post["text"][lang]
            path = ("posts", index, "text", lang)
            count = text.count(LINK)
            if count != 1:
                problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, data),
                                          f"text must contain {LINK} exactly once (found {count})"))
                continue
            length = post_length(post["kind"], text, "https://example.org/" + "x" * 60)
            limit = LIMITS[post["kind"]]
            if length > limit:
                problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, data),
                                          f"{length} characters as {post['kind']} counts them; the limit is {limit}"))
    return problems


def anchor_problems(loaded: Loaded, languages: list[str], pages: dict[str, str]) -> list[DataError]:
    """Every shared link must lead to a section that exists in every language. `pages` holds each
    page's Markdown by its path (docs/NAME.LANG.md), generated or hand-written."""
    problems = []
    for list_name in ("posts", "links"):
        for index, item in enumerate(loaded.data[list_name]):
            target = item["target"]
            for lang in languages:
                markdown = pages.get(f"docs/{target['page']}.{lang}.md")
                path = (list_name, index, "target")
                if markdown is None:
                    problem = f"no page docs/{target['page']}.{lang}.md"
                elif not re.search(rf"[{{]:?\s*#{re.escape(target['anchor'])}[\s}}]", markdown):
                    problem = f"no section #{target['anchor']} on docs/{target['page']}.{lang}.md"
                else:
                    continue
                problems.append(DataError(loaded.file, loaded.line_of(path), describe(path, loaded.data), problem))
    return problems


# The rights page

def _authority_name(authority: dict, lang: str) -> str:
    """The authority's own name if it has one in this language; otherwise its own names, marked
    with their language, followed by the page's way of referring to it."""
    own_names = authority.get("own_names", [])
    if not own_names:  # the entry names no single authority, e.g. "the authority of your German state"
        return _text(authority["name"][lang])
    same = [name for name in own_names if name["lang"] == lang]
    if same:
        return _text(same[0]["text"])
    # French and Dutch pages write the curly apostrophe even in a foreign name, as the French names
    # in data/sources.yml do: "Information Commissioner’s Office" (Dutch review, round 15).
    own = " / ".join(_lang_span(name["lang"], curled_apostrophes(name["text"], lang)) for name in own_names)
    return f"{own}, {_text(authority['name'][lang])}"


def _language_list(codes: list[str], names: dict, lang: str) -> str:
    """The languages, the page's own first: "Nederlands, Frans, Duits" on a Dutch page."""
    ordered = sorted(codes, key=lambda code: code != lang)
    return ", ".join(_text(names[code][lang]) for code in ordered)


def render_rights(data: dict, lang: str, sources: dict[str, dict]) -> str:
    sources = cited_in(sources, lang)
    ui = {key: value[lang] for key, value in data["ui"].items()}
    locale = ui["date_locale"]
    names = data["language_names"]
    page = data["page"]
    out = [front_matter(page["title"][lang], one_line(page["description"][lang]), data["reviewed"], RIGHTS),
           f"# {_text(page['title'][lang])}\n", _text(page["intro"][lang]) + "\n"]

    # The country list: plain anchor links, so choosing works without JavaScript.
    # An action section: its list of countries is what to use there, no copy-link button first (reader round 6).
    out.append(f"## {_text(ui['choose_heading'])} {{#choose .action-section}}\n")
    # A reader sent straight to the list learns that the authority of their own country takes the
    # complaint, not only the Irish one (reader review, round 7), and where the time limits are:
    # they are given once, below (Dutch review, round 15).
    note = data["choose_note"]
    out.append(with_citation(inline(note["text"][lang]), _cite(note["sources"], sources)) + " "
               + inline(ui["choose_deadline"]) + "\n")
    out.append('<div class="country-list" markdown>\n\n'
               + "\n".join(f"- [{_capital(_text(a['place'][lang]))}](#{a['id']})" for a in data["authorities"])
               + "\n\n</div>\n")

    out.append(f"## {_text(ui['rights_heading'])} {{#right-to-complain}}\n")
    objection = data["right_to_object"]
    out.append(with_citation(inline(objection['text'][lang]), _cite(objection['sources'], sources)) + "\n"
               "{: #right-to-object }\n")
    # #deadline: the note under #choose links to the time limits.
    for part, attributes in (("right_to_complain", ""), ("deadline", "{: #deadline }\n")):
        out.append(with_citation(inline(data[part]['text'][lang]), _cite(data[part]['sources'], sources)) + "\n" + attributes)
    out.append(f"### {_text(ui['before_heading'])} {{#before}}\n")
    out.append(with_citation(inline(data['before']['text'][lang]), _cite(data['before']['sources'], sources)) + "\n")

    out.append(f"## {_text(ui['where_heading'])} {{#where}}\n")
    for authority in data["authorities"]:
        out.append(_render_authority(authority, lang, ui, names, sources, locale))

    out.append(_render_access(data["access"], lang, ui, sources))

    out.append(f"## {_text(ui['forms_heading'])} {{#forms}}\n")
    for form in data["forms"]:
        out.append(f"### {_text(form['name'][lang])} {{#{form['id']}}}\n")
        if "link" in form:
            out.append(f"[{_text(ui['form_button'])}]({form['link']['url']}){{: .md-button }}"
                       f"{_in_language(form['link']['lang'], lang, ui, names)}\n")
        out.append(f"- **{_text(ui['does_word'])}** {_text(form['does'][lang])}\n"
                   f"- **{_text(ui['does_not_word'])}** {_text(form['does_not'][lang])}\n")
        out.append(f"<small>{_sources_word(ui, form['sources'], sources)} {_cite(form['sources'], sources)}</small>\n")

    # No "checked on" line: the date stands under the title and in the footer.
    return "\n".join(out)


def _render_authority(authority: dict, lang: str, ui: dict, names: dict, sources: dict, locale: str) -> str:
    link = next((l for l in authority["links"] if l["lang"] == lang), authority["links"][0])
    button = ui["complaint_button"] if link["kind"] == "complaint" else ui["info_button"]
    if "button" in authority:
        button = authority["button"][lang]
    in_language = _in_language(link["lang"], lang, ui, names)
    # The languages only where a source states them: no line saying that nothing is known.
    accepts = ([f"- **{_text(ui['accepts_word'])}** {_language_list(authority['accepts'], names, lang)}"]
               if authority.get("accepts") else [])
    checked = _text(ui["checked_word"]).replace(_text("{date}"), format_partial_date(authority["checked"], locale))
    # Sources, date and the way back each on a line of their own, not run together.
    return "\n".join([
        f"### {_capital(_text(authority['place'][lang]))} {{#{authority['id']}}}\n",
        f"**{_text(ui['authority_word'])}** {_authority_name(authority, lang)}\n",
        f"[{_text(button)}]({link['url']}){{: .md-button }}{in_language}\n",
        *accepts,
        f"- **{_text(ui['how_word'])}** {inline(authority['include'][lang])}\n",
        f"<small>{_sources_word(ui, authority['sources'], sources)} {_cite(authority['sources'], sources)}<br>\n{checked}<br>\n"
        f"[{_text(ui['back_to_list'])}](#choose)</small>\n{{: .authority-sources }}\n",
    ])


def _in_language(page_lang: str, lang: str, ui: dict, names: dict) -> str:
    """The words after a button whose page is in another language than ours, e.g. " (page in German)"."""
    if page_lang == lang:
        return ""
    return " " + _text(ui["page_language"]).replace(_text("{language}"), _text(names[page_lang][lang]))


def _render_access(access: dict, lang: str, ui: dict, sources: dict) -> str:
    out = [f"## {_text(ui['access_heading'])} {{#access}}\n",
           with_citation(inline(access['text'][lang]), _cite(access['sources'], sources)) + "\n",
           f"### {_text(ui['download_heading'])} {{#download}}\n"]
    download = access["download"]
    label = download["label"][lang]
    text = _text(download["do"][lang])
    if "text" in label:
        text = text.replace(_text("{label}"), ui_label(label["text"], ui["quote"], lang))
        text += f" <small>{_sources_word(ui, label['sources'], sources)} {_cite(label['sources'], sources)}</small>"
    elif download["unknown_note"][lang].strip():
        text += " " + _text(download["unknown_note"][lang])
    out.append(text + "\n")
    out.append(f"- **{_text(ui['does_word'])}** {_text(download['does'][lang])}\n"
               f"- **{_text(ui['does_not_word'])}** {_text(download['does_not'][lang])}\n")
    out.append(f"<small>{_sources_word(ui, download['sources'], sources)} {_cite(download['sources'], sources)}</small>\n")
    out.append(f"### {_text(ui['request_heading'])} {{#request}}\n")
    out.append(_text(ui["copy_hint"]) + "\n")
    # Salutation, request and closing, as in the guide's objection text.
    out.append(letter_block("access-text", "objection-letter copy-text", _text(access["letter_salutation"][lang]),
                            _text(access["letter"][lang]), _text(access["letter_closing"][lang]),
                            copy=one_line(ui["copy_request"])))
    out.append(with_citation(inline(access['send'][lang]), _cite(access['send_sources'], sources)) + "\n")
    return "\n".join(out)


# The share page

def _fill(template: str, **values: str) -> str:
    """A fixed phrase with its {placeholders} replaced; the phrase is escaped first, the values
    are text the generator made (numbers, dates, addresses)."""
    out = _text(template)
    for key, value in values.items():
        out = out.replace(_text("{" + key + "}"), value)
    return out


def render_share(data: dict, lang: str, languages: list[str], base: str, sources: dict[str, dict]) -> str:
    sources = cited_in(sources, lang)
    ui = {key: value[lang] for key, value in data["ui"].items()}
    page = data["page"]
    out = [front_matter(page["title"][lang], one_line(page["description"][lang]), data["reviewed"], SHARE),
           f"# {_text(page['title'][lang])}\n", _text(page["intro"][lang]) + "\n"]
    for post in data["posts"]:
        url = page_url(base, languages, lang, post["target"]["page"], post["target"]["anchor"])
        text = post["text"][lang]
        # LinkedIn counts the address as written, which depends on where the site lives: the
        # count leaves it out and the sentence says so ("... characters, plus the link").
        count = post_length(post["kind"], text, "")
        out.append(f"## {_text(post['heading'][lang])} {{#{post['id']}}}\n")
        out.append(f"<small>{_fill(ui['count_' + post['kind']], limit=str(LIMITS[post['kind']]), count=str(count))}"
                   f"</small>\n")
        # The address is shown as text, as it will appear in the post; copying takes the text as shown.
        out.append(f"{_text(text).replace(_text(LINK), _text(url))}\n"
                   f"{{: #share-{post['id']} .objection-letter .copy-text .share-post }}\n")
        out.append(f"<small>{_sources_word(ui, post['sources'], sources)} {_cite(post['sources'], sources)}</small>\n")
    out.append(f"## {_text(ui['links_heading'])} {{#links}}\n")
    out.append(_text(ui["links_intro"]) + "\n")
    items = []
    for link in data["links"]:
        url = page_url(base, languages, lang, link["target"]["page"], link["target"]["anchor"])
        items.append(f"- {_text(link['label'][lang])}<br>[{_text(url)}]({url})")
    out.append("\n".join(items) + "\n")
    return "\n".join(out)


# The printed guide's way back to the site: a QR code of the page's address, drawn here (offline,
# with segno) as inline SVG, with the address printed beside it. Shown in print only (site.css).

def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline <svg>, hidden from screen readers: the address printed
    beside it says the same in words."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=2, border=2, dark="#000", light="#fff").replace(
        "<svg ", '<svg aria-hidden="true" ', 1)


def render_print_link(share: dict, lang: str, languages: list[str], base: str, page: str = "opt-out") -> str:
    """The print-only block; its QR code is drawn at build time (`with_site_address`)."""
    url = page_url(base, languages, lang, page)
    return (f'\n<div class="print-link">\n{_QR_MARK}\n'
            f'<div>{_plain(share["ui"]["print_link"][lang])}<br><span class="print-link__url">{_plain(url)}</span></div>\n'
            f'</div>\n')


def share_outputs(root: Path, languages: list[str], share: Loaded, files: dict[str, str],
                  sources: dict[str, dict]) -> tuple[dict[str, str], list[DataError]]:
    """The share pages and the opt-out pages with their print block, from `files` (the generated
    pages so far); and the problems with shared links whose section does not exist."""
    base = ADDRESS
    pages = {f"docs/{p.name}": p.read_text(encoding="utf-8") for p in sorted((Path(root) / "docs").glob("*.md"))}
    pages.update(files)
    out = {}
    for lang in languages:
        out[f"docs/share.{lang}.md"] = render_share(share.data, lang, languages, base, sources)
        words = render_section_link_words(share.data, lang)
        out[f"docs/opt-out.{lang}.md"] = before_first_section(files[f"docs/opt-out.{lang}.md"], words) \
            + render_print_link(share.data, lang, languages, base)
        out[f"docs/rights.{lang}.md"] = before_first_section(files[f"docs/rights.{lang}.md"], words)
    return out, anchor_problems(share, languages, pages)


def before_first_section(page: str, block: str) -> str:
    """`page` with `block` just before its first section heading (a line starting "## ").
    The section-link words go there, not at the end: the stylesheet keeps the buttons' room under
    each heading once the page holds #section-link-words (`:has()`), and a browser draws a long
    page before it has read to its end; words at the end made the room, and what followed the
    first headings, appear a moment late (a layout shift)."""
    at = page.find("\n## ")
    if at < 0:
        return page + block
    return page[:at + 1] + block.strip("\n") + "\n\n" + page[at + 1:]


def render_section_link_words(share: dict, lang: str) -> str:
    """The words of the button that assets/site.js puts after each section heading (a link to that
    section, to copy), in the page's language. An empty hidden element: without JavaScript there
    is no button, and the heading's own anchor still works."""
    ui = share["ui"]
    return (f'\n<div id="section-link-words" hidden data-copy="{_plain(ui["section_link"][lang])}" '
            f'data-label="{_plain(ui["section_link_label"][lang])}" '
            f'data-copied="{_plain(ui["section_link_copied"][lang])}"></div>\n')
