"""scripts/pagegen/slim_css.py: which of Material's rules survive the trimming, and why.
(test_browser.py checks the result on the real site: every computed style stays the same.)"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from pagegen.material_patches import RESTATED, StalePatch, restate
from pagegen.slim_css import replace_stylesheets, slim, slim_site

PAGE = '<html class="no-js"><body><nav class="md-nav"><a class="md-nav__link" id="top">x</a></nav></body></html>'


def trimmed(css: str, page: str = PAGE, scripts: tuple = (), other_css: tuple = ()) -> str:
    return slim({"main.css": css}, [page], list(scripts), list(other_css))["main.css"]


def test_a_rule_stays_only_if_everything_it_names_is_on_a_page_or_in_a_script():
    css = ".md-nav .md-nav__link{color:red}.md-tabs{color:blue}.md-nav .md-tooltip{color:green}"
    assert trimmed(css) == ".md-nav .md-nav__link{color:red}"
    # Material's script creates tooltips itself: a class named in a script is kept.
    assert ".md-tooltip" in trimmed(css, scripts=['e.className="md-tooltip"'])


def test_only_the_selectors_that_can_match_stay_in_a_list():
    assert trimmed(".md-nav__link,.md-blog,#top,#gone,a,table{margin:0}") == ".md-nav__link,#top,a{margin:0}"


def test_pseudo_classes_and_negations_do_not_remove_a_rule():
    css = ".md-nav__link:hover:not(.md-nav__link--active)::after{x:1}.md-nav:is(.absent,.md-nav){y:2}" \
          ".md-nav:is(.absent){z:3}"
    assert trimmed(css) == ".md-nav__link:hover:not(.md-nav__link--active)::after{x:1}.md-nav:is(.absent,.md-nav){y:2}"


def test_attribute_selectors_need_the_attribute_and_its_value():
    page = '<body data-md-color-scheme="slate" dir="ltr"></body>'
    css = "[data-md-color-scheme=slate]{a:1}[data-md-color-scheme=pink]{b:2}[dir=rtl] body{c:3}[data-md-color-scheme]{d:4}"
    assert trimmed(css, page) == "[data-md-color-scheme=slate]{a:1}[data-md-color-scheme]{d:4}"


def test_media_queries_keep_their_rules_and_vanish_when_empty():
    css = "@media screen and (min-width:76.25em){.md-nav{a:1}.md-tabs{b:2}}@media print{.md-tabs{c:3}}"
    assert trimmed(css) == "@media screen and (min-width:76.25em){.md-nav{a:1}}"


def test_custom_properties_stay_while_something_uses_them():
    css = (":root{--used:1px;--chained:var(--used);--unused:url(big.svg);--by-site:2;--by-script:3}"
           ".md-nav{margin:var(--chained)}")
    out = trimmed(css, scripts=['style.setProperty("--md-by-script-x",1)'], other_css=("a{top:var(--by-site)}",))
    assert out == ":root{--used:1px;--chained:var(--used);--by-site:2}.md-nav{margin:var(--chained)}"
    # ...whichever of the trimmed stylesheets uses them
    both = slim({"main.css": ":root{--md-hue:225deg}", "palette.css": "[id=top]{--x:hsla(var(--md-hue))}a{color:var(--x)}"},
                [PAGE], [])
    assert both["main.css"] == ":root{--md-hue:225deg}"


def test_keyframes_stay_only_if_a_kept_rule_animates_with_them():
    css = "@keyframes spin{to{transform:rotate(1turn)}}@keyframes pulse{to{opacity:0}}" \
          ".md-nav{animation:spin 1s}.md-tabs{animation:pulse 1s}"
    assert trimmed(css) == "@keyframes spin{to{transform:rotate(1turn)}}.md-nav{animation:spin 1s}"


def test_important_and_strings_survive():
    css = '.md-nav__link:before{content:"\\2192";color:red!important}'
    # the escape comes out as the character itself: the same string in a UTF-8 stylesheet
    assert trimmed(css) == '.md-nav__link:before{content:"\u2192";color:red!important}'


def test_restate_finds_the_moved_checkboxes_and_the_titles_that_are_no_longer_labels():
    """material-patches.yml moved the menu's and search's checkboxes into the header and made two
    titles <div>s: Material's rules that found them by position or by `for` find them by what they are."""
    css = ("[data-md-toggle=drawer]:checked~.md-overlay{a:1}"
           "[dir=rtl] [data-md-toggle=drawer]:checked~.md-container .md-sidebar--primary{b:2}"
           "[data-md-toggle=search]:checked~.md-header .md-search__inner{c:3}"
           ".md-nav--primary .md-nav__title[for=__drawer]{d:4}.md-nav--secondary .md-nav__title[for=__toc]{e:5}"
           ".md-nav__toggle:checked~.md-nav{f:6}.md-search__icon[for=__search]{g:7}")
    assert restate(css) == (
        "body:has([data-md-toggle=drawer]:checked)>.md-overlay{a:1}"
        "body[dir=rtl]:has([data-md-toggle=drawer]:checked)>.md-container .md-sidebar--primary{b:2}"
        "body:has([data-md-toggle=search]:checked)>.md-header .md-search__inner{c:3}"
        ".md-nav--primary .md-nav__title.site-drawer-title{d:4}.md-nav--secondary .md-nav__title.site-toc-title{e:5}"
        # untouched: checkboxes that stayed where Material puts them, labels that stayed labels
        ".md-nav__toggle:checked~.md-nav{f:6}.md-search__icon[for=__search]{g:7}")


