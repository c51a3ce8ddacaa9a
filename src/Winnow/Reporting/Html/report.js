// Winnow report: fills the row tables from the embedded JSON, searches and sorts them, shows map tooltips.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var shown = 200;

  function text(s) { return s === null || s === undefined ? "" : String(s); }
  function cell(tr, value, numeric) {
    var td = document.createElement("td");
    td.textContent = typeof value === "number" && !Number.isInteger(value) ? value.toPrecision(4) : text(value);
    if (numeric) td.className = "num";
    tr.appendChild(td);
  }

  function selectedColumns() {
    var cols = [
      { name: "rank", num: true, get: function (r) { return r[1]; } },
      { name: "row", num: true, get: function (r) { return data.rows[r[0]][0]; } },
      { name: "source", get: function (r) { return data.rows[r[0]][1]; } },
      { name: "cluster", num: true, get: function (r) { return data.rows[r[0]][4] < 0 ? null : data.rows[r[0]][4]; } },
      { name: "prompt", get: function (r) { return data.rows[r[0]][2]; } },
      { name: "response", get: function (r) { return data.rows[r[0]][3]; } }
    ];
    data.scoreNames.forEach(function (name, c) {
      cols.push({ name: name, num: true, get: function (r) { return data.scores[c][r[0]]; } });
    });
    cols.push({ name: "reason", get: function (r) { return data.strings[r[2]]; } });
    return cols;
  }

  function asideColumns() {
    function row(r) { return r[0] < 0 ? null : data.rows[r[0]]; }
    return [
      { name: "row", num: true, get: function (r) { return r[1]; } },
      { name: "code", get: function (r) { return data.strings[r[2]]; } },
      { name: "detail", get: function (r) { return data.strings[r[3]]; } },
      { name: "source", get: function (r) { var x = row(r); return x ? x[1] : ""; } },
      { name: "prompt", get: function (r) { var x = row(r); return x ? x[2] : ""; } }
    ];
  }

  function makeTable(prefix, source, columns) {
    var table = document.getElementById(prefix + "-table");
    var search = document.getElementById(prefix + "-search");
    var method = document.getElementById(prefix + "-method");
    var count = document.getElementById(prefix + "-count");
    var state = { sort: 0, dir: 1 };
    var head = document.createElement("tr");
    columns.forEach(function (col, i) {
      var th = document.createElement("th");
      th.textContent = col.name;
      th.tabIndex = 0;
      th.setAttribute("role", "columnheader");
      th.setAttribute("aria-sort", "none");
      function sortHere() {
        state.dir = state.sort === i ? -state.dir : 1;
        state.sort = i;
        render();
      }
      th.addEventListener("click", sortHere);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortHere(); });
      head.appendChild(th);
    });
    table.tHead.appendChild(head);

    function render() {
      var all = source[Number(method.value)] || [];
      var query = search.value.trim().toLowerCase();
      var rows = query === "" ? all.slice() : all.filter(function (r) {
        return columns.some(function (col) { return !col.num && text(col.get(r)).toLowerCase().indexOf(query) >= 0; });
      });
      var col = columns[state.sort];
      rows.sort(function (a, b) {
        var x = col.get(a), y = col.get(b);
        if (x === null || x === "") return 1;
        if (y === null || y === "") return -1;
        return (col.num ? x - y : text(x).localeCompare(text(y))) * state.dir;
      });
      var body = table.tBodies[0];
      body.textContent = "";
      rows.slice(0, shown).forEach(function (r) {
        var tr = document.createElement("tr");
        columns.forEach(function (c) { cell(tr, c.get(r), c.num); });
        body.appendChild(tr);
      });
      Array.prototype.forEach.call(head.children, function (th, i) {
        th.setAttribute("aria-sort", i === state.sort ? (state.dir > 0 ? "ascending" : "descending") : "none");
        th.dataset.arrow = i === state.sort ? (state.dir > 0 ? " ▲" : " ▼") : "";
      });
      count.textContent = "showing " + Math.min(shown, rows.length) + " of " + rows.length + " matching rows (" + all.length + " in all)";
    }
    search.addEventListener("input", render);
    method.addEventListener("change", render);
    render();
  }

  makeTable("selected", data.selected, selectedColumns());
  makeTable("aside", data.setAside, asideColumns());

  // Static tables marked sortable sort by the clicked column (numbers by value).
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var dir = 1;
      th.tabIndex = 0;
      th.addEventListener("click", function () {
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          var x = a.cells[i].textContent, y = b.cells[i].textContent;
          var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
          return (isNaN(nx) || isNaN(ny) ? x.localeCompare(y) : nx - ny) * dir;
        });
        dir = -dir;
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
  });

  // Map: tooltip with the row under the pointer, and one checkbox per method's marks.
  var tip = document.getElementById("tip");
  var map = document.getElementById("map");
  if (map) {
    map.addEventListener("mouseover", function (e) {
      var p = e.target.getAttribute && e.target.getAttribute("data-p");
      if (p === null) return;
      var row = data.rows[Number(p)];
      var by = data.methods.filter(function (_, m) {
        return data.selected[m].some(function (s) { return s[0] === Number(p); });
      });
      tip.textContent = "";
      var title = document.createElement("b");
      title.textContent = "row " + row[0] + (row[1] ? " · " + row[1] : "") + " · cluster " + row[4] + " · " + (by.length ? "selected by " + by.join(", ") : "not selected");
      var prompt = document.createElement("p");
      prompt.textContent = "prompt: " + row[2];
      var response = document.createElement("p");
      response.textContent = "response: " + row[3];
      tip.appendChild(title); tip.appendChild(prompt); tip.appendChild(response);
      tip.hidden = false;
      tip.style.left = Math.min(e.pageX + 12, document.documentElement.scrollWidth - 380) + "px";
      tip.style.top = (e.pageY + 12) + "px";
    });
    map.addEventListener("mouseout", function (e) {
      if (e.target.getAttribute && e.target.getAttribute("data-p") !== null) tip.hidden = true;
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".map-toggle"), function (box) {
    box.addEventListener("change", function () {
      var group = document.querySelector('.method-points[data-method="' + box.dataset.method + '"]');
      if (group) group.style.display = box.checked ? "" : "none";
    });
  });
})();
