/* Search loads when a reader starts to search (issue 8): Material would fetch its search
   worker and search_index.json (~30 KB gzip) on every page view. Runs before Material's
   bundle and holds both back until the search box gets focus, or the address has ?q= or ?h=. */
(function () {
  "use strict";
  var waiting = [];
  var released = false;

  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (run) { run(); });
  }

  function whenReleased(run) {
    if (released) run(); else waiting.push(run);
  }

  /* The index download (Material uses XMLHttpRequest). */
  var INDEX = /\/search\/search_index\.json(\?|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.lazySearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.lazySearchIndex) return send.apply(request, args);
    whenReleased(function () { send.apply(request, args); });
  };

  /* Queries (Material's message type 2) are sent without accents: the index holds an
     accent-free copy of every accented word (scripts/hooks/search_folding.py), so
     "depresion" finds what "depresión" finds. The worker matches each word as a prefix and
     knows only English stop words, so the language's own (config.stop_words in the index,
     sent in the setup message, type 0) are left out of a query that has other words. */
  var MARKS = /[\u0300-\u036f]/g;
  var stopWords = [];
  function fold(message) {
    if (message && message.type === 0 && message.data && message.data.config) {
      stopWords = message.data.config.stop_words || [];
    }
    if (!message || message.type !== 2 || typeof message.data !== "string") return message;
    var plain = message.data.normalize("NFD").replace(MARKS, "");
    var kept = plain.split(/\s+/).filter(function (w) { return w && stopWords.indexOf(w.toLowerCase()) < 0; });
    return { type: 2, data: kept.length ? kept.join(" ") : plain };
  }

  /* The worker: started on Material's first message to it (the index), so after release. */
  var RealWorker = window.Worker;
  var WORKER = /\/workers\/search\.[^\/]*\.js(\?|$)/;
  if (typeof RealWorker === "function" && typeof EventTarget === "function") {
    var LazyWorker = function (url, options) {
      if (!WORKER.test(String(url))) return new RealWorker(url, options);
      var stand = new EventTarget();
      var real = null;
      stand.postMessage = function (message, transfer) {
        if (!real) {
          real = new RealWorker(url, options);
          real.onmessage = function (event) {
            stand.dispatchEvent(new MessageEvent("message", { data: event.data }));
          };
          real.onerror = function () { stand.dispatchEvent(new Event("error")); };
        }
        real.postMessage(fold(message), transfer || []);
      };
      stand.terminate = function () { if (real) real.terminate(); };
      return stand;
    };
    window.Worker = LazyWorker;
  }

  /* What counts as starting to search. */
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) release();
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component=search-query]")) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  });
})();
