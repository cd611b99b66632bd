/* Timeline of a map of replication: the page lists one small map per year (works without script);
   this turns the list into a player — play/pause, a year slider, one year shown at a time. */
(function () {
  "use strict";
  function setup(box) {
    var frames = Array.prototype.slice.call(box.querySelectorAll(".map-frame"));
    if (frames.length < 2) { return; }
    var lang = document.documentElement.lang === "en";
    var labels = lang ? {play: "Play", pause: "Pause", year: "Year"} : {play: "Phát", pause: "Dừng", year: "Năm"};
    var bar = document.createElement("div");
    bar.className = "map-player";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "map-play";
    button.textContent = labels.play;
    button.setAttribute("aria-pressed", "false");
    var label = document.createElement("label");
    var id = "timeline-" + Math.random().toString(36).slice(2);
    label.setAttribute("for", id);
    label.textContent = labels.year;
    var range = document.createElement("input");
    range.type = "range";
    range.id = id;
    range.min = "0";
    range.max = String(frames.length - 1);
    range.step = "1";
    var output = document.createElement("output");
    output.setAttribute("for", id);
    output.setAttribute("aria-live", "polite");
    bar.appendChild(button);
    bar.appendChild(label);
    bar.appendChild(range);
    bar.appendChild(output);
    box.insertBefore(bar, box.querySelector(".map-frames"));
    box.classList.add("is-player");
    var timer = null;
    function show(i) {
      frames.forEach(function (f, j) { f.classList.toggle("is-current", i === j); });
      range.value = String(i);
      output.textContent = frames[i].getAttribute("data-year");
      range.setAttribute("aria-valuetext", frames[i].querySelector("figcaption").textContent);
      box.setAttribute("data-current-year", frames[i].getAttribute("data-year"));
    }
    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
      button.textContent = labels.play;
      button.setAttribute("aria-pressed", "false");
    }
    button.addEventListener("click", function () {
      if (timer) { stop(); return; }
      var i = Number(range.value);
      if (i >= frames.length - 1) { i = -1; }
      button.textContent = labels.pause;
      button.setAttribute("aria-pressed", "true");
      function step() {
        i += 1;
        show(i);
        if (i >= frames.length - 1) { stop(); box.setAttribute("data-played", "true"); }
      }
      step();
      timer = setInterval(step, 900);
    });
    range.addEventListener("input", function () { stop(); show(Number(range.value)); });
    show(frames.length - 1);
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-timeline]"), setup);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
