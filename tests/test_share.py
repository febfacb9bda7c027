"""The share page and the printed guide's way back: posts within their platform's limits, links
that lead to an existing section in the reader's language, data shown as text, and a QR code
that decodes to the page's own address."""

from __future__ import annotations

import re

import pytest
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from conftest import LANGUAGES, ROOT, checkout_pages, language_root
from pagegen import generate
from pagegen.rights import ADDRESS, LIMITS, mastodon_length, page_url, post_length, x_length, with_site_address
from test_data import assert_rejected, edit, project  # noqa: F401  (project is a fixture)
from test_rights import _html

SHARE = "data/share.yml"
DATA = yaml.safe_load((ROOT / SHARE).read_text(encoding="utf-8"))


# Counting as the platforms count.

def test_x_counts_a_link_as_23_whatever_its_length():
    assert x_length("{link}") == 23
    assert x_length("abc {link}") == 27


def test_x_weighs_characters_as_twitter_text_does():
    assert x_length("é’«\u00a0") == 4  # Latin letters, typographic quotes and no-break spaces weigh 1
    assert x_length("中文") == 4  # CJK weighs 2
    assert x_length("😀") == 2
    assert x_length("e\u0301") == 1  # normalised to é first


def test_mastodon_counts_characters_and_a_link_as_23():
    assert mastodon_length("中文 {link}") == 3 + 23


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("post", DATA["posts"], ids=lambda p: p["id"])
def test_every_post_is_within_its_limit(post, lang):
    long_address = "https://an-organisation.example.org/" + "x" * 40 + "/"  # the limit holds for a long one too
    url = page_url(long_address, LANGUAGES, lang, post["target"]["page"], post["target"]["anchor"])
    assert post_length(post["kind"], post["text"][lang], url) <= LIMITS[post["kind"]]
    assert post["text"][lang].count("{link}") == 1


def _set_text(project, post_id: str, lang: str, text: str) -> int:
    """Replace a post's text in one language; returns the line it is on."""
    path = project / SHARE
    source = path.read_text(encoding="utf-8")
    start = source.index(f"  - id: {post_id}\n")
    line_start = source.index(f"      {lang}: ", source.index("    text:\n", start))
    line_end = source.index("\n", line_start)
    path.write_text(source[:line_start] + f"      {lang}: {yaml.safe_dump(text, allow_unicode=True, width=10000).splitlines()[0]}"
                    + source[line_end:], encoding="utf-8")
    return source[:line_start].count("\n") + 1


def test_a_post_at_the_x_limit_is_accepted_and_one_more_character_is_refused(project, capsys):
    _set_text(project, "short", "en", "a" * 256 + " {link}")  # 257 + 23 = 280
    generate(project)
    line = _set_text(project, "short", "en", "a" * 257 + " {link}")
    assert_rejected(project, capsys, f"{SHARE}:{line}:", "posts[short].text.en",
                    "281 characters as x counts them; the limit is 280")


def test_x_weighting_is_applied_to_the_limit(project, capsys):
    line = _set_text(project, "short", "nl", "中" * 129 + " {link}")  # 258 + 1 + 23 = 282
    assert_rejected(project, capsys, f"{SHARE}:{line}:", "posts[short].text.nl", "282 characters as x counts them")


def test_a_long_post_over_500_is_refused(project, capsys):
    line = _set_text(project, "long", "fr", "b" * 478 + " {link}")
    assert_rejected(project, capsys, f"{SHARE}:{line}:", "posts[long].text.fr",
                    "502 characters as mastodon counts them; the limit is 500")


def test_a_post_without_its_link_is_refused(project, capsys):
    line = _set_text(project, "linkedin", "en", "No link here.")
    assert_rejected(project, capsys, f"{SHARE}:{line}:", "posts[linkedin].text.en", "must contain {link} exactly once")


def test_a_link_to_a_missing_section_is_refused(project, capsys):
    line = edit(project, SHARE, "    target: {page: rights, anchor: access}", "    target: {page: rights, anchor: nowhere}")
    assert_rejected(project, capsys, f"{SHARE}:{line}:", "links[access].target", "no section #nowhere on docs/rights.en.md")


def test_missing_language(project, capsys):
    line = edit(project, SHARE, '      nl: "Kort bericht voor X"\n', "")
    assert_rejected(project, capsys, f"{SHARE}:{line - 2}:", "posts[short].heading", "missing language 'nl'")


