package publish

import (
	"bufio"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// A Manifest describes the files of one output folder as kitgen wrote
// them: a checksum of the content, and the size and modification time the
// file had right after the write. It is kitgen's record of what it may
// delete: a destination without one holds nothing kitgen wrote.
//
// It also makes rebuilds cheap. When a recycled staging folder still has
// a file with the recorded size and time, its content is the recorded
// one, so a build whose new bytes have the same checksum skips the write.
// On a site where little changed, that turns ten thousand writes into ten
// thousand stats. Any doubt (no manifest, a file touched since) means the
// file is written.
type Manifest struct {
	Files map[string]Stamp // by slash-separated path in the folder
	// Dirs has the modification time of each folder holding a file, and
	// of the folder itself ("."), as they were after the build. A folder
	// whose time is the same still holds only what kitgen put there, so
	// looking for files added since needs a stat, not a listing.
	Dirs map[string]int64
	// Folder identifies the folder the manifest describes (device and
	// inode), so a folder put in its place later is not taken for
	// kitgen's. Zero when unknown: a manifest written by an older kitgen,
	// or a system without inodes.
	Folder ID
}

// A Stamp is what a manifest records about one file.
type Stamp struct {
	Sum   uint64
	Size  int64
	MTime int64 // nanoseconds
}

// An ID identifies a folder on its file system.
type ID struct{ Dev, Ino uint64 }

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Checksum is the content checksum manifests record: two CRC-32s with
// different polynomials, which processors compute in hardware, where the
// CRC-64 manifests used to record was computed a byte at a time and cost
// 1% of a build. A manifest written with the old checksum only makes the
// next build rewrite every file once.
func Checksum(b []byte) uint64 {
	return uint64(crc32.Checksum(b, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(b))
}

const manifestHeader = "kitgen-manifest"

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

// readManifest reads a manifest file; it returns nil when there is none or
// it is damaged, since a manifest that is partly wrong must not be trusted.
func readManifest(file string) *Manifest {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	m := &Manifest{Files: map[string]Stamp{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first && strings.HasPrefix(line, manifestHeader+" ") {
			first = false
			if n, err := fmt.Sscanf(line, manifestHeader+" %d %d", &m.Folder.Dev, &m.Folder.Ino); err != nil || n != 2 {
				return nil
			}
			continue
		}
		first = false
		if rest, ok := strings.CutPrefix(line, "d "); ok {
			mtime, rel, ok := strings.Cut(rest, " ")
			n, err := strconv.ParseInt(mtime, 10, 64)
			if !ok || err != nil {
				return nil
			}
			if m.Dirs == nil {
				m.Dirs = map[string]int64{}
			}
			m.Dirs[rel] = n
			continue
		}
		var s Stamp
		n, err := fmt.Sscanf(line, "%x %d %d ", &s.Sum, &s.Size, &s.MTime)
		if err != nil || n != 3 {
			return nil
		}
		parts := strings.SplitN(line, " ", 4)
		if len(parts) != 4 {
			return nil
		}
		m.Files[parts[3]] = s
	}
	if sc.Err() != nil {
		return nil
	}
	return m
}

// top reports whether name, a top-level entry of the folder, is something
// the manifest records: a file, or a folder holding one.
func (m *Manifest) top(name string) bool {
	if _, ok := m.Files[name]; ok {
		return true
	}
	for rel := range m.Files {
		if strings.HasPrefix(rel, name+"/") {
			return true
		}
	}
	return false
}

// folders returns the set of folders that hold the manifest's files, by
// slash-separated path, with "." for the folder itself.
func (m *Manifest) folders() map[string]bool {
	f := map[string]bool{".": true}
	for rel := range m.Files {
		for d := path.Dir(rel); !f[d]; d = path.Dir(d) {
			f[d] = true
		}
	}
	return f
}

// stampDirs records the modification times of the folders under dir that
// hold the manifest's files. A site has a folder for each page, so the
// folders are looked at by one goroutine per core.
func (m *Manifest) stampDirs(dir string) {
	folders := slices.Collect(maps.Keys(m.folders()))
	times, found := make([]int64, len(folders)), make([]bool, len(folders))
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(folders); i += n {
				if fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(folders[i]))); err == nil {
					times[i], found[i] = fi.ModTime().UnixNano(), true
				}
			}
		})
	}
	wg.Wait()
	m.Dirs = make(map[string]int64, len(folders))
	for i, d := range folders {
		if found[i] {
			m.Dirs[d] = times[i]
		}
	}
}

// tops returns the set of top-level names the manifest records.
func (m *Manifest) tops() map[string]bool {
	t := map[string]bool{}
	for rel := range m.Files {
		name, _, _ := strings.Cut(rel, "/")
		t[name] = true
	}
	return t
}

func (m *Manifest) write(file string) error {
	keys := make([]string, 0, len(m.Files))
	for k := range m.Files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tmp := file + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "%s %d %d\n", manifestHeader, m.Folder.Dev, m.Folder.Ino)
	var line []byte // "%x %d %d %s\n", without fmt: a line per file of the site
	for _, k := range keys {
		s := m.Files[k]
		line = strconv.AppendUint(line[:0], s.Sum, 16)
		line = append(line, ' ')
		line = strconv.AppendInt(line, s.Size, 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, s.MTime, 10)
		line = append(line, ' ')
		line = append(line, k...)
		line = append(line, '\n')
		w.Write(line)
	}
	dirs := make([]string, 0, len(m.Dirs))
	for d := range m.Dirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		fmt.Fprintf(w, "d %d %s\n", m.Dirs[d], d)
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
