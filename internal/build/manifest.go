package build

import (
	"bufio"
	"fmt"
	"hash/crc64"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A manifest describes the files of one output folder as kitgen wrote
// them: a checksum of the content, and the size and modification time the
// file had right after the write. When a recycled staging folder still
// has a file with the recorded size and time, its content is the recorded
// one, so a build whose new bytes have the same checksum skips the write.
// On a site where little changed, that turns ten thousand writes into ten
// thousand stats. Any doubt (no manifest, a file touched since) means the
// file is written.
type manifest map[string]stamp // by slash-separated path in the folder

type stamp struct {
	Sum   uint64
	Size  int64
	MTime int64 // nanoseconds
}

var crcTable = crc64.MakeTable(crc64.ECMA)

func checksum(b []byte) uint64 { return crc64.Checksum(b, crcTable) }

// manifestFile is where the manifest of an output folder is kept: a hidden
// file beside it, never inside, so it is not published.
func manifestFile(dir string) string {
	d := filepath.Clean(dir)
	base := filepath.Base(d)
	if !strings.HasPrefix(base, ".kitgen-") {
		base = ".kitgen-" + base
	}
	return filepath.Join(filepath.Dir(d), base+".manifest")
}

func readManifest(file string) manifest {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	m := manifest{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var s stamp
		var rel string
		line := sc.Text()
		n, err := fmt.Sscanf(line, "%x %d %d ", &s.Sum, &s.Size, &s.MTime)
		if err != nil || n != 3 {
			return nil // damaged: trust nothing
		}
		parts := strings.SplitN(line, " ", 4)
		if len(parts) != 4 {
			return nil
		}
		rel = parts[3]
		m[rel] = s
	}
	if sc.Err() != nil {
		return nil
	}
	return m
}

func (m manifest) write(file string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tmp := file + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, k := range keys {
		s := m[k]
		fmt.Fprintf(w, "%x %d %d %s\n", s.Sum, s.Size, s.MTime, k)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, file)
}
