/* "Sao chép đường dẫn": with JavaScript the copy button appears and copies the page's address; without
   it the address stays in a read-only field the visitor can select. No network call. */
(function () {
  "use strict";
  var DONE = {vi: "Đã sao chép đường dẫn.", en: "Link copied."};
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-share-copy]");
    for (var i = 0; i < buttons.length; i++) {
      (function (button) {
        var box = button.parentNode;
        var field = box.querySelector("[data-share-url]");
        var status = box.querySelector("[data-share-status]");
        if (!field || !navigator.clipboard) { return; }
        button.hidden = false;
        button.addEventListener("click", function () {
          navigator.clipboard.writeText(field.value).then(function () {
            var lang = (document.documentElement.lang || "vi").slice(0, 2);
            status.textContent = DONE[lang] || DONE.vi;
          }, function () { field.select(); });
        });
      })(buttons[i]);
    }
  });
})();
