// Progressive enhancement: fill the search box's <datalist> with suggestions (titles, units).
// The page works fully without this script.
(function () {
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      last = q;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (data) {
          list.textContent = "";
          data.results.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.text;  // textContent-safe: never innerHTML
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
