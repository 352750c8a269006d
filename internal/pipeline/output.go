package pipeline

import (
	"sync/atomic"

	"github.com/kitgen/kitgen/internal/publish"
)

// output is where the stages put files. write gives a file's bytes; keep
// names a file the run produces exactly as the run before it did (a page
// whose cached rendering is current), which only a driver that keeps its
// output between runs sees.
type output interface {
	write(rel string, data []byte)
	keep(rel string)
	err() error
}

// folderOutput writes a build into the staging folder of its publish
// transaction, or nowhere when the build only checks (kitgen check), which
// still counts the files it would write.
type folderOutput struct {
	f *publish.Folder // nil: count only
	n atomic.Int64
}

func (o *folderOutput) write(rel string, data []byte) {
	if o.f == nil {
		o.n.Add(1)
		return
	}
	o.f.Write(rel, data)
}

// keep is never called by a build, whose cache starts empty.
func (o *folderOutput) keep(string) {}

func (o *folderOutput) err() error {
	if o.f == nil {
		return nil
	}
	return o.f.Err()
}

// prune deletes what a recycled staging folder holds that this build did
// not write.
func (o *folderOutput) prune() {
	if o.f != nil {
		o.f.Prune()
	}
}

func (o *folderOutput) count() int {
	if o.f == nil {
		return int(o.n.Load())
	}
	return o.f.Count()
}
