package serve

import (
	"encoding/json"
	"sync"
)

// event is one Server-Sent Event.
type event struct {
	name string
	data []byte
}

// broker fans build results out to the open pages. It remembers the
// current build and, while the site does not build, its findings, so a
// page that connects later learns both at once.
type broker struct {
	mu      sync.Mutex
	clients map[chan event]struct{}
	build   string   // id of the build being served
	errors  []string // findings of the failed build; nil when the last build succeeded
	closed  bool
}

func newBroker() *broker {
	return &broker{clients: map[chan event]struct{}{}}
}

type hello struct {
	Build  string   `json:"build"`
	Errors []string `json:"errors,omitempty"`
}

// subscribe registers a page and returns its channel and the greeting to
// send first. ok is false once the server is shutting down.
func (b *broker) subscribe() (ch chan event, first event, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, event{}, false
	}
	ch = make(chan event, 16)
	b.clients[ch] = struct{}{}
	return ch, mustEvent("hello", hello{Build: b.build, Errors: b.errors}), true
}

func (b *broker) unsubscribe(ch chan event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.clients[ch]; ok {
		delete(b.clients, ch)
		close(ch)
	}
}

// clientCount returns the number of connected pages.
func (b *broker) clientCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.clients)
}

// succeeded records a published build and sends ev to every page.
func (b *broker) succeeded(build string, ev event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.build, b.errors = build, nil
	b.sendLocked(ev)
}

// failed records the findings of a failed build and sends them.
func (b *broker) failed(errors []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errors = errors
	if b.errors == nil {
		b.errors = []string{}
	}
	b.sendLocked(mustEvent("build-error", hello{Build: b.build, Errors: errors}))
}

// current returns the id of the build being served and the findings of a
// failed build since.
func (b *broker) current() (string, []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.build, b.errors
}

// sendLocked never blocks: a page that does not keep up is disconnected,
// and its script reconnects and reloads when it hears of a newer build.
func (b *broker) sendLocked(ev event) {
	for ch := range b.clients {
		select {
		case ch <- ev:
		default:
			delete(b.clients, ch)
			close(ch)
		}
	}
}

// close ends every stream, so that http.Server.Shutdown can finish.
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.clients {
		delete(b.clients, ch)
		close(ch)
	}
}

func mustEvent(name string, v any) event {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs of strings are marshalled
	}
	return event{name: name, data: data}
}
