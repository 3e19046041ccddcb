/* The relationships map (issue 23), loaded by overrides/relationships-map.html only.

   Without this script the page is a blank table to print and fill in by hand. With it, the
   reader fills in one card per person; the table (the printed sheet) and the closeness circle
   follow what is typed. Private by design:
   - no request of any kind: nothing is fetched or sent; "Save as a file" makes the file in
     the page (a Blob) and "Open a saved file" reads a file the reader picks, on the device;
   - nothing stored (no cookie, localStorage, sessionStorage, IndexedDB) until the reader
     presses "Keep on this device"; "Delete from this device" removes it again.
   Material stores the colour scheme in localStorage ("/.__palette") on every page view; here
   it does so only once the reader picks a scheme with the toggle (a choice, like "Keep on
   this device"). So this script runs before Material's bundle (see the template), at the end
   of the body, when the worksheet is already in the document.
   Every word shown comes from the page (data-* attributes on #ipt-map, and its HTML), so the
   Spanish page is in Spanish. Checked by tests/test_relationships_map.py. */
(function () {
  "use strict";
  var storeScheme = window.__md_set;
  var schemeChosen = false;
  if (typeof storeScheme === "function") {
    window.__md_set = function (key) {
      if (key === "__palette" && !schemeChosen) return;
      return storeScheme.apply(this, arguments);
    };
    document.addEventListener("change", function (event) {
      if (event.target && event.target.closest && event.target.closest("[data-md-component=palette]")) schemeChosen = true;
    }, true);
  }

  var root = document.getElementById("ipt-map");
  if (!root || !window.Blob || !window.JSON) return;

  var KEY = "ipt-guide-relationships-map";
  var MAX_PEOPLE = 40;
  var FIELDS = ["name", "who", "close", "good", "hard"];
  var words = root.dataset;
  var live = root.querySelector(".ipt-map-live");
  var people = root.querySelector(".ipt-map-people");
  var model = root.querySelector(".ipt-map-person");
  var status = root.querySelector(".ipt-map-status");
  var sheet = root.querySelector(".ipt-map-sheet tbody");
  var blankRow = sheet.rows[0].cloneNode(true);
  var keepButton = root.querySelector(".ipt-map-keep");
  var deleteButton = root.querySelector(".ipt-map-delete");
  var keptNote = root.querySelector(".ipt-map-kept");
  var fileInput = root.querySelector(".ipt-map-file");
  var circle = document.getElementById("ipt-map-circle");
  var circleView = circle && circle.querySelector(".ipt-map-circle-view");
  var circleButton = circle && circle.querySelector(".ipt-map-show-circle");
  var kept = false;
  var serial = 0;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function say(text) {
    /* A new text node each time, so a screen reader announces the same words twice too. */
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function closenessWords() {
    var out = {};
    model.querySelectorAll("input[type=radio]").forEach(function (radio) {
      out[radio.value] = radio.parentNode.textContent.trim();
    });
    return out;
  }
  var CLOSENESS = closenessWords();

  /* --- the cards ------------------------------------------------------------------------ */
  function cards() { return Array.prototype.slice.call(people.querySelectorAll(".ipt-map-person")); }

  function personLabel(card, index) {
    var name = card.querySelector("input[name=name]").value.trim();
    return name || fill(words.person, { n: index + 1 });
  }

  function renumber() {
    cards().forEach(function (card, i) {
      card.querySelector("legend").textContent = fill(words.person, { n: i + 1 });
      card.querySelector(".ipt-map-remove").textContent = fill(words.remove, { person: personLabel(card, i) });
    });
  }

  function addCard(data) {
    var card = model.cloneNode(true);
    serial += 1;
    card.hidden = false;
    card.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.name = "ipt-map-close-" + serial;
      radio.checked = !!data && String(data.close) === radio.value;
    });
    if (data) {
      ["name", "who", "good", "hard"].forEach(function (field) {
        card.querySelector("[name=" + field + "]").value = data[field] || "";
      });
    }
    people.appendChild(card);
    return card;
  }

  function read() {
    return cards().map(function (card) {
      var chosen = card.querySelector("input[type=radio]:checked");
      return {
        name: card.querySelector("[name=name]").value,
        who: card.querySelector("[name=who]").value,
        close: chosen ? chosen.value : "",
        good: card.querySelector("[name=good]").value,
        hard: card.querySelector("[name=hard]").value
      };
    });
  }

  function isEmpty(person) {
    return FIELDS.every(function (field) { return !String(person[field] || "").trim(); });
  }

  /* --- what follows the cards: the printed table and the circle --------------------------- */
  function renderSheet(list) {
    var filled = list.filter(function (p) { return !isEmpty(p); });
    while (sheet.firstChild) sheet.removeChild(sheet.firstChild);
    filled.forEach(function (p) {
      var row = blankRow.cloneNode(true);
      var cells = row.cells;
      cells[0].textContent = p.name;
      cells[1].textContent = p.who;
      cells[2].textContent = CLOSENESS[p.close] || "";
      cells[3].textContent = p.good;
      cells[4].textContent = p.hard;
      sheet.appendChild(row);
    });
    /* Blank lines to add people by hand on paper: at least two, eight in all. */
    for (var i = filled.length; i < Math.max(8, filled.length + 2); i++) sheet.appendChild(blankRow.cloneNode(true));
  }

  var SVG = "http://www.w3.org/2000/svg";
  var RADIUS = { "1": 65, "2": 121, "3": 171 };

  function renderCircle(list) {
    if (!circle) return;
    var group = circle.querySelector(".ipt-map-names");
    while (group.firstChild) group.removeChild(group.firstChild);
    ["1", "2", "3"].forEach(function (ring) {
      var names = list.filter(function (p) { return p.close === ring && p.name.trim(); })
        .map(function (p) { return p.name.trim(); });
      var item = circle.querySelector(".ipt-map-circle-list [data-ring='" + ring + "'] span");
      item.textContent = names.length ? names.join(", ") : words.nobody;
      names.forEach(function (name, i) {
        /* Spread the names round the ring, starting at the bottom (the ring's label is at the top). */
        var angle = Math.PI / 2 + (2 * Math.PI * i) / Math.max(names.length, 1) + (ring === "2" ? 0.3 : 0);
        var text = document.createElementNS(SVG, "text");
        text.setAttribute("x", (200 + RADIUS[ring] * Math.cos(angle)).toFixed(1));
        text.setAttribute("y", (205 + RADIUS[ring] * Math.sin(angle)).toFixed(1));
        text.setAttribute("class", "name");
        text.textContent = name.length > 14 ? name.slice(0, 13) + "…" : name;
        group.appendChild(text);
      });
    });
  }

  function store(list) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ version: 1, people: list }));
      return true;
    } catch (error) {
      return false;
    }
  }

  function changed() {
    var list = read();
    renumber();
    renderSheet(list);
    renderCircle(list);
    if (kept) store(list);
  }

  function load(list) {
    cards().forEach(function (card) { card.remove(); });
    list.slice(0, MAX_PEOPLE).forEach(addCard);
    if (!cards().length) addCard(null);
    changed();
  }

  /* A saved map, checked: only strings of bounded length are taken from it. */
  function clean(data) {
    if (!data || !Array.isArray(data.people)) return null;
    return data.people.slice(0, MAX_PEOPLE).map(function (p) {
      var out = {};
      FIELDS.forEach(function (field) {
        out[field] = typeof (p && p[field]) === "string" ? p[field].slice(0, 600) : "";
      });
      if (!CLOSENESS[out.close]) out.close = "";
      return out;
    });
  }

  /* --- the file the reader keeps: a small web page with the table and the data ------------ */
  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }

  function fileText(list) {
    var heads = Array.prototype.map.call(root.querySelectorAll(".ipt-map-sheet thead th"), function (th) {
      return "<th>" + escapeHtml(th.textContent) + "</th>";
    }).join("");
    var rows = list.filter(function (p) { return !isEmpty(p); }).map(function (p) {
      return "<tr>" + [p.name, p.who, CLOSENESS[p.close] || "", p.good, p.hard].map(function (cell) {
        return "<td>" + escapeHtml(cell) + "</td>";
      }).join("") + "</tr>";
    }).join("\n");
    var data = JSON.stringify({ version: 1, people: list }).replace(/</g, "\\u003c");
    var day = new Date().toLocaleDateString(words.lang || document.documentElement.lang);
    return "<!DOCTYPE html>\n<html lang=\"" + escapeHtml(words.lang || "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escapeHtml(words.fileTitle) + "</title>\n" +
      "<style>body{font-family:sans-serif;margin:1em;line-height:1.4}table{border-collapse:collapse}" +
      "th,td{border:1px solid #555;padding:.4em;text-align:left;vertical-align:top}</style>\n</head>\n<body>\n" +
      "<h1>" + escapeHtml(words.fileTitle) + "</h1>\n<p>" + escapeHtml(fill(words.fileDate, { date: day })) + "</p>\n" +
      "<table>\n<thead><tr>" + heads + "</tr></thead>\n<tbody>\n" + rows + "\n</tbody>\n</table>\n" +
      "<script type=\"application/json\" id=\"ipt-relationships-map\">" + data + "</script>\n</body>\n</html>\n";
  }

  function saveFile() {
    var name = words.fileName + "-" + new Date().toISOString().slice(0, 10) + ".html";
    var url = URL.createObjectURL(new Blob([fileText(read())], { type: "text/html" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    say(fill(words.saved, { file: name }));
  }

  function openFile(file) {
    file.text().then(function (text) {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var block = doc.getElementById("ipt-relationships-map");
      var list = null;
      try { list = block && clean(JSON.parse(block.textContent)); } catch (error) { list = null; }
      if (!list) { say(words.notAMap); return; }
      load(list);
      say(fill(words.opened, { file: file.name, n: list.length }));
      var first = people.querySelector("input[name=name]");
      if (first) first.focus();
    }).catch(function () { say(words.notAMap); });
  }

  function showKept(on) {
    kept = on;
    keptNote.hidden = !on;
    deleteButton.hidden = !on;
    keepButton.hidden = on;
  }

  /* --- events ------------------------------------------------------------------------------ */
  root.addEventListener("input", changed);
  root.addEventListener("change", function (event) {
    if (event.target !== fileInput) changed();
  });

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("ipt-map-add")) {
      if (cards().length >= MAX_PEOPLE) return;
      var card = addCard(null);
      changed();
      card.querySelector("input[name=name]").focus();
      say(fill(words.added, { n: cards().length }));
    } else if (button.classList.contains("ipt-map-remove")) {
      var all = cards();
      var gone = button.closest(".ipt-map-person");
      var index = all.indexOf(gone);
      var label = personLabel(gone, index);
      gone.remove();
      if (!cards().length) addCard(null);
      changed();
      var next = cards()[Math.min(index, cards().length - 1)];
      next.querySelector("input[name=name]").focus();
      say(fill(words.removed, { person: label }));
    } else if (button.classList.contains("ipt-map-print")) {
      window.print();
    } else if (button.classList.contains("ipt-map-save")) {
      saveFile();
    } else if (button.classList.contains("ipt-map-open")) {
      fileInput.click();
    } else if (button.classList.contains("ipt-map-keep")) {
      if (store(read())) {
        showKept(true);
        deleteButton.focus();
        say(words.kept);
      } else {
        say(words.notKept);
      }
    } else if (button.classList.contains("ipt-map-delete")) {
      try { window.localStorage.removeItem(KEY); } catch (error) { kept = false; }
      showKept(false);
      keepButton.focus();
      say(words.deleted);
    }
  });

  fileInput.addEventListener("change", function () {
    if (fileInput.files && fileInput.files[0]) openFile(fileInput.files[0]);
    fileInput.value = "";
  });

  if (circleButton) {
    circleButton.parentNode.hidden = false;
    circleView.hidden = true;
    circle.querySelector(".ipt-map-circle-list").hidden = false;
    circleButton.addEventListener("click", function () {
      var open = circleButton.getAttribute("aria-expanded") !== "true";
      circleButton.setAttribute("aria-expanded", String(open));
      circleView.hidden = !open;
    });
  }

  /* --- start: the form replaces the hand-written sheet on screen --------------------------- */
  root.classList.add("ipt-map--live");
  root.querySelector(".ipt-map-nojs").hidden = true;
  live.hidden = false;
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (error) { saved = null; }
  var list = null;
  try { list = saved && clean(JSON.parse(saved)); } catch (error) { list = null; }
  if (list) {
    load(list);
    showKept(true);
    say(words.loaded);
  } else {
    load([]);
  }
})();
