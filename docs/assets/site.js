/* Progressive enhancements. The pages are complete without this file. Nothing here sends data
   anywhere; the only storage is sessionStorage, for this tab only: a dismissed language offer and
   the reader's reasons in the objection's box (whose line under its label says so). */
(function () {
  "use strict";

  // "Copy: heading" in an aria-label; French puts a no-break space before the colon.
  function labelled(word, text) {
    var sep = document.documentElement.lang.split("-")[0] === "fr" ? "\u00a0: " : ": ";
    return word + sep + text;
  }

  // Offer the page in the browser's preferred language (one line; no redirect, no cookie).
  function offerLanguage() {
    var data = document.getElementById("__language_offer");
    if (!data) return;
    var offers = JSON.parse(data.textContent);
    var current = document.documentElement.lang;
    var preferred = null;
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var base = String(wanted[i]).toLowerCase().split("-")[0];
      if (offers[base]) { preferred = base; break; }
    }
    if (!preferred || preferred === current) return;
    try { if (sessionStorage.getItem("lang-offer-dismissed") === current) return; } catch (e) { /* storage off */ }
    var link = document.querySelector('.md-select__link[hreflang="' + preferred + '"]');
    if (!link) return;
    var offer = offers[preferred];
    // An <aside> with a name: a landmark of its own, since it sits outside the page's main.
    var box = document.createElement("aside");
    box.className = "lang-offer";
    box.lang = preferred;
    box.setAttribute("aria-label", offer.link);
    var text = document.createElement("span");
    text.textContent = offer.text;
    var go = document.createElement("a");
    go.href = link.getAttribute("href");
    go.hreflang = preferred;
    go.textContent = offer.link;
    var no = document.createElement("button");
    no.type = "button";
    // A small ✕ keeps the bar one or two lines high on a phone; its name says what it does.
    no.textContent = "\u2715";
    no.setAttribute("aria-label", offer.dismiss);
    no.title = offer.dismiss;
    no.addEventListener("click", function () {
      try { sessionStorage.setItem("lang-offer-dismissed", current); } catch (e) { /* storage off */ }
      box.remove();
    });
    var words = document.createElement("span");
    words.append(text, " ", go);
    box.append(words, no);
    document.body.append(box);
  }

  // What a copy button copies: the text as shown, its paragraphs (the objection text's salutation,
  // text and closing) a blank line apart, as the reader would type them into the form.
  function copiedText(block) {
    var paragraphs = block.querySelectorAll("p");
    if (!paragraphs.length) return block.textContent.trim();
    return Array.prototype.map.call(paragraphs, function (p) {
      return p.textContent.replace(/[ \t\r\n]+/g, " ").trim();
    }).filter(Boolean).join("\n\n");
  }

  // A copy button after each text meant to be pasted: the objection text on the opt-out page,
  // the access request on the rights page (.copy-text), the posts on the share page. It never
  // fails in silence: what happened is said in a status region under it (read out by screen
  // readers); when the browser refuses the clipboard (some in-app browsers, a denied permission),
  // the text is selected and the message says how to copy it. The label comes back after 4 s.
  function addCopyButton() {
    var blocks = document.querySelectorAll("#objection-text, .copy-text");
    var wordsData = document.getElementById("__copy_words");
    if (!blocks.length || !wordsData) return;
    var words = JSON.parse(wordsData.textContent);
    var config = JSON.parse(document.getElementById("__config").textContent);
    var labels = config.translations || {};
    var copy = labels["clipboard.copy"] || "Copy", copied = labels["clipboard.copied"] || "Copied";
    Array.prototype.forEach.call(blocks, function (block) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button copy-button";
      // The button says what it copies (the objection text, the access request): a hurried reader
      // must not paste anything else.
      var own = block.id === "objection-text" && document.getElementById("objection-words");
      var name = (own ? own.getAttribute("data-copy") : block.getAttribute("data-copy")) || copy;
      // How to copy without the button (the objection text's line for readers without JavaScript).
      var selectHint = own && document.querySelector(".objection-select-hint");
      if (selectHint) selectHint.hidden = true;
      button.textContent = name;
      // Several copy buttons on a page (the share page's posts): each names what it copies.
      var heading = blocks.length > 1 && previousHeading(block);
      // After the colon the heading goes on in lower case ("Share: short post for X"), unless its
      // first word keeps a capital inside it (LinkedIn) or is an abbreviation.
      var title = heading ? heading.textContent.trim().replace(/^(\S)(\S*)/, function (word, first, rest) {
        return rest && rest === rest.toLowerCase() ? first.toLowerCase() + rest : word;
      }) : "";
      if (heading) button.setAttribute("aria-label", labelled(copy, title));
      var status = document.createElement("p");
      status.className = "copy-message";
      status.setAttribute("role", "status");
      var reset = null;
      function say(label, message) {
        button.textContent = label;
        status.textContent = message;
        clearTimeout(reset);
        reset = setTimeout(function () { button.textContent = name; }, 4000);
      }
      function select() {
        var range = document.createRange();
        range.selectNodeContents(block);
        var selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
      button.addEventListener("click", function () {
        var text = copiedText(block);
        var write = navigator.clipboard && navigator.clipboard.writeText
          ? navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"));
        write.then(function () {
          var message = block.id === "objection-text" ? words.done_form : words.done;
          // The reader's own reasons are what LinkedIn must weigh: while the part in brackets is
          // still there, that is all the message says, without "Next: open the form" (reader
          // review, round 5: a hurried reader stopped reading there and sent the brackets).
          var slot = own && block.querySelector(".letter-slot:not([data-filled])");
          var left = slot && own.getAttribute("data-slot-left");
          if (left) message = left;
          // Nor does the button say just "Copied" then (reader review, round 6: a hurried reader
          // saw "Copied" and left): it says the reasons are missing, and a link leads to their box.
          say(left && own.getAttribute("data-copied-left") || copied, message);
          if (left) status.append(writeReasonsLink(own));
        }, function () {
          select();
          // Ctrl+C only where there is a keyboard's companion, a fine pointer; on a touch screen, touch and hold.
          var keyboard = matchMedia("(any-pointer: fine)").matches;
          say(name, keyboard || !words.refused_touch ? words.refused : words.refused_touch);
        });
      });
      button.addEventListener("site:text-changed", function () {
        clearTimeout(reset);
        button.textContent = name;
        status.textContent = "";
      });
      block.insertAdjacentElement("afterend", button);
      button.insertAdjacentElement("afterend", status);
      // A post can also go to the phone's own share sheet (no third party: the browser's).
      if (block.classList.contains("share-post") && navigator.share && words.share) {
        var share = document.createElement("button");
        share.type = "button";
        share.className = "md-button share-button";
        share.textContent = words.share;
        // Its name without the "…" that shows a dialog follows: a screen reader read "Share…: Short post".
        if (heading) share.setAttribute("aria-label", labelled(words.share.replace(/\s*(…|\.\.\.)$/, ""), title));
        share.addEventListener("click", function () {
          navigator.share({ text: block.textContent.trim() }).catch(function () { /* closed by the reader */ });
        });
        button.insertAdjacentElement("afterend", share);
      }
    });
  }

  // A link to the reasons box that puts the cursor in it, for the copy message while the part in
  // brackets is still in the text; nothing where there is no box (no words for it).
  function writeReasonsLink(words) {
    var field = document.getElementById("letter-reasons");
    if (!field || !words.getAttribute("data-write")) return "";
    var link = document.createElement("a");
    link.href = "#letter-reasons";
    link.className = "copy-write-reasons";
    link.textContent = words.getAttribute("data-write");
    var arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = " \u2191";  // the box is above
    link.append(arrow);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      field.focus({preventScroll: true});
      field.scrollIntoView({block: "center"});
    });
    var line = document.createDocumentFragment();
    line.append(" ", link);
    return line;
  }

  function previousHeading(element) {
    for (var node = element.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[2-4]$/.test(node.tagName)) return node;
    }
    return null;
  }

  // A button after each section heading of the guide that copies the section's address. Its
  // words come from the page (#section-link-words, in the page's language); the heading's own
  // anchor works without it.
  function addSectionLinks() {
    var words = document.getElementById("section-link-words");
    if (!words || !navigator.clipboard) return;
    // Not in the action sections: there the one button to use is the text's or the setting's.
    var headings = document.querySelectorAll(".md-content article h2[id]:not(.action-section)");
    Array.prototype.forEach.call(headings, function (heading) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "section-link";
      button.textContent = words.getAttribute("data-copy");
      // Nine buttons with one name are nine riddles for a screen reader: each names its section.
      // In the page's own pattern (data/share.yml): French names the section in quotation marks.
      var title = heading.textContent.trim();
      button.setAttribute("aria-label", words.getAttribute("data-label").replace("{heading}", function () { return title; }));
      button.addEventListener("click", function () {
        var address = location.href.split(/[?#]/)[0] + "#" + heading.id;  // no query: no tracking parameters passed on
        navigator.clipboard.writeText(address).then(function () {
          button.textContent = words.getAttribute("data-copied");
        });
      });
      heading.insertAdjacentElement("afterend", button);
    });
  }

  // The search results are a tab stop so that keyboard readers can scroll them (axe:
  // scrollable-region-focusable), but only while they scroll: a tab stop that does not scroll
  // needs a widget role (IBM: element_tabbable_role_valid), and there is nothing to scroll in
  // "Type to start searching" or a short list.
  function searchResultsTabStopWhileTheyScroll() {
    var area = document.querySelector(".md-search__scrollwrap");
    if (!area || !window.ResizeObserver) return;
    function update() {
      if (area.scrollHeight > area.clientHeight) area.setAttribute("tabindex", "0");
      else area.removeAttribute("tabindex");
    }
    var observer = new ResizeObserver(update);
    observer.observe(area);
    if (area.firstElementChild) observer.observe(area.firstElementChild);
    update();
  }

  // Search's checkbox (material-patches.yml: header-search-checkbox) is out of the tab order and of the
  // accessibility tree. A click on search's button or back arrow (its labels) focuses it:
  // opening, the focus goes on to the search field; closing, it leaves (the field is then out
  // of sight). Material's overlay was a second label of it; here it is a <div>
  // (material-patches.yml: search-dialog-name-and-overlay), and a click on it, the dimmed page
  // around open search, closes search. A keyboard opens search from the field: on a phone, where
  // closed search is a field of zero size, the field's focus opens it at once, and a Tab that
  // leaves open search closes it, so the focus is never on something out of sight or under it.
  function searchCheckboxFromItsButtonsAndOverlay() {
    var toggle = document.getElementById("__search");
    var field = document.querySelector(".md-search__input");
    var search = document.querySelector(".md-search");
    var overlay = document.querySelector(".md-search__overlay");
    if (!toggle || !field || !search || !overlay) return;
    toggle.addEventListener("focus", function () {
      if (toggle.checked) toggle.blur();
      else field.focus();
    });
    field.addEventListener("focus", function () {
      // after the click that may have brought the focus here (search's button) has had its effect
      setTimeout(function () {
        if (!toggle.checked && document.activeElement === field) toggle.click();
      });
    });
    document.addEventListener("focusin", function (event) {
      if (toggle.checked && event.target !== toggle && !search.contains(event.target)) toggle.click();
    });
    // On a phone Material locks the page's scrolling while search is open and, once it closes,
    // scrolls back to where the reader was: the element the focus has moved on to since then is
    // brought back into view.
    new MutationObserver(function () {
      var focused = document.activeElement;
      if (!document.body.hasAttribute("data-md-scrolllock") && focused && focused !== document.body) {
        focused.scrollIntoView({block: "nearest"});
      }
    }).observe(document.body, {attributes: true, attributeFilter: ["data-md-scrolllock"]});
    overlay.addEventListener("click", function () {
      if (toggle.checked) toggle.click();
    });
  }

  // On a phone, closed search is a field of zero size whose focus opens search full screen: a
  // Tab that only passed by opened it (review R10). There, search's button becomes a real button,
  // a tab stop that opens search when pressed, and the closed field leaves the tab order. (Wider,
  // the field is in the header and is the tab stop; Material hides the button there.)
  function searchButtonOnPhones() {
    var toggle = document.getElementById("__search");
    var label = document.querySelector('label.md-header__button[for="__search"]');
    var field = document.querySelector(".md-search__input");
    if (!toggle || !label || !field) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon site-search-button";
    Array.prototype.forEach.call(label.childNodes, function (node) { button.append(node.cloneNode(true)); });
    label.hidden = true;
    label.insertAdjacentElement("afterend", button);
    var phone = matchMedia("(max-width: 59.984375em)");
    function update() {
      if (phone.matches && !toggle.checked) field.setAttribute("tabindex", "-1");
      else field.removeAttribute("tabindex");
    }
    button.addEventListener("click", function () {
      if (!toggle.checked) toggle.click();
      update();
      field.focus();
    });
    toggle.addEventListener("change", update);
    phone.addEventListener("change", update);
    new MutationObserver(update).observe(document.body, {attributes: true, attributeFilter: ["data-md-scrolllock"]});
    update();
  }

  // The palette button shown after the selected scheme's radio selects the next scheme
  // (overrides/partials/palette.html: a label of no radio, so no longer a label of the next).
  function paletteButtonSelectsTheNextScheme() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".md-header__option label");
      var radio = button && button.previousElementSibling;
      if (!radio || radio.name !== "__palette") return;
      var radios = document.querySelectorAll("input[name=__palette]");
      var index = Array.prototype.indexOf.call(radios, radio);
      radios[(index + 1) % radios.length].click();
    });
  }

  // The phone menu's checkbox is a tab stop (material-patches.yml: header-menu-checkbox). Escape closes the
  // open menu and leaves the focus on that checkbox; a Tab or Shift+Tab that leaves the open menu
  // closes it, so the focus does not go under it. A tap or click that opens or closes it
  // leaves no focus there: Material's shortcut keys ("/" for search...) ignore key presses while
  // a form field has the focus. (A wide screen has no menu button: the checkbox is not shown.)
  function menuCheckboxFromKeyboardAndPointer() {
    var toggle = document.getElementById("__drawer");
    var menu = document.querySelector(".md-sidebar--primary");
    if (!toggle || !menu) return;
    function open() { return toggle.checked && toggle.getClientRects().length > 0; }
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !open()) return;
      toggle.click();
      toggle.focus();
    });
    document.addEventListener("focusin", function (event) {
      if (open() && event.target !== toggle && !menu.contains(event.target)) toggle.click();
    });
    toggle.addEventListener("change", function () {
      if (document.activeElement === toggle && !toggle.matches(":focus-visible")) toggle.blur();
    });
  }

  // The language list keeps the section the reader is in: the pages of all languages share their
  // section anchors, so "#object" in Dutch is "#object" in French. The current language is marked.
  function languageSwitchKeepsTheSection() {
    var links = document.querySelectorAll(".md-select__link[hreflang]");
    var current = document.documentElement.lang;
    Array.prototype.forEach.call(links, function (link) {
      if (link.getAttribute("hreflang") === current) link.setAttribute("aria-current", "true");
    });
    function update() {
      var others = document.querySelectorAll(".md-select__link[hreflang], .lang-offer a[hreflang]");
      Array.prototype.forEach.call(others, function (link) {
        link.setAttribute("href", link.getAttribute("href").split("#")[0] + location.hash);
      });
    }
    addEventListener("hashchange", update);
    update();
    // At the moment of choosing, the section the reader is now in (the last heading that has
    // reached the upper third of the screen), not the one they arrived at; none above
    // the first heading.
    function sectionInView() {
      // The section the address names, while its heading is still in the upper part of the screen.
      var named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (named) {
        var at = named.getBoundingClientRect().top;
        if (at >= 0 && at < innerHeight / 2) return named.id;
      }
      var found = "";
      var header = document.querySelector(".md-header");
      // A heading in the upper third of the screen starts the section being read.
      var top = Math.max((header ? header.getBoundingClientRect().bottom : 0) + 48, innerHeight / 3);
      var headings = document.querySelectorAll(".md-content article :is(h2, h3)[id]");
      // A section's own heading still on screen wins over its first subsection's just below it
      // (the objection's "Text you can paste" follows its heading after one sentence).
      var section = "";
      for (var i = 0; i < headings.length; i++) {
        var at = headings[i].getBoundingClientRect().top;
        if (at > top) break;
        found = headings[i].id;
        if (headings[i].tagName === "H2") section = at >= 0 ? found : "";
      }
      return section || found;
    }
    function follow(event) {
      var link = event.target.closest && event.target.closest(".md-select__link[hreflang], .lang-offer a[hreflang]");
      if (!link) return;
      // Not moved by the reader: they are where they arrived (the address's #section, if any),
      // even while the browser or Material is still scrolling there.
      var section = moved ? sectionInView() : location.hash.slice(1);
      link.setAttribute("href", link.getAttribute("href").split("#")[0] + (section ? "#" + section : ""));
    }
    var moved = false;
    ["wheel", "touchmove", "keydown"].forEach(function (type) {
      addEventListener(type, function () { moved = true; }, {passive: true, capture: true});
    });
    document.addEventListener("pointerdown", follow, true);
    document.addEventListener("focusin", follow, true);
    document.addEventListener("click", follow, true);
  }

  // Where the reader probably lives: the time zone where it names a country (a phone set to en-US
  // in Amsterdam is in the Netherlands), else the region of the browser's language (en-GB: the UK).
  // Guernsey, Jersey and the Isle of Man are Crown Dependencies, not part of the UK: the UK GDPR
  // does not apply there and LinkedIn's European notice names only the EU/EEA, Switzerland and the
  // UK, so their own codes lead to the region without a legal sentence (not to the UK's).
  var ZONES = {London: "GB", Belfast: "GB", Guernsey: "GG", Jersey: "JE", Isle_of_Man: "IM",
    Zurich: "CH", Vaduz: "LI", Busingen: "DE", Reykjavik: "IS", Longyearbyen: "NO", Oslo: "NO",
    Amsterdam: "NL", Brussels: "BE", Paris: "FR", Monaco: "MC", Berlin: "DE", Luxembourg: "LU", Vienna: "AT",
    Rome: "IT", Madrid: "ES", Canary: "ES", Lisbon: "PT", Madeira: "PT", Azores: "PT", Dublin: "IE",
    Copenhagen: "DK", Stockholm: "SE", Helsinki: "FI", Mariehamn: "FI", Warsaw: "PL", Prague: "CZ",
    Bratislava: "SK", Budapest: "HU", Ljubljana: "SI", Zagreb: "HR", Bucharest: "RO", Sofia: "BG",
    Athens: "GR", Nicosia: "CY", Famagusta: "CY", Malta: "MT", Riga: "LV", Vilnius: "LT", Tallinn: "EE",
    Hong_Kong: "HK"};
  function readersCountry() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { /* old browser */ }
    var tag = String((navigator.languages || [navigator.language || ""])[0] || "");
    var fromLanguage = (tag.split("-")[1] || "").toUpperCase();
    var fromZone = ZONES[zone.split("/").pop()];
    // Liechtenstein (EEA: the GDPR) keeps Swiss time, and tz data makes Europe/Vaduz an alias of
    // Europe/Zurich, so a device there may report Zurich. Zurich still means Switzerland, the
    // likeliest by far, unless the browser's language names Liechtenstein (de-LI). Not de-DE:
    // that is as likely a German in Switzerland as a reader in Büsingen. The reader can change
    // the choice either way.
    if (fromZone === "CH" && fromLanguage === "LI") return fromLanguage;
    return fromZone || fromLanguage;
  }

  // A paragraph (by selector) and the bullet list right after it, which the objection's tools
  // replace with JavaScript; null when the page has no such pair.
  function introducedList(selector) {
    var intro = document.querySelector(selector);
    var list = intro && intro.nextElementSibling;
    return list && list.tagName === "UL" ? {intro: intro, list: list} : null;
  }

  // The objection text's first sentence depends on where the reader lives. With JavaScript, the
  // list of regions under the text's heading becomes a choice that puts the chosen region's
  // sentence in the text (or leaves it out, where the sources name no law), with that region's
  // note below it, above the text; the first choice is the reader's region as readersCountry()
  // guesses it, else the default. Without JavaScript the list stays, after the text, to be read.
  function letterRegionChoice() {
    var letter = document.querySelector("#objection-text .letter-law");
    var words = document.getElementById("objection-words");
    var law = introducedList(".objection-law");
    if (!letter || !words || !law) return;
    var intro = law.intro, list = law.list;
    var regions = list.querySelectorAll(".letter-law-region[data-variant]");
    var wrap = document.createElement("p");
    wrap.className = "letter-region";
    var label = document.createElement("label");
    label.htmlFor = "letter-region";
    label.textContent = words.getAttribute("data-choose");
    var select = document.createElement("select");
    select.id = "letter-region";
    var note = document.createElement("p");
    note.className = "letter-region-note";
    note.setAttribute("role", "status");  // a new region's note is said when the choice changes
    var country = readersCountry();
    var chosen = -1, fallback = 0, other = -1;
    Array.prototype.forEach.call(regions, function (region, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = region.textContent.replace(/\s*:\s*$/, "");
      select.append(option);
      if (region.hasAttribute("data-default")) fallback = index;
      if (region.hasAttribute("data-other-countries")) other = index;
      if (country && (" " + region.getAttribute("data-countries") + " ").indexOf(" " + country + " ") >= 0) chosen = index;
    });
    if (chosen < 0) chosen = country && other >= 0 ? other : fallback;
    function show() {
      var item = regions[Number(select.value)].parentNode;
      var sentence = item.querySelector(".letter-law-sentence");
      letter.textContent = sentence ? sentence.textContent : "";
      letter.hidden = !sentence;
      // The note only, not its "leave the first sentence out" (for readers without JavaScript),
      // but with its sources and the full stop after them, as in the list (nl review 14: the
      // note alone lacked its full stop, which follows the sources).
      var text = item.querySelector(".letter-law-note");
      note.textContent = "";
      for (var node = text; node; node = node.nextSibling) note.append(node.cloneNode(true));
      objectionTextChanged();
    }
    select.value = String(chosen);
    select.addEventListener("change", show);
    wrap.append(label, " ", select);
    intro.hidden = true;
    list.hidden = true;
    // Without JavaScript the list is collapsed under a summary of its own: that goes too.
    var more = intro.closest("details");
    if (more) more.hidden = true;
    document.getElementById("objection-text").insertAdjacentElement("beforebegin", wrap);
    wrap.insertAdjacentElement("afterend", note);
    show();
  }

  // When the objection text changes after a copy (another region, new reasons), "Copied" no longer
  // describes what the clipboard holds: the copy button's message and label start over.
  function objectionTextChanged() {
    var text = document.getElementById("objection-text");
    var button = text && text.nextElementSibling;
    if (!button || !button.classList.contains("copy-button")) return;
    button.dispatchEvent(new CustomEvent("site:text-changed"));
  }

  // The objection text's part in brackets is for the reader's own reasons. With JavaScript, a box
  // above the text takes them, and its words stand in the text in place of that part, so the
  // copy button copies a finished text; the examples become buttons that add their reason to the
  // box. Without JavaScript the examples stay a list after the text and the reader replaces the
  // part in the form.
  function letterReasons() {
    var slot = document.querySelector("#objection-text .letter-slot");
    var words = document.getElementById("objection-words");
    var examplesList = introducedList(".objection-reasons");
    if (!slot || !words || !words.getAttribute("data-reasons") || !examplesList) return;
    var intro = examplesList.intro, list = examplesList.list;
    var placeholder = slot.textContent;
    var box = document.createElement("div");
    box.className = "letter-reasons";
    var label = document.createElement("label");
    label.htmlFor = "letter-reasons";
    label.textContent = words.getAttribute("data-reasons");
    var field = document.createElement("textarea");
    field.id = "letter-reasons";
    field.rows = 3;
    // Under the label, what happens to what the reader types: nothing leaves the browser.
    var privacy = document.createElement("p");
    privacy.className = "letter-reasons-privacy";
    privacy.id = "letter-reasons-privacy";
    privacy.textContent = words.getAttribute("data-privacy") || "";
    if (privacy.textContent) field.setAttribute("aria-describedby", privacy.id);
    var examples = document.createElement("p");
    examples.className = "letter-reasons-examples";
    examples.textContent = words.getAttribute("data-examples");
    var buttons = document.createElement("div");
    // What a press did, for screen readers: the box changes out of their sight.
    var status = document.createElement("p");
    status.className = "letter-reasons-status site-visually-hidden";
    status.setAttribute("role", "status");
    // Dutch and French go on in lower case after a colon ("situation particulière : je cherche…",
    // reader review, round 7); English may keep its capital. Only the first letter, and only where
    // the second is lower case and the first word has no other capital, so "AI", "RGPD" and
    // "LinkedIn" stay as they are.
    function afterColon(text) {
      var lang = (slot.closest("[lang]") || document.documentElement).getAttribute("lang") || "";
      var before = slot.previousSibling ? slot.previousSibling.textContent : "";
      if (!/^(nl|fr)\b/.test(lang) || !/:[\s\u00a0]*$/.test(before)) return text;
      var firstWord = text.split(/[\s\u00a0’']/)[0];
      if (!/^\p{Lu}\p{Ll}/u.test(text) || /\p{Lu}/u.test(firstWord.slice(1))) return text;
      return text.charAt(0).toLocaleLowerCase(lang) + text.slice(1);
    }
    function update() {
      try { sessionStorage.setItem("objection-reasons", field.value); } catch (e) { /* storage off */ }
      objectionTextChanged();
      var text = field.value.replace(/\s+/g, " ").trim();
      // A sentence of its own in the text: it ends with a full stop if the reader left it out.
      if (text && !/[.!?…]$/.test(text)) text += ".";
      slot.textContent = afterColon(text) || placeholder;
      if (text) slot.setAttribute("data-filled", ""); else slot.removeAttribute("data-filled");
    }
    Array.prototype.forEach.call(list.querySelectorAll("li"), function (item) {
      // The reason without the quotation marks that frame it in the list („…”, « … », “…”).
      var reason = item.textContent.replace(/^[\s„“"«‹]+|[\s”“"»›]+$/g, "");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "letter-reasons-example";
      button.textContent = reason;
      if (words.getAttribute("data-add")) button.setAttribute("aria-label", words.getAttribute("data-add") + " " + reason);
      button.addEventListener("click", function () {
        var current = field.value.trim();
        field.value = current ? current + (/[.!?…]$/.test(current) ? " " : ". ") + reason : reason;
        update();
        // An example is a start: the cursor waits at its end for the reader's own words.
        field.focus();
        field.setSelectionRange(field.value.length, field.value.length);
        status.textContent = "";
        setTimeout(function () { status.textContent = words.getAttribute("data-added") || ""; }, 50);
      });
      buttons.append(button);
    });
    field.addEventListener("input", update);
    // Kept for this tab's session only (never sent anywhere): a phone often reloads the page
    // after a trip to the LinkedIn app, and the reader's own words should still be there.
    try { field.value = sessionStorage.getItem("objection-reasons") || ""; } catch (e) { /* storage off */ }
    if (field.value) update();
    box.append(label, privacy.textContent ? privacy : "", field, examples, buttons, status);
    intro.hidden = true;
    list.hidden = true;
    var hint = document.querySelector(".objection-slot-hint");
    if (hint) hint.hidden = true;
    document.getElementById("objection-text").insertAdjacentElement("beforebegin", box);
  }

  languageSwitchKeepsTheSection();
  letterRegionChoice();
  letterReasons();
  offerLanguage();
  addCopyButton();
  addSectionLinks();
  searchResultsTabStopWhileTheyScroll();
  searchCheckboxFromItsButtonsAndOverlay();
  searchButtonOnPhones();
  paletteButtonSelectsTheNextScheme();
  menuCheckboxFromKeyboardAndPointer();
})();