def test_unknown_source(project, capsys):
    line = edit(project, SHARE, "    sources: [linkedin-a6278444, ota-vlopses, hcc-2025-09]",
                "    sources: [linkedin-a6278444, nobody]")
    assert_rejected(project, capsys, f"{SHARE}:{line}:", "posts[long].sources", "source 'nobody' is not listed")


@pytest.mark.parametrize("attack", ["<script>alert(1)</script> {link}", "[x](javascript:alert(1)) **b** {link}"])
def test_markup_in_a_post_is_shown_literally(project, attack):
    _set_text(project, "short", "en", attack)
    page = generate(project).files["docs/share.en.md"]
    post = _html(page).find(id="share-short")
    assert not post.find("script") and not post.find("a") and not post.find("strong")
    assert attack.split(" {link}")[0] in post.get_text()


# The built site.

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_share_page_builds_and_each_post_links_to_an_existing_section(built_site, site_url, lang):
    html = BeautifulSoup((built_site / language_root(lang) / "share/index.html").read_text(encoding="utf-8"), "lxml")
    assert html.html["lang"] == lang
    for post in DATA["posts"]:
        block = html.select_one(f"article #share-{post['id']}.copy-text")
        expected = page_url(site_url, LANGUAGES, lang, post["target"]["page"], post["target"]["anchor"])
        assert block.get_text().strip() == re.sub(r"[ \n]+", " ", post["text"][lang]).replace("{link}", expected)
        target = built_site / language_root(lang) / post["target"]["page"] / "index.html"
        assert BeautifulSoup(target.read_text(encoding="utf-8"), "lxml").find(id=post["target"]["anchor"])
    hrefs = [a["href"] for a in html.select("article ul a[href^='http']")]
    assert hrefs == [page_url(site_url, LANGUAGES, lang, link["target"]["page"], link["target"]["anchor"])
                     for link in DATA["links"]]


def _qr_image(svg: str) -> Image.Image:
    """The modules segno drew (one horizontal stroke per run of dark modules) as an image."""
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // int(re.search(r"scale\((\d+)\)", svg).group(1))
    image = Image.new("L", (size, size), 255)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                image.putpixel((column, int(y)), 0)
            x += float(a)
    return image.resize((size * 8, size * 8), Image.NEAREST)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_printed_guide_has_a_qr_code_of_its_own_address(built_site, site_url, lang):
    html = BeautifulSoup((built_site / language_root(lang) / "opt-out/index.html").read_text(encoding="utf-8"), "lxml")
    block = html.select_one("article .print-link")
    expected = f"{site_url}{language_root(lang)}opt-out/"
    assert block.select_one(".print-link__url").get_text() == expected
    assert block.svg["aria-hidden"] == "true"
    decoded = [result.text for result in zxingcpp.read_barcodes(_qr_image(str(block.svg)))]
    assert decoded == [expected]


# The address: docs/ carries a stand-in; the build puts in the site's own.

def test_the_generated_pages_carry_no_site_address():
    files = checkout_pages()
    for relative in ("docs/share.en.md", "docs/opt-out.nl.md"):
        assert ADDRESS in files[relative]
    for relative, content in files.items():
        assert "github.io" not in content and "127.0.0.1" not in content and "<svg" not in content, relative


def test_the_build_puts_in_the_address_and_draws_the_qr_code_for_it():
    page = checkout_pages()["docs/opt-out.fr.md"]
    block = page[page.index('<div class="print-link">'):]
    built = with_site_address(block, "https://example.org/a_b/")
    assert ADDRESS not in built and "qr-code" not in built
    svg = re.search(r"<svg.*?</svg>", built, re.S).group(0)
    assert [r.text for r in zxingcpp.read_barcodes(_qr_image(svg))] == ["https://example.org/a_b/fr/opt-out/"]
    assert with_site_address("<p>no address here</p>", "https://example.org/") == "<p>no address here</p>"


def test_the_section_link_buttons_name_starts_with_its_visible_words():
    """WCAG 2.5.3 (label in name): a speech-input user says what the button shows. A French name
    that reworded the visible words failed axe and IBM on every page with section links."""
    ui = DATA["ui"]
    for lang, shown in ui["section_link"].items():
        assert ui["section_link_label"][lang].format(heading="X").startswith(shown), lang
