// Live reload for kitgen serve. The dev server adds this script to every
// page it builds (never to a published site) and sends build results as
// Server-Sent Events: "reload" with the pages that changed, "css" with the
// new stylesheets, "build-error" with the findings of a failed build and
// "hello" when the connection opens. It is an external file because the
// site's Content-Security-Policy forbids inline scripts; for the same
// reason the overlay is styled through the CSSOM, never a style attribute.
(function () {
  "use strict";
  if (!window.EventSource) return;

  var OVERLAY = "kitgen-build-errors";
  var known = null; // the build this page shows, from its Server-Timing header
  try {
    var nav = performance.getEntriesByType("navigation")[0];
    var timings = (nav && nav.serverTiming) || [];
    for (var t = 0; t < timings.length; t++) {
      if (timings[t].name === "kitgen") known = timings[t].description;
    }
  } catch (err) { /* an old browser: only events after loading count */ }

  function here() {
    var p = location.pathname;
    if (p.slice(-10) === "index.html") p = p.slice(0, -10);
    return p;
  }

  function hideOverlay() {
    var el = document.getElementById(OVERLAY);
    if (el) el.parentNode.removeChild(el);
  }

  function css(el, props) {
    for (var k in props) el.style[k] = props[k];
  }

  function showOverlay(messages) {
    hideOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    css(box, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", margin: "0", padding: "1rem 1.25rem",
      background: "#fff", color: "#1a1a1a", borderTop: "6px solid #b3261e",
      boxShadow: "0 -4px 16px rgba(0,0,0,.25)", font: "16px/1.45 system-ui, sans-serif"
    });
    var h = document.createElement("h2");
    h.textContent = "kitgen: the site did not build";
    css(h, { margin: "0 0 .25rem", fontSize: "1.15rem", color: "#b3261e" });
    var p = document.createElement("p");
    p.textContent = "This page shows the last version that built. Fix these problems and save; the page updates by itself.";
    css(p, { margin: "0 0 .5rem" });
    var list = document.createElement("ul");
    css(list, { margin: "0", paddingLeft: "1.25rem", font: "14px/1.5 ui-monospace, monospace", whiteSpace: "pre-wrap" });
    for (var i = 0; i < messages.length; i++) {
      var li = document.createElement("li");
      li.textContent = messages[i];
      list.appendChild(li);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    css(close, { float: "right", font: "inherit", padding: ".25rem .75rem" });
    close.addEventListener("click", hideOverlay);
    box.appendChild(close);
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(list);
    document.body.appendChild(box);
  }

  // swapStyles replaces the page's stylesheets with the new hashed files,
  // removing each old one only once its replacement has loaded, so the page
  // never flashes unstyled. A different number of stylesheets reloads.
  function swapStyles(sheets) {
    var old = document.querySelectorAll('link[rel="stylesheet"][href^="/assets/"]');
    if (old.length !== sheets.length) {
      location.reload();
      return;
    }
    for (var i = 0; i < old.length; i++) {
      (function (link, sheet) {
        if (link.getAttribute("href") === sheet.href) return;
        var next = document.createElement("link");
        next.rel = "stylesheet";
        if (sheet.integrity) next.integrity = sheet.integrity;
        next.href = sheet.href;
        next.addEventListener("load", function () { link.parentNode && link.parentNode.removeChild(link); });
        next.addEventListener("error", function () { location.reload(); });
        link.parentNode.insertBefore(next, link.nextSibling);
      })(old[i], sheets[i]);
    }
  }

  function data(e) {
    try { return JSON.parse(e.data); } catch (err) { return {}; }
  }

  var source = new EventSource("/__kitgen/events");
  source.addEventListener("hello", function (e) {
    var d = data(e);
    // A build this page never heard of (the server restarted, or events
    // were missed while the connection was down): show the current one.
    if (known !== null && d.build !== known) {
      location.reload();
      return;
    }
    known = d.build;
    if (d.errors && d.errors.length) showOverlay(d.errors); else hideOverlay();
  });
  source.addEventListener("reload", function (e) {
    var d = data(e);
    known = d.build;
    if (d.all || (d.paths || []).indexOf(here()) >= 0) {
      location.reload();
      return;
    }
    hideOverlay();
  });
  source.addEventListener("css", function (e) {
    var d = data(e);
    known = d.build;
    hideOverlay();
    swapStyles(d.stylesheets || []);
  });
  source.addEventListener("build-error", function (e) {
    showOverlay(data(e).errors || []);
  });
})();
