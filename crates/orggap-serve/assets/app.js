// The orggap workspace's only script: the page works without it. It keeps the scroll
// position across the page reloads that follow each change, filters the people list as one
// types (the search form does the same on the server), and opens a view (graph, org chart,
// matrix) by fetching only that part of the page (/view?…) instead of reloading it all.
(function () {
  "use strict";
  var key = "orggap-scroll";
  window.addEventListener("beforeunload", function () {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* private mode */ }
  });
  document.addEventListener("DOMContentLoaded", function () {
    try {
      var y = sessionStorage.getItem(key);
      if (y !== null && !window.location.hash) { window.scrollTo(0, Number(y)); }
    } catch (e) { /* private mode */ }
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-view]") : null;
      if (!link || !window.fetch) { return; }
      var body = link.closest(".view-body");
      if (!body) { return; }
      event.preventDefault();
      fetch("/view?view=" + encodeURIComponent(link.getAttribute("data-view")), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          body.innerHTML = html;
          history.replaceState(null, "", link.getAttribute("href"));
        })
        .catch(function () { window.location.href = link.getAttribute("href"); });
    });
    var search = document.getElementById("people-search");
    var table = document.getElementById("people-table");
    if (!search || !table) { return; }
    search.addEventListener("input", function () {
      var wanted = search.value.toLowerCase();
      var rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var text = rows[i].textContent.toLowerCase();
        rows[i].hidden = wanted !== "" && text.indexOf(wanted) < 0;
      }
    });
  });
})();
