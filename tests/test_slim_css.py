"""scripts/pagegen/slim_css.py: which of Material's rules survive the trimming, and why.
(test_browser.py checks the result on the real site: every computed style stays the same.)"""

from __future__ import annotations

import gzip

from pagegen.slim_css import slim, slim_site

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


def test_the_site_links_to_the_trimmed_copy_under_a_new_name(tmp_path):
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir(parents=True)
    (styles / "main.0123abcd.min.css").write_text(".md-nav{a:1}.md-blog{b:2}" * 50, encoding="utf-8")
    (styles / "main.0123abcd.min.css.map").write_text("{}", encoding="utf-8")
    (tmp_path / "assets" / "site.css").write_text("", encoding="utf-8")
    (tmp_path / "assets" / "bundle.js").write_text("", encoding="utf-8")
    page = tmp_path / "nl" / "index.html"
    page.parent.mkdir()
    page.write_text('<link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">' + PAGE, encoding="utf-8")

    renamed = slim_site(tmp_path, ["assets/stylesheets/main.0123abcd.min.css"], ["assets/site.css"], ["assets/bundle.js"])

    new = renamed["assets/stylesheets/main.0123abcd.min.css"]
    assert new.startswith("assets/stylesheets/main.") and new != "assets/stylesheets/main.0123abcd.min.css"
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
        renamed = slim_site(tmp_path / str(number), ["assets/main.0123abcd.min.css"], [], [], cache_dir=cache)
        css = (tmp_path / str(number) / renamed["assets/main.0123abcd.min.css"]).read_text(encoding="utf-8")
        assert css == (".md-blog{b:2}" if number == 2 else ".md-nav{a:1}")
    assert len(calls) == 2  # the second, identical site came from the cache
