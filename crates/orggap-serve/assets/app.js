// The orggap workspace's only script: the page works without it. It keeps the scroll
// position across the page reloads that follow each change, filters the people list as one
// types (the search form does the same on the server), opens a view (graph, org chart,
// matrix) by fetching only that part of the page (/view?…) instead of reloading it all, and
// fills the people a person field offers with those matching what is typed (the page lists
// only the first people; /view?view=people-options&q=… finds anyone).
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
    var offered = document.getElementById("people-names");
    var asked = null;
    var timer = null;
    document.addEventListener("input", function (event) {
      var field = event.target;
      if (!offered || !window.fetch || field.getAttribute("list") !== "people-names") { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = field.value;
        asked = q;
        fetch("/view?view=people-options&q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) { if (html !== null && asked === q) { offered.innerHTML = html; } })
          .catch(function () { /* the first people stay offered */ });
      }, 120);
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
