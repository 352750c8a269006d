package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version, Commit and Date describe a release build; the release script
// sets them at link time:
//
//	go build -ldflags "-X github.com/kitgen/kitgen/internal/cli.Version=v1.2.3 …"
//
// Left empty, they come from the build info Go records: the module
// version for "go install …@vX.Y.Z", the VCS revision and time for a
// build from a clone.
var Version, Commit, Date string

// buildInfo is what "kitgen version" reports.
type buildInfo struct {
	version, commit, date, goVersion, platform string
}

func readBuildInfo() buildInfo {
	b := buildInfo{version: "devel", commit: "unknown", date: "unknown",
		goVersion: runtime.Version(), platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			b.version = v
		}
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.commit = s.Value
			case "vcs.time":
				b.date = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && b.commit != "unknown" {
			b.commit += " (with uncommitted changes)"
		}
	}
	if Version != "" {
		b.version = Version
	}
	if Commit != "" {
		b.commit = Commit
	}
	if Date != "" {
		b.date = Date
	}
	return b
}

func version() string { return readBuildInfo().version }

func (e *env) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print kitgen's version, commit, build date and platform",
		Args:  noArgs(""),
		RunE: func(c *cobra.Command, args []string) error {
			b := readBuildInfo()
			fmt.Fprintf(e.stdout, "kitgen %s\ncommit: %s\nbuilt: %s\ngo: %s\nplatform: %s\n",
				b.version, b.commit, b.date, b.goVersion, b.platform)
			return nil
		},
	}
}
