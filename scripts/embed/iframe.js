/* Tells the embedding page how tall this iframe page is, so ipt-embed.js can resize it.
   The embedding page's script may start after this page has loaded (it is deferred, or
   slow to arrive from a CDN), and a message sent before it listens is lost: so the height
   is sent again after 0.25, 0.5, 1, 2, 4, 8, 16 and 32 seconds even when unchanged, and at
   once whenever it changes. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function post(again) {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last && again !== true) return;
    last = height;
    window.parent.postMessage({ type: "ipt-guide:height", height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  addEventListener("load", post);
  addEventListener("resize", post);
  post();
  for (var wait = 250; wait <= 32000; wait *= 2) setTimeout(post, wait, true);
})();
