"""The page ``rasad map`` writes (crawler.map_render fills the ``{{...}}`` slots): Arabic, right to
left, no request to any host (the Content-Security-Policy allows nothing but the page's own inline
style and script). The script builds every element from data with ``textContent``, never with HTML
strings, and opens source links in a new tab without giving that tab a handle on this one."""

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>رصد: خريطة الحوادث</title>
<style>
  body { margin: 0; font-family: "DejaVu Sans", Tahoma, Arial, sans-serif; background: #f4f1ea; color: #222; }
  header { padding: 8px 14px; background: #2b3a4a; color: #fff; display: flex; flex-wrap: wrap; gap: 14px; align-items: center; }
  header h1 { font-size: 18px; margin: 0; }
  #summary { font-size: 14px; }
  main { display: flex; flex-wrap: wrap; }
  #mapbox { position: relative; flex: 1 1 640px; }
  svg { width: 100%; height: auto; max-height: calc(100vh - 150px); display: block; }
  .ltr { direction: ltr; unicode-bidi: isolate; }
  .gov { fill: #fbfaf6; stroke: #9a9385; stroke-width: 0.8; fill-rule: evenodd; }
  .gov:hover { fill: #efe9dc; }
  .outline { fill: none; stroke: #3d3a35; stroke-width: 2; stroke-linejoin: round; }
  .gov-label { font-size: 19px; fill: #6f695e; text-anchor: middle; pointer-events: none; }
  .gov-label.small { font-size: 12px; }
  .marker { stroke: #fff; stroke-width: 1.2; fill-opacity: 0.85; cursor: pointer; }
  .marker.background { stroke: #222; stroke-dasharray: 2 2; }
  .marker.selected { stroke: #000; stroke-width: 2.5; }
  aside { flex: 0 0 260px; padding: 10px 14px; font-size: 14px; }
  .legend-row { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
  .swatch { width: 14px; height: 14px; border-radius: 50%; display: inline-block; }
  #timeline { padding: 8px 14px; background: #fff; border-top: 1px solid #ddd; font-size: 14px; }
  #timeline input { width: 100%; }
  #popup { position: absolute; display: none; max-width: 320px; background: #fff; border: 1px solid #888;
           border-radius: 6px; padding: 8px 10px; box-shadow: 0 2px 8px rgba(0,0,0,.25); font-size: 13px; z-index: 5; }
  #popup h2 { font-size: 15px; margin: 0 0 4px; }
  #popup ul { margin: 4px 0 0; padding-inline-start: 18px; }
  #popup .close { float: left; cursor: pointer; border: 0; background: none; font-size: 16px; }
</style>
</head>
<body>
<header><h1>رصد: خريطة الحوادث الأمنية</h1><span id="summary"></span></header>
<main>
  <div id="mapbox">
    <svg id="map" viewBox="{{viewbox}}" role="img" aria-label="خريطة سوريا بالمحافظات">
      <g id="basemap">{{basemap}}</g>
      <g id="markers"></g>
    </svg>
    <div id="popup" role="dialog"></div>
  </div>
  <aside><h2 style="font-size:15px">الأنواع</h2><div id="legend"></div>
    <p style="color:#555">حجم الدائرة بعدد القتلى. الحواف المتقطعة: حادثة سابقة ذُكرت في الخبر.</p></aside>
</main>
<div id="timeline">
  <div>من <b id="from-label" class="ltr"></b> إلى <b id="to-label" class="ltr"></b>: <span id="count"></span></div>
  <input id="from" type="range" min="0" value="0" aria-label="من تاريخ">
  <input id="to" type="range" min="0" value="0" aria-label="إلى تاريخ">
</div>
<script type="application/json" id="meta-data">{{meta}}</script>
<script type="application/json" id="incident-data">{{incidents}}</script>
<script>
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var meta = JSON.parse(document.getElementById("meta-data").textContent);
  var incidents = JSON.parse(document.getElementById("incident-data").textContent);
  var colours = {};
  meta.legend.forEach(function (f) { colours[f.family] = f.colour; });
  var days = Array.from(new Set(incidents.map(function (i) { return i.day; }).filter(Boolean))).sort();
  var popup = document.getElementById("popup");
  var markers = document.getElementById("markers");
  var from = document.getElementById("from"), to = document.getElementById("to");
  var selected = null;

  function el(tag, text, parent) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (parent) parent.appendChild(node);
    return node;
  }
  function safeUrl(url) { return typeof url === "string" && /^https?:\\/\\//i.test(url) ? url : null; }
  function radius(i) { return 7 + Math.min(16, 3 * Math.sqrt(i.killed || 0)); }

  function counts(i) {
    var parts = [];
    if (i.killed !== null) parts.push("قتلى: " + i.killed + (i.killed_max !== null && i.killed_max !== i.killed ? "–" + i.killed_max : ""));
    if (i.injured !== null) parts.push("جرحى: " + i.injured);
    if (i.arrested !== null) parts.push("معتقلون: " + i.arrested);
    return parts.join("، ");
  }

  function showPopup(i, circle) {
    if (selected) selected.classList.remove("selected");
    selected = circle; circle.classList.add("selected");
    popup.replaceChildren();
    var close = el("button", "×", popup); close.className = "close"; close.setAttribute("aria-label", "إغلاق");
    close.addEventListener("click", hidePopup);
    el("h2", i.types.join("، "), popup);
    var when = el("div", "التاريخ: ", popup); when.className = "date";
    el("bdi", i.day || "غير معروف", when).className = "ltr";
    if (!i.dated) el("span", " (تاريخ النشر)", when);
    el("div", "المكان: " + [i.place, i.admin1].filter(Boolean).join("، "), popup);
    var c = counts(i); if (c) el("div", c, popup).className = "counts";
    if (i.background) el("div", "حادثة سابقة ذُكرت في الخبر", popup);
    el("div", "المصادر:", popup);
    var list = el("ul", null, popup);
    i.sources.forEach(function (s) {
      var item = el("li", null, list), url = safeUrl(s.url);
      if (url) { var a = el("a", s.name, item); a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer"; }
      else item.textContent = s.name;
    });
    var box = document.getElementById("mapbox").getBoundingClientRect(), at = circle.getBoundingClientRect();
    popup.style.display = "block";
    var left = at.left - box.left + at.width + 6;
    if (left + popup.offsetWidth > box.width) left = Math.max(0, at.left - box.left - popup.offsetWidth - 6);
    popup.style.left = left + "px";
    popup.style.top = Math.max(0, at.top - box.top - 10) + "px";
  }
  function hidePopup() {
    popup.style.display = "none";
    if (selected) selected.classList.remove("selected");
    selected = null;
  }

  var circles = incidents.slice().sort(function (a, b) { return (b.killed || 0) - (a.killed || 0); }).map(function (i) {
    var circle = document.createElementNS(SVG, "circle");
    circle.setAttribute("cx", i.x); circle.setAttribute("cy", i.y); circle.setAttribute("r", radius(i));
    circle.setAttribute("fill", colours[i.family] || "#555");
    circle.setAttribute("class", "marker" + (i.background ? " background" : ""));
    circle.dataset.id = i.id; circle.dataset.family = i.family;
    circle.addEventListener("click", function (event) { event.stopPropagation(); showPopup(i, circle); });
    markers.appendChild(circle);
    return { incident: i, circle: circle };
  });

  var legend = document.getElementById("legend"), legendCounts = {};
  meta.legend.forEach(function (f) {
    var row = el("div", null, legend); row.className = "legend-row";
    var swatch = el("span", null, row); swatch.className = "swatch"; swatch.style.background = f.colour;
    el("span", f.label, row);
    legendCounts[f.family] = el("span", "", row);
  });

  function update() {
    var lo = Math.min(+from.value, +to.value), hi = Math.max(+from.value, +to.value);
    var first = days[lo], last = days[hi], shown = 0, byFamily = {};
    circles.forEach(function (m) {
      var d = m.incident.day, visible = !d || !days.length || (d >= first && d <= last);
      m.circle.style.display = visible ? "" : "none";
      if (visible) { shown += 1; byFamily[m.incident.family] = (byFamily[m.incident.family] || 0) + 1; }
      if (!visible && selected === m.circle) hidePopup();
    });
    document.getElementById("from-label").textContent = first || "—";
    document.getElementById("to-label").textContent = last || "—";
    document.getElementById("count").textContent = shown + " من " + circles.length + " حادثة على الخريطة";
    Object.keys(legendCounts).forEach(function (f) { legendCounts[f].textContent = "(" + (byFamily[f] || 0) + ")"; });
  }

  from.max = to.max = String(Math.max(0, days.length - 1));
  from.value = "0"; to.value = to.max;
  from.addEventListener("input", update); to.addEventListener("input", update);
  document.getElementById("map").addEventListener("click", hidePopup);
  document.getElementById("summary").textContent = meta.total + " حادثة، " + meta.unplaced + " منها بلا إحداثيات";
  update();
}());
</script>
</body>
</html>
"""
