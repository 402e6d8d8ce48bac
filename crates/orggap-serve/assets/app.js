// The orggap workspace's only script: the page works without it. It keeps the scroll
// position across the page reloads that follow each change, and filters the people list
// as one types (the search form does the same on the server).
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
