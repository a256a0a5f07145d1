// Share buttons of a profile page: copy the link, or open the phone's own share sheet (Web Share API).
// Both stay hidden when the browser cannot do them; the Facebook and Zalo links work without script.
(function () {
  "use strict";
  var status = document.querySelector(".vd-share__status");

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers, or a page served over plain http: a selected textarea and the copy command.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand && document.execCommand("copy");
      document.body.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy")); }
    });
  }

  document.querySelectorAll(".vd-share__button").forEach(function (button) {
    var url = button.dataset.url || window.location.href;
    var title = button.dataset.title || document.title;
    if (button.dataset.share === "native") {
      if (typeof navigator.share !== "function") { return; }
      button.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () { /* closed by the visitor */ });
      });
    } else {
      button.addEventListener("click", function () {
        // The words are the page's (its language's), written by share.html.
        copyText(url).then(function () { say(status.dataset.copied + " " + url); },
                           function () { say(status.dataset.failed + " " + url); });
      });
    }
    button.parentElement.hidden = false;
  });
})();
