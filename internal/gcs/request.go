package gcs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is a failed Cloud Storage request: the HTTP status and the
// message the service gave, or the transport error when no response came.
// blob.Bucket.ErrorAs reaches it with a **Error.
type Error struct {
	Op      string // what was being done: `listing`, `uploading "index.html"`
	Status  int    // the HTTP status; 0 when no response came
	Message string // Cloud Storage's own explanation, if it gave one
	Err     error  // the transport error, when Status is 0
}

func (e *Error) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("%s: %v", e.Op, e.Err)
	}
	msg := fmt.Sprintf("%s: %d %s", e.Op, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		msg += "; check which account GOOGLE_APPLICATION_CREDENTIALS (or the machine's default credentials) names, and that it may list, create and delete objects in the bucket (roles/storage.objectAdmin)"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// retryable reports whether Cloud Storage asks clients to try the request
// again: a timeout, rate limiting, or a server error, or no response at all.
func retryable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Status {
	case 0:
		return !errors.Is(e.Err, context.Canceled) && !errors.Is(e.Err, context.DeadlineExceeded)
	case http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// do sends the request newReq builds and returns the body of a 2xx
// response. A request whose repetition has the same effect as one
// success (idempotent) is retried with exponential backoff and jitter, as
// Cloud Storage asks of clients, while retryable says so; retried tells
// the caller that an earlier attempt may have taken effect.
func (b *bucket) do(ctx context.Context, op string, idempotent bool, newReq func(context.Context) (*http.Request, error)) (body []byte, retried bool, err error) {
	for attempt := 1; ; attempt++ {
		var wait time.Duration
		body, wait, err = b.once(ctx, op, newReq)
		if err == nil || !idempotent || attempt >= b.attempts || !retryable(err) {
			return body, attempt > 1, err
		}
		// Full jitter over an exponentially growing window spreads the
		// retries of parallel uploads; the service's Retry-After, when
		// longer, wins.
		d := b.backoff << (attempt - 1)
		d = min(d/2+rand.N(d/2+1), 32*time.Second)
		select {
		case <-time.After(max(d, wait)):
		case <-ctx.Done():
			return nil, true, &Error{Op: op, Err: ctx.Err()}
		}
	}
}

// once makes one attempt of a request; wait is how long a 429 or 503
// response asked the client to wait.
func (b *bucket) once(ctx context.Context, op string, newReq func(context.Context) (*http.Request, error)) ([]byte, time.Duration, error) {
	req, err := newReq(ctx)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", "kitgen")
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, 0, &Error{Op: op, Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, 0, &Error{Op: op, Err: err}
	}
	if resp.StatusCode/100 == 2 {
		return body, 0, nil
	}
	var wait time.Duration
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		wait = min(time.Duration(s)*time.Second, time.Minute)
	}
	return nil, wait, &Error{Op: op, Status: resp.StatusCode, Message: errorMessage(body)}
}

// errorMessage is the message of a JSON API error body,
// {"error": {"code": 403, "message": "..."}}, or the body's first line
// when it is not one (a proxy's error page).
func errorMessage(body []byte) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		return e.Error.Message
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(body)), "\n")
	if len(line) > 200 {
		line = line[:200] + "…"
	}
	return line
}
