/* Tells the embedding page how tall this iframe page is, so ipt-embed.js can resize it. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "ipt-guide:height", height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  addEventListener("load", post);
  addEventListener("resize", post);
  post();
})();
