/* Verzuimloket charts: draws simple SVG bar charts from <script type="application/json"> data (json_script).
   No inline scripts and no external libraries, so it works under a strict Content Security Policy.
   The numbers are also in a table next to each chart; the drawing is aria-hidden. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var KLEUREN = ["#154273", "#8fb8de", "#1e6b2d", "#7a4b00"];

  function el(naam, attrs, tekst) {
    var e = document.createElementNS(SVG, naam);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (tekst !== undefined) { e.textContent = tekst; }
    return e;
  }

  function maximum(data) {
    var m = 0;
    data.series.forEach(function (s) { s.waarden.forEach(function (v) { if (v > m) { m = v; } }); });
    return m || 1;
  }

  function legenda(svg, data, y) {
    if (data.series.length < 2) { return; }
    data.series.forEach(function (s, i) {
      svg.appendChild(el("rect", { x: 10 + i * 140, y: y, width: 12, height: 12, fill: KLEUREN[i % KLEUREN.length] }));
      svg.appendChild(el("text", { x: 28 + i * 140, y: y + 11, "font-size": 12, fill: "#1a1a1a" }, s.naam));
    });
  }

  /* Vertical grouped columns (e.g. per month, two school years). */
  function kolommen(doel, data) {
    var breedte = 720, hoogte = 260, links = 40, onder = 40, boven = 24;
    var svg = el("svg", { viewBox: "0 0 " + breedte + " " + hoogte, width: "100%", role: "presentation", focusable: "false" });
    var max = maximum(data), n = data.labels.length, groep = (breedte - links - 10) / Math.max(n, 1);
    var balk = (groep - 8) / data.series.length, schaal = (hoogte - onder - boven) / max;
    svg.appendChild(el("line", { x1: links, y1: hoogte - onder, x2: breedte - 10, y2: hoogte - onder, stroke: "#535353" }));
    svg.appendChild(el("text", { x: 4, y: boven + 4, "font-size": 11, fill: "#535353" }, String(max)));
    data.labels.forEach(function (label, i) {
      var x0 = links + i * groep + 4;
      data.series.forEach(function (s, j) {
        var h = s.waarden[i] * schaal;
        svg.appendChild(el("rect", { x: x0 + j * balk, y: hoogte - onder - h, width: Math.max(balk - 2, 1), height: h,
          fill: KLEUREN[j % KLEUREN.length] }));
      });
      svg.appendChild(el("text", { x: x0 + groep / 2 - 4, y: hoogte - onder + 16, "font-size": 11, "text-anchor": "middle",
        fill: "#1a1a1a" }, label));
    });
    legenda(svg, data, hoogte - 14);
    doel.appendChild(svg);
  }

  /* Horizontal bars with the label on the left (e.g. per soort verzuim, per school). */
  function balken(doel, data) {
    var regel = 22, links = 300, breedte = 720, hoogte = Math.max(data.labels.length, 1) * regel + 10;
    var svg = el("svg", { viewBox: "0 0 " + breedte + " " + hoogte, width: "100%", role: "presentation", focusable: "false" });
    var max = maximum(data), schaal = (breedte - links - 50) / max;
    data.labels.forEach(function (label, i) {
      var y = 5 + i * regel, w = data.series[0].waarden[i] * schaal;
      var tekst = label.length > 45 ? label.slice(0, 44) + "…" : label;
      svg.appendChild(el("text", { x: links - 6, y: y + 14, "font-size": 12, "text-anchor": "end", fill: "#1a1a1a" }, tekst));
      svg.appendChild(el("rect", { x: links, y: y + 2, width: w, height: regel - 6, fill: KLEUREN[0] }));
      svg.appendChild(el("text", { x: links + w + 4, y: y + 14, "font-size": 12, fill: "#1a1a1a" },
        String(data.series[0].waarden[i])));
    });
    doel.appendChild(svg);
  }

  function teken() {
    var doelen = document.querySelectorAll("[data-grafiek]");
    Array.prototype.forEach.call(doelen, function (doel) {
      var bron = document.getElementById(doel.getAttribute("data-grafiek"));
      if (!bron) { return; }
      var data = JSON.parse(bron.textContent);
      if (!data.labels.length) { return; }
      (doel.getAttribute("data-soort") === "kolommen" ? kolommen : balken)(doel, data);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", teken);
  } else {
    teken();
  }
})();
