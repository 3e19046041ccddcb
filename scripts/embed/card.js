/* The oEmbed card's side of WordPress's embed protocol (wp-includes/js/wp-embed.js), and of
 * our own (ipt-embed.js). WordPress frames the card with sandbox="allow-scripts" and adds
 * "#?secret=<10 letters or digits>" to its address; wp-embed.js in the host page then:
 *   - shows the iframe and hides the fallback blockquote on the first message with the secret,
 *   - sets the iframe's height on {message: "height", value: px, secret} (kept within 200-1000),
 *   - opens {message: "link", value: url, secret} in its own window, for http(s) addresses on
 *     the iframe's host only, and only while the iframe has focus,
 *   - sends {message: "ready", secret} when it loads after the card; we answer with the height.
 * The sandbox opens no new tab, so a click on a link is sent as a "link" message; a crisis
 * number (tel:, sms:) or another site's address, which WordPress would not open, sends our
 * "Get help now" page (body[data-help]) instead. Outside WordPress (no secret) this is a
 * plain iframe: links open in a new tab (<base target="_blank">) and tel: links dial.
 * No storage and no cookie: the sandbox forbids both. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var secret = "", last = 0;

  function readSecret() {
    var match = /[#?&]secret=([A-Za-z0-9]+)/.exec(window.location.hash);
    secret = match ? match[1] : "";
  }

  function height() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  function send(force) {
    var value = height();
    if (value === last && !force) return;
    last = value;
    window.parent.postMessage({ type: "ipt-guide:height", height: value }, "*");
    if (secret) window.parent.postMessage({ message: "height", value: value, secret: secret }, "*");
  }

  function onMessage(event) {
    var data = event.data;
    if (event.source !== window.parent || !data || !secret || data.secret !== secret) return;
    if (data.message === "ready") send(true);
  }

  function onClick(event) {
    if (!secret || event.defaultPrevented || event.button !== 0 ||
        event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) return;
    var url = link.href;
    if (!/^https?:$/.test(link.protocol) || link.host !== window.location.host) {
      url = document.body.getAttribute("data-help") || url;
    }
    event.preventDefault();
    window.parent.postMessage({ message: "link", value: url, secret: secret }, "*");
  }

  readSecret();
  window.addEventListener("hashchange", function () { readSecret(); send(true); });
  window.addEventListener("message", onMessage);
  window.addEventListener("load", function () { send(true); });
  window.addEventListener("resize", function () { send(false); });
  document.addEventListener("click", onClick);
  if (window.ResizeObserver) new ResizeObserver(function () { send(false); }).observe(document.documentElement);
  send(true);
})();
