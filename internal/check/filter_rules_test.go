package check_test

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// TestFilterReadsRuleList checks check.rules against every row of
// diag.Rules: an adjustable rule can be turned off, down and up; another
// can only be set to error; a misspelt id gets a suggestion; and a
// finding's severity follows the setting.
func TestFilterReadsRuleList(t *testing.T) {
	filter := func(settings map[string]string, ds ...diag.Diagnostic) []diag.Diagnostic {
		cfg := &config.Config{}
		cfg.Check.Rules, cfg.Check.RulesLine = settings, map[string]int{}
		for id := range settings {
			cfg.Check.RulesLine[id] = 7
		}
		return check.Filter(&content.Site{Config: cfg}, ds)
	}
	for _, r := range diag.Rules {
		finding := diag.Diagnostic{File: "content/a.md", Line: 3, Col: 1, Severity: r.Severity, Rule: r.ID, Message: "m"}
		for _, setting := range []string{"off", "warning", "error"} {
			got := filter(map[string]string{string(r.ID): setting}, finding)
			var settingErrs, kept []diag.Diagnostic
			for _, d := range got {
				if d.File == config.FileName {
					settingErrs = append(settingErrs, d)
				} else {
					kept = append(kept, d)
				}
			}
			switch {
			case r.Adjustable || setting == "error":
				if len(settingErrs) > 0 {
					t.Errorf("%s: %s: setting refused: %v", r.ID, setting, settingErrs)
				}
			default:
				if len(settingErrs) != 1 || !strings.Contains(settingErrs[0].Message, "cannot be turned off or down") || settingErrs[0].Line != 7 {
					t.Errorf("%s: %s: want one error at kitgen.yaml:7 saying it cannot be turned down, got %v", r.ID, setting, settingErrs)
				}
			}
			want := 1
			if r.Adjustable && setting == "off" {
				want = 0
			}
			if len(kept) != want {
				t.Errorf("%s: %s: %d findings kept, want %d", r.ID, setting, len(kept), want)
				continue
			}
			if want == 1 && r.Adjustable && kept[0].Severity.String() != setting {
				t.Errorf("%s: %s: finding is a %s", r.ID, setting, kept[0].Severity)
			}
			if want == 1 && !r.Adjustable && kept[0].Severity != r.Severity {
				t.Errorf("%s: %s: a fixed rule's finding changed severity to %s", r.ID, setting, kept[0].Severity)
			}
		}
	}

	// No setting: findings keep their severity.
	if got := filter(nil, diag.Diagnostic{File: "a.md", Severity: diag.Warning, Rule: diag.RuleKitArchive}); len(got) != 1 || got[0].Severity != diag.Warning {
		t.Errorf("without settings: %v", got)
	}
	// An empty mapping is no setting either.
	if got := filter(map[string]string{}, diag.Diagnostic{File: "a.md", Severity: diag.Error, Rule: diag.RuleClaims}); len(got) != 1 || got[0].Severity != diag.Error {
		t.Errorf("with empty settings: %v", got)
	}

	for typo, suggestion := range map[string]string{"clams": "claims", "kit-archiv": "kit-archive", "frontmatter": "front-matter"} {
		got := filter(map[string]string{typo: "off"})
		if len(got) != 1 || got[0].Rule != diag.RuleConfig || !strings.Contains(got[0].Message, "did you mean "+suggestion+"?") ||
			!strings.Contains(got[0].Message, strings.Join(diag.RuleIDs(true), ", ")) {
			t.Errorf("check.rules.%s: want a config error suggesting %s and listing the adjustable rules, got %v", typo, suggestion, got)
		}
	}
}
