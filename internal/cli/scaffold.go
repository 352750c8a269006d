package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	kitgen "github.com/kitgen/kitgen"
)

// init writes the example practice, with the built-in theme, into a new
// or empty folder.
func (e *env) init(args []string) int {
	fset := e.flags("init")
	pos, err := parse(fset, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "usage: kitgen init DIR")
		return 2
	}
	dir := pos[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(e.stderr, "kitgen init: %s is not empty; choose a new folder so nothing is overwritten\n", dir)
		return 1
	}
	err = fs.WalkDir(kitgen.Example, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(kitgen.Example, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("/public/\n/.kitgen-*\n"), 0o644)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "kitgen init: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "created a referral site in %s\nnext: cd %s && kitgen serve\n", dir, dir)
	return 0
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// new scaffolds one content file or kit definition from a template with
// every field of its schema, so editors see what they may fill in.
func (e *env) new(args []string) int {
	fset := e.flags("new")
	var src string
	stringFlag(fset, &src, "source", "s", ".", "site folder")
	pos, err := parse(fset, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) != 2 {
		fmt.Fprintln(e.stderr, "usage: kitgen new service|guide|provider|location|page|kit NAME")
		return 2
	}
	kind, name := pos[0], strings.ToLower(pos[1])
	if !nameRE.MatchString(name) {
		fmt.Fprintf(e.stderr, "kitgen new: %q is not a usable name; use lowercase letters, digits and hyphens, e.g. sleep-medicine\n", pos[1])
		return 2
	}
	title := strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
	var rel, body string
	switch kind {
	case "service":
		rel = "content/services/" + name + ".md"
		body = fmt.Sprintf(serviceTmpl, title)
	case "guide":
		rel = "content/guides/" + name + ".md"
		body = fmt.Sprintf(guideTmpl, title)
	case "provider":
		rel = "content/providers/" + name + ".md"
		body = fmt.Sprintf(providerTmpl, title)
	case "location":
		rel = "content/locations/" + name + ".md"
		body = fmt.Sprintf(locationTmpl, title)
	case "page":
		rel = "content/" + name + ".md"
		body = fmt.Sprintf("---\ntitle: %s\ndescription: \n---\n\nWrite the page here.\n", title)
	case "kit":
		rel = "kits/" + name + ".yaml"
		body = fmt.Sprintf(kitTmpl, title, name)
	default:
		fmt.Fprintf(e.stderr, "kitgen new: unknown kind %q; use service, guide, provider, location, page or kit\n", kind)
		return 2
	}
	target := filepath.Join(src, filepath.FromSlash(rel))
	if _, err := os.Stat(target); err == nil {
		fmt.Fprintf(e.stderr, "kitgen new: %s already exists; pick another name\n", target)
		return 1
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "kitgen new: %v\n", err)
		return 1
	}
	if err := os.WriteFile(target, []byte(body), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "kitgen new: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "created %s\n", target)
	return 0
}

const serviceTmpl = `---
title: %s
description: One sentence for referring clinicians.
specialty: 
conditions: []
providers: []   # provider slugs, e.g. jose-nunez
locations: []   # location slugs, e.g. loop
guide:          # guide slug
visit_length: 
results: 
---

## Who we see

## Conditions we treat

## What the visit involves

## How results reach you
`

const guideTmpl = `---
title: When to refer — %s
description: 
audience: Primary care clinicians and care coordinators
service:        # service slug
escalation:     # a line key from kitgen.yaml "lines"
reviewed: 2026-01-01
---

## Red flags

## Urgent referral

## Routine referral

## Documents to send

## Before the visit
`

const providerTmpl = `---
title: %s
credentials: MD
role: 
specialty: 
education: []
board_certifications: []
focus_areas: []
locations: []
services: []
languages: [English]
accepting_referrals: 
accepting_referrals_note: 
---

Bio in the third person.

## Clinical focus
`

const locationTmpl = `---
title: %s
description: 
address:
  street: 
  city: 
  region: 
  postal_code: 
phone: "(312) 555-0100"
fax: "(312) 555-0101"
ereferral: 
hours:
  - {days: Mo-Fr, opens: "08:00", closes: "17:00"}
services: []
---

Parking, transit and building access.
`

const kitTmpl = `title: %s referral kit
audience: Referring primary care clinicians and care coordinators
page: services/%s
paper: letter
blocks:
  - section: guides/GUIDE#red-flags
    style: urgent
  - columns:
      - section: guides/GUIDE#urgent-referral
      - section: guides/GUIDE#routine-referral
  - providers: []
  - contact: LOCATION
`
