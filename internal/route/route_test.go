package route

import (
	"strings"
	"testing"
)

func TestKitURLs(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{KitPage("cardiology"), "/kits/cardiology/"},
		{KitPDF("cardiology", 3), "/kits/cardiology/cardiology-v3.pdf"},
		{KitLatest("cardiology"), "/kits/cardiology/cardiology-latest.pdf"},
		{KitVersions("cardiology"), "/kits/cardiology/cardiology-v*"},
		// A translation's page is in its language's site; its PDFs are
		// in the kit's folder, named with the language.
		{KitLang("cardiology", "es"), "cardiology.es"},
		{KitPage("cardiology.es"), "/es/kits/cardiology/"},
		{KitPDF("cardiology.es", 2), "/kits/cardiology/cardiology.es-v2.pdf"},
		{KitLatest("cardiology.es"), "/kits/cardiology/cardiology.es-latest.pdf"},
		{KitFaxCover("cardiology.es"), "/kits/cardiology/cardiology.es-fax-cover.pdf"},
		{KitVersions("cardiology.es"), "/kits/cardiology/cardiology.es-v*"},
		// Dots that do not end in a two-letter code are part of a kit's id.
		{KitPage("heart.v2"), "/kits/heart.v2/"},
		{KitPage("heart.ecg"), "/kits/heart.ecg/"},
		{KitPage("heart.ES"), "/kits/heart.ES/"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %s, want %s", tt.got, tt.want)
		}
	}
	// Every versioned file matches the CDN pattern for immutable files;
	// the latest copy, which changes, does not.
	prefix := strings.TrimSuffix(KitVersions("x"), "*")
	if !strings.HasPrefix(KitPDF("x", 12), prefix) || strings.HasPrefix(KitLatest("x"), prefix) {
		t.Errorf("KitVersions %s does not tell versions (%s) from latest (%s)", KitVersions("x"), KitPDF("x", 12), KitLatest("x"))
	}
}

func TestFile(t *testing.T) {
	for _, tt := range []struct {
		url, file string
		ok        bool
	}{
		{"/", "index.html", true},
		{"/services/cardiology/", "services/cardiology/index.html", true},
		{Feed, "kits/feed.xml", true},
		{KitPDF("x", 2), "kits/x/x-v2.pdf", true},
		{NotFound, "404.html", true},
		{"/a/../../etc/", "", false},
		{"/a/./b/", "", false},
		{"/a\\b/", "", false},
		{"", "index.html", true},
	} {
		file, ok := File(tt.url)
		if file != tt.file || ok != tt.ok {
			t.Errorf("File(%q) = %q, %v; want %q, %v", tt.url, file, ok, tt.file, tt.ok)
		}
	}
}

func table() *Table {
	return NewTable([]Route{
		{URL: "/services/cardiology/", Kind: KindPage, Source: "content/services/cardiology.md", IDs: []string{"who-we-see", "red-flags"}, IDsKnown: true},
		{URL: "/guides/x/", Kind: KindPage, Source: "content/guides/x.md"}, // ids unknown
		{URL: "/empty/", Kind: KindPage, Source: "content/empty.md", IDsKnown: true},
		{URL: KitPage("x"), Kind: KindKitPage, Source: "kits/x.yaml"},
		{URL: KitPDF("x", 1), Kind: KindKitPDF, Source: "kits/x.yaml"},
		{URL: KitLatest("x"), Kind: KindKitLatest, Source: "kits/x.yaml"},
		{URL: KitsIndex, Kind: KindKits},
		{URL: Feed, Kind: KindFeed},
		{URL: "/services/cardiology/", Kind: KindAsset, Source: "second claim"},
	})
}

func TestLookup(t *testing.T) {
	tb := table()
	for _, tt := range []struct {
		path, url string // url "" means not found
	}{
		{"/services/cardiology/", "/services/cardiology/"},
		{"/services/cardiology", "/services/cardiology/"},
		{"/services/cardiology/index.html", "/services/cardiology/"},
		{"/kits", KitsIndex},
		{"/kits/x/x-v1.pdf", "/kits/x/x-v1.pdf"},
		{"/kits/x/x-latest.pdf", "/kits/x/x-latest.pdf"},
		{"/kits/feed.xml", Feed},
		{"/kits/x/x-v2.pdf", ""},
		{"/kits/no-such-kit/", ""},
		{"/kits/x/x-v1.pdf/", ""},
		{"/services/", ""},
		{"", ""},
	} {
		r, ok := tb.Lookup(tt.path)
		switch {
		case tt.url == "" && ok:
			t.Errorf("Lookup(%q) found %s, want nothing", tt.path, r.URL)
		case tt.url != "" && (!ok || r.URL != tt.url):
			t.Errorf("Lookup(%q) = %v, %v; want %s", tt.path, r, ok, tt.url)
		}
	}
	if r, _ := tb.Lookup("/services/cardiology/"); r.Source != "content/services/cardiology.md" {
		t.Errorf("a second route for a URL replaced the first: %+v", r)
	}
	var nilTable *Table
	if _, ok := nilTable.Lookup("/"); ok {
		t.Error("a nil table finds routes")
	}
}

func TestAllSortedWithFiles(t *testing.T) {
	all := table().All()
	if len(all) != 8 {
		t.Fatalf("%d routes, want 8 (one per URL)", len(all))
	}
	for i, r := range all {
		if i > 0 && all[i-1].URL >= r.URL {
			t.Errorf("routes not sorted by URL: %s before %s", all[i-1].URL, r.URL)
		}
		if want, _ := File(r.URL); r.File != want {
			t.Errorf("route %s has file %q, want %q", r.URL, r.File, want)
		}
	}
}

func TestHasID(t *testing.T) {
	tb := table()
	page, _ := tb.Lookup("/services/cardiology/")
	if !page.HasID("red-flags") || !page.HasID("who-we-see") {
		t.Error("a page's heading ids are not found")
	}
	if page.HasID("nope") || page.HasID("") || page.HasID("Red-Flags") {
		t.Error("HasID accepts an id the page does not have")
	}
	empty, _ := tb.Lookup("/empty/")
	if empty.HasID("anything") {
		t.Error("a page known to have no ids accepts a fragment")
	}
	unknown, _ := tb.Lookup("/guides/x/")
	if !unknown.HasID("anything") {
		t.Error("a page whose ids are unknown rejects a fragment")
	}
}