def test_restate_covers_every_such_selector_in_materials_stylesheet():
    """Against Material's real stylesheet: the patterns still match it (a new Material that
    writes them otherwise fails here, not silently on the site), and none is left over."""
    material = Path(__import__("material").__file__).parent / "templates" / "assets" / "stylesheets"
    css = next(material.glob("main.*.min.css")).read_text(encoding="utf-8")
    left = restate(css)
    for pattern, _ in RESTATED:
        assert pattern.search(css), f"Material's stylesheet no longer has {pattern.pattern}"
        assert not pattern.search(left)
    assert not re.search(r"data-md-toggle=(drawer|search)\]:checked~|__title\[for=", left)


def test_restate_names_a_pattern_that_no_longer_matches():
    with pytest.raises(StalePatch, match="RESTATED.*no longer has"):
        restate(".md-nav__title[for=__drawer]{d:4}")


def test_the_site_links_to_the_rewritten_copy_under_a_new_name(tmp_path):
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir(parents=True)
    (styles / "main.0123abcd.min.css").write_text(".md-nav{a:1}.md-blog{b:2}" * 50, encoding="utf-8")
    (styles / "main.0123abcd.min.css.map").write_text("{}", encoding="utf-8")
    (tmp_path / "assets" / "site.css").write_text("", encoding="utf-8")
    (tmp_path / "assets" / "bundle.js").write_text("", encoding="utf-8")
    page = tmp_path / "nl" / "index.html"
    page.parent.mkdir()
    page.write_text('<link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">' + PAGE, encoding="utf-8")

    name = "assets/stylesheets/main.0123abcd.min.css"
    trimmed = slim_site(tmp_path, {name: (tmp_path / name).read_text(encoding="utf-8")}, ["assets/site.css"],
                        ["assets/bundle.js"])
    renamed = replace_stylesheets(tmp_path, trimmed)

    new = renamed[name]
    assert new.startswith("assets/stylesheets/main.") and new != name
    assert sorted(p.name for p in styles.iterdir()) == [new.rsplit("/", 1)[1]]  # old file and its map gone
    assert f'href="../{new}"' in page.read_text(encoding="utf-8")
    assert len(gzip.compress((tmp_path / new).read_bytes())) < 100


def test_an_unchanged_site_reuses_the_last_trimming_and_a_changed_one_does_not(tmp_path, monkeypatch):
    import pagegen.slim_css as slim_css

    def make_site(folder, page):
        (folder / "assets").mkdir(parents=True)
        (folder / "assets" / "main.0123abcd.min.css").write_text(".md-nav{a:1}.md-blog{b:2}", encoding="utf-8")
        (folder / "index.html").write_text(page, encoding="utf-8")

    calls = []
    real_trim = slim_css.trim
    monkeypatch.setattr(slim_css, "trim", lambda *args: calls.append(1) or real_trim(*args))
    cache = tmp_path / "cache"
    for number, page in enumerate([PAGE, PAGE, PAGE.replace("md-nav", "md-blog")]):
        make_site(tmp_path / str(number), page)
        name = "assets/main.0123abcd.min.css"
        css = slim_site(tmp_path / str(number), {name: (tmp_path / str(number) / name).read_text(encoding="utf-8")},
                        [], [], cache_dir=cache)[name]
        assert css == (".md-blog{b:2}" if number == 2 else ".md-nav{a:1}")
    assert len(calls) == 2  # the second, identical site came from the cache


def test_trimming_can_be_switched_off(tmp_path):
    """TRIM_CSS=false: Material's whole stylesheet, only restated for the moved checkboxes (which
    the menu needs), and the site's own stylesheet with its comments."""
    import os
    import subprocess
    import sys

    from conftest import ROOT, copy_project

    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TRIM_CSS="false")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    material = Path(__import__("material").__file__).parent / "templates" / "assets" / "stylesheets"
    full = restate(next(material.glob("main.*.min.css")).read_text(encoding="utf-8"))
    served = re.search(r'href="(assets/stylesheets/main\.[0-9a-f]{8}\.min\.css)"',
                       (site / "index.html").read_text(encoding="utf-8")).group(1)
    assert (site / served).read_text(encoding="utf-8") == full
    assert (site / "assets/site.css").read_bytes() == (ROOT / "docs/assets/site.css").read_bytes()
