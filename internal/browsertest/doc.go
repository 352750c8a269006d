// Package browsertest proves the partner site in a real browser. Its tests
// build the example site, serve it the way a CDN would (with the headers of
// the generated _headers file, and 404.html for unknown paths) and drive
// headless Chromium through every page type at desktop and phone widths:
// no console errors, no failed or third-party requests, nothing blocked by
// the Content-Security-Policy, no axe-core WCAG 2.1 A/AA violations, a
// working skip link, and a clean print rendering.
//
// The tests skip when no browser is installed, and the axe checks skip
// when KITGEN_AXE does not name axe.min.js, unless KITGEN_REQUIRE_BROWSER=1
// (as in CI), where a missing tool is a failure. Screenshots and a printed
// PDF go to KITGEN_ARTIFACTS, by default a kitgen-browser-artifacts folder
// in the system's temporary directory.
//
// TestNuHTMLChecker needs no browser: it runs the Nu HTML Checker
// (vnu.jar, named by KITGEN_VNU, with java) over every page of the example
// and golden sites, and skips without them unless KITGEN_REQUIRE_TOOLS=1.
package browsertest
