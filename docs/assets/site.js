/* Progressive enhancements. The pages are complete without this file. Nothing here sends data
   anywhere; the only storage is sessionStorage, to remember a dismissed language offer. */
(function () {
  "use strict";

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
    no.textContent = offer.dismiss;
    no.addEventListener("click", function () {
      try { sessionStorage.setItem("lang-offer-dismissed", current); } catch (e) { /* storage off */ }
      box.remove();
    });
    box.append(text, go, no);
    document.body.append(box);
  }

  // A copy button after each text meant to be pasted: the objection text on the opt-out page,
  // the access request on the rights page (.copy-text), the posts on the share page.
  function addCopyButton() {
    var blocks = document.querySelectorAll("#objection-text, .copy-text");
    if (!blocks.length || !navigator.clipboard) return;
    var config = JSON.parse(document.getElementById("__config").textContent);
    var labels = config.translations || {};
    Array.prototype.forEach.call(blocks, function (block) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button copy-button";
      button.textContent = labels["clipboard.copy"] || "Copy";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(block.textContent.trim()).then(function () {
          button.textContent = labels["clipboard.copied"] || "Copied";
        });
      });
      block.insertAdjacentElement("afterend", button);
    });
  }

  // A button after each section heading of the guide that copies the section's address. Its
  // words come from the page (#section-link-words, in the page's language); the heading's own
  // anchor works without it.
  function addSectionLinks() {
    var words = document.getElementById("section-link-words");
    if (!words || !navigator.clipboard) return;
    var headings = document.querySelectorAll(".md-content article h2[id]");
    Array.prototype.forEach.call(headings, function (heading) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "section-link";
      button.textContent = words.getAttribute("data-copy");
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

  // Search's checkbox (overrides/partials/header.html) is out of the tab order and of the
  // accessibility tree. A click on search's button or back arrow (its labels) focuses it:
  // opening, the focus goes on to the search field; closing, it leaves (the field is then out
  // of sight). Material's overlay was a second label of it; here it is a <div>
  // (overrides/partials/search.html), and a click on it, the dimmed page around open search,
  // closes search.
  function searchCheckboxFromItsButtonsAndOverlay() {
    var toggle = document.getElementById("__search");
    var field = document.querySelector(".md-search__input");
    var overlay = document.querySelector(".md-search__overlay");
    if (!toggle || !field || !overlay) return;
    toggle.addEventListener("focus", function () {
      if (toggle.checked) toggle.blur();
      else field.focus();
    });
    overlay.addEventListener("click", function () {
      if (toggle.checked) toggle.click();
    });
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

  // The phone menu's checkbox is a tab stop (overrides/partials/header.html). Escape closes the
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

  offerLanguage();
  addCopyButton();
  addSectionLinks();
  searchResultsTabStopWhileTheyScroll();
  searchCheckboxFromItsButtonsAndOverlay();
  paletteButtonSelectsTheNextScheme();
  menuCheckboxFromKeyboardAndPointer();
})();
