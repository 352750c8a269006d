package pipeline

import (
	"sync/atomic"

	"github.com/kitgen/kitgen/internal/publish"
)

// output is where a build's writers put files: the staging folder of its
// publish transaction, or nowhere when the build only checks (kitgen
// check), which still counts the files it would write.
type output struct {
	f *publish.Folder // nil: count only
	n atomic.Int64
}

func (o *output) write(rel string, data []byte) {
	if o.f == nil {
		o.n.Add(1)
		return
	}
	o.f.Write(rel, data)
}

func (o *output) mkdirs(rels []string) {
	if o.f != nil {
		o.f.Mkdirs(rels)
	}
}

// prune deletes what a recycled staging folder holds that this build did
// not write.
func (o *output) prune() {
	if o.f != nil {
		o.f.Prune()
	}
}

func (o *output) err() error {
	if o.f == nil {
		return nil
	}
	return o.f.Err()
}

func (o *output) count() int {
	if o.f == nil {
		return int(o.n.Load())
	}
	return o.f.Count()
}
