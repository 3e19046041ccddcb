/*! IPT Guide embed v1 | see the site's "Embed our content" page | content CC BY-ND 4.0
 *
 * <ipt-guide topic="techniques"></ipt-guide>  shows one topic as a card.
 *   topic     the topic id (see api/v1/index.json)
 *   src       optional: another base URL for the JSON API (default: api/v1/ next to this script)
 *   sections  optional: show at most this many sections
 *   section   optional: show only the section with this id (the part after "#" in hasPart[].url)
 * <iframe data-ipt-guide src=".../embed/v1/techniques.html"> is resized to its content.
 *
 * Safety: fetched text is only ever put in the page as text nodes or as elements this script
 * creates itself (never innerHTML), inside a Shadow DOM, so it cannot run script on the host.
 * No dependencies, no cookies, no requests except the topic's JSON.
 */
(function () {
  "use strict";
  if (!window.customElements || customElements.get("ipt-guide")) return;

  var self = document.currentScript;
  var SCRIPT = new URL(self && self.src ? self.src : "", location.href);
  var API = new URL("../../api/v1/", SCRIPT);
  var SITE = new URL("../../", SCRIPT);
  var TOPIC = /^[a-z0-9][a-z0-9-]{0,63}$/;
  var SAFE_URL = /^(https?:|mailto:|tel:|sms:)/i; // never javascript: or data:
  var KEEP = /^(P|UL|OL|LI|STRONG|EM|A|H3)$/;
  var SKIP = /^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT|TITLE|IMG|SVG|IFRAME|OBJECT)$/;
  var CSS =
    ":host{display:block;margin:1em 0}:host([hidden]){display:none}" +
    ".c{all:initial;display:block;box-sizing:border-box;max-width:100%;color-scheme:light dark;" +
    "font-family:inherit;font-size:clamp(14px,1em,20px);line-height:1.5;" +
    "--fg:#1f1f1f;--bg:#fff;--mu:#4a4a4a;--ln:#2b47b0;--bd:#c9cad3;--hl:#b3261e;" +
    "color:var(--fg);background:var(--bg);border:1px solid var(--bd);border-radius:8px;padding:1em 1.25em}" +
    "@media (prefers-color-scheme:dark){.c{--fg:#ececec;--bg:#1d1e22;--mu:#c4c4c4;--ln:#a9bcff;--bd:#4a4b52;--hl:#ff8a80}}" +
    "h2,h3,strong{font-weight:700}em{font-style:italic}" +
    "h2{font-size:1.3em;line-height:1.25;margin:0 0 .5em}h3{font-size:1.1em;margin:1.1em 0 .4em}" +
    "p{display:block;margin:0 0 .75em}ul,ol{display:block;margin:0 0 .75em;padding-left:1.5em}" +
    "ul{list-style:disc}ol{list-style:decimal}li{display:list-item;margin:.2em 0}" +
    "a{color:var(--ln);text-decoration:underline;cursor:pointer}a:focus-visible{outline:2px solid var(--ln);outline-offset:2px}" +
    ".m{color:var(--mu);font-size:.875em;margin:.5em 0 0}" +
    ".h{border-left:4px solid var(--hl);padding:.35em .75em;margin:1em 0 0}.h a{white-space:nowrap}";

  var sheet = null;
  function style(root) {
    try { // a constructed sheet also works on hosts whose CSP forbids inline styles
      sheet = sheet || new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.append(el("style", CSS));
    }
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function link(href, text) {
    href = String(href || "");
    if (!SAFE_URL.test(href)) return el("span", text);
    var a = el("a", text);
    a.href = href;
    return a;
  }

  function longDate(iso) {
    var d = new Date(String(iso) + "T00:00:00Z");
    if (isNaN(d)) return String(iso || "");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  // Rebuild allow-listed HTML from an inert parsed document, element by element.
  function rebuild(html) {
    var frag = document.createDocumentFragment();
    var body = new DOMParser().parseFromString(String(html), "text/html").body;
    (function copy(from, to) {
      for (var n = from.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) to.append(n.data);
        else if (n.nodeType !== 1 || SKIP.test(n.nodeName)) continue;
        else if (KEEP.test(n.nodeName)) {
          var e = n.nodeName === "A" ? link(n.getAttribute("href"), "") : el(n.nodeName.toLowerCase());
          copy(n, e);
          to.append(e);
        } else copy(n, to);
      }
    })(body, frag);
    return frag;
  }

  function paragraphs(text, to) {
    String(text || "").split("\n").forEach(function (line) {
      if (line.trim()) to.append(el("p", line));
    });
  }

  function crisis(help) {
    var p = el("p", "", "h");
    p.append(el("strong", "Need help now? "));
    var region = null;
    ((help && help.lines) || []).forEach(function (line) {
      if (line.region !== region) {
        if (region !== null) p.append(". ");
        p.append((region = line.region) + ": ");
      } else p.append(" · ");
      p.append(link(line.href, line.label));
    });
    if (region === null && help && help.text) p.append(help.text);
    return p;
  }

  function card(doc, parts) {
    var c = el("article", "", "c");
    c.setAttribute("lang", doc.inLanguage || "en");
    c.append(el("h2", doc.name));
    parts.forEach(function (part) {
      var s = el("section");
      if (part.headline) s.append(el("h3", part.headline));
      if (part.html) s.append(rebuild(part.html));
      else paragraphs(part.text, s);
      c.append(s);
    });
    if (parts.length < doc.hasPart.length) {
      var more = el("p");
      more.append(link(doc.url, "Read the rest of this page on IPT Guide"));
      c.append(more);
    }
    var from = el("p", "", "m");
    from.append(link(doc.url, (doc.attribution && doc.attribution.text) || "From IPT Guide"));
    var reviewed = el("time", longDate(doc.lastReviewed));
    reviewed.dateTime = String(doc.lastReviewed || "");
    from.append(" · Last reviewed ", reviewed);
    if (doc.license && doc.license.name) from.append(" · ", link(doc.license.url, doc.license.name));
    c.append(from, el("p", doc.disclaimer, "m"), crisis(doc.crisisHelp));
    return c;
  }

  function fallback(host, topic) {
    var c = el("div", "", "c");
    var own = host.querySelector("a[href]");
    var href = own ? own.href : new URL(topic === "home" ? "" : topic + "/", SITE).href;
    var text = (host.textContent || "").trim() || "Read about this topic on IPT Guide";
    var p = el("p");
    p.append(link(href, text));
    c.append(p);
    return c;
  }

  class IptGuide extends HTMLElement {
    static get observedAttributes() { return ["topic", "src", "sections", "section"]; }
    connectedCallback() { this.load(); }
    attributeChangedCallback() { if (this.isConnected) this.load(); }
    load() {
      var host = this;
      var run = (host._run = (host._run || 0) + 1);
      var root = host.shadowRoot || host.attachShadow({ mode: "open" });
      var topic = (host.getAttribute("topic") || "").trim();
      var limit = parseInt(host.getAttribute("sections"), 10) || undefined;
      var section = host.getAttribute("section");
      var show = function (node) {
        if (run !== host._run) return; // a newer load() has started
        root.replaceChildren();
        style(root);
        root.append(node);
      };
      if (!TOPIC.test(topic)) return show(fallback(host, topic));
      var url = new URL(topic + ".json", new URL(host.getAttribute("src") || API, location.href));
      fetch(url, { mode: "cors", credentials: "omit" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (doc) {
          if (!doc || typeof doc.name !== "string" || !Array.isArray(doc.hasPart)) throw new Error("bad");
          var parts = section ? doc.hasPart.filter(function (p) { return String(p.url).split("#")[1] === section; })
            : doc.hasPart.slice(0, limit);
          if (!parts.length) throw new Error("no such section");
          show(card(doc, parts));
        })
        .catch(function () { show(fallback(host, topic)); });
    }
  }
  customElements.define("ipt-guide", IptGuide);

  // iframe embeds post {type: "ipt-guide:height", height}; only a message from the iframe's own
  // window, with the origin that iframe was loaded from, may resize it.
  addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.type !== "ipt-guide:height" || typeof d.height !== "number") return;
    var frames = document.querySelectorAll("iframe[data-ipt-guide]");
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.contentWindow !== e.source) continue;
      var from = new URL(f.src, location.href).origin;
      if (e.origin === from && d.height > 0 && d.height < 100000) f.style.height = Math.ceil(d.height) + "px";
    }
  });
})();
