/* wijkgen: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  var today = new Date();
  var todayIso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
    String(today.getDate()).padStart(2, "0");

  function each(selector, root, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  /* The agenda: hide dates that passed since the site was built, and apply the filters
     (?leeftijd=...&onderwerp=...). An activity that names no age group is for every age. */
  var filterRoot = document.querySelector("[data-filter-root]");
  var chosen = {leeftijd: "", onderwerp: ""};

  function suits(item) {
    var ages = item.getAttribute("data-ages") || "";
    var topics = item.getAttribute("data-topics") || "";
    if (chosen.leeftijd && ages && ages.split(" ").indexOf(chosen.leeftijd) < 0) return false;
    return !chosen.onderwerp || topics.split(" ").indexOf(chosen.onderwerp) >= 0;
  }

  function refreshAgenda() {
    var shown = 0;
    each("[data-end]", document, function (item) {
      var past = item.getAttribute("data-end") < todayIso;
      var hide = past || (filterRoot && filterRoot.contains(item) && !suits(item));
      item.hidden = hide;
      if (!hide && filterRoot && filterRoot.contains(item)) shown++;
    });
    each(".agenda-day, .month-day, .agenda-period", document, function (section) {
      section.hidden = !section.querySelector("[data-end]:not([hidden])");
    });
    if (!filterRoot) return;
    var empty = filterRoot.querySelector("[data-agenda-empty]");
    if (empty) empty.hidden = shown > 0;
    var count = filterRoot.querySelector("[data-filter-count]");
    if (count && (chosen.leeftijd || chosen.onderwerp)) {
      count.textContent = count.getAttribute("data-template").replace("{count}", shown);
    } else if (count) {
      count.textContent = "";
    }
    each(".chip", filterRoot, function (chip) {
      var on = chosen[chip.getAttribute("data-group")] === chip.getAttribute("data-value");
      if (on) chip.setAttribute("aria-current", "true"); else chip.removeAttribute("aria-current");
    });
  }

  if (filterRoot) {
    var params = new URLSearchParams(location.search);
    chosen.leeftijd = params.get("leeftijd") || "";
    chosen.onderwerp = params.get("onderwerp") || "";
    filterRoot.addEventListener("click", function (event) {
      var chip = event.target.closest(".chip");
      if (!chip) return;
      event.preventDefault();
      chosen[chip.getAttribute("data-group")] = chip.getAttribute("data-value");
      var query = new URLSearchParams();
      if (chosen.leeftijd) query.set("leeftijd", chosen.leeftijd);
      if (chosen.onderwerp) query.set("onderwerp", chosen.onderwerp);
      var search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
      refreshAgenda();
    });
  }
  refreshAgenda();

  /* 'Waar kan ik terecht?': find questions as you type; every word must occur. */
  var search = document.querySelector("[data-question-search]");
  if (search) {
    var input = search.querySelector("input");
    var counter = search.querySelector("[data-question-count]");
    var none = search.querySelector("[data-question-empty]");
    var plain = function (text) {
      return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    };
    search.hidden = false;
    input.addEventListener("input", function () {
      var words = plain(input.value).split(/\s+/).filter(Boolean);
      var found = 0;
      each(".question-item", document, function (item) {
        var text = plain(item.textContent);
        var match = words.every(function (word) { return text.indexOf(word) >= 0; });
        item.hidden = !match;
        if (match) found++;
      });
      each(".question-group", document, function (group) {
        group.hidden = !group.querySelector(".question-item:not([hidden])");
      });
      counter.textContent = words.length ? input.getAttribute("data-found").replace("{count}", found) : "";
      none.hidden = found > 0 || !words.length;
    });
  }

  /* The month overview's print button. */
  each("[data-print]", document, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
