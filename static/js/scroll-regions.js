/* Wide tables scroll sideways inside .table-wrap on small screens. A keyboard user must be able to
   scroll them too (WCAG 2.1.1; axe rule "scrollable-region-focusable"): a wrapper that actually
   overflows becomes a focusable region named after its table's caption; it stops being one when the
   screen is wide enough again. Nothing else changes, and without JavaScript the tables still scroll. */
(function () {
  "use strict";
  var FALLBACK = {vi: "Bảng số liệu (cuộn ngang để xem thêm)", en: "Data table (scroll sideways for more)"};

  function name(wrap) {
    var caption = wrap.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    var lang = (document.documentElement.lang || "vi").slice(0, 2);
    return text || FALLBACK[lang] || FALLBACK.vi;
  }

  function update() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var overflows = wrap.scrollWidth > wrap.clientWidth + 1;
      if (overflows && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var named = !wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby");
        if (named) {
          wrap.setAttribute("aria-label", name(wrap));
        }
        wrap.setAttribute("data-scroll-region", named ? "named" : "");
      } else if (!overflows && wrap.hasAttribute("data-scroll-region")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        if (wrap.getAttribute("data-scroll-region") === "named") {
          wrap.removeAttribute("aria-label");
        }
        wrap.removeAttribute("data-scroll-region");
      }
    }
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
