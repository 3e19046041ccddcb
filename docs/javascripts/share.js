/* Share this page (overrides/partials/share.html; issue 23), deferred, on reader pages.
   The page's title and address are read from the email link, written at build time.
   With a share sheet (navigator.share, most phones) the button opens it and the email link
   goes. Without, the button copies the address and the live region (role=status, just
   before the button) says so; if the browser refuses, it shows the address to copy by hand.
   Nothing is ever sent anywhere. Kept short on purpose: every reader page's first view
   downloads it (tests/test_budgets.py). */
(function (nav) {
  var button = document.querySelector(".ipt-share button");
  if (!button) return;
  var mail = button.nextSibling, said = button.previousSibling;
  var query = new URL(mail.href).searchParams;
  var shared = { title: query.get("subject"), url: query.get("body") };
  if (nav.share) {
    button.textContent = button.dataset.share;
    mail.remove();
  }
  button.hidden = false;
  button.onclick = function () {
    /* A share sheet closed without sharing rejects: nothing to do. */
    if (nav.share) return nav.share(shared).catch(Boolean);
    (nav.clipboard ? nav.clipboard.writeText(shared.url) : Promise.reject()).then(
      function () { said.textContent = button.dataset.done; },
      function () { said.textContent = shared.url; });
  };
})(navigator);
