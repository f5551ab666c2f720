package importapi

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// countingBody is a request body that counts what was read of it.
type countingBody struct {
	left int
	read int
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), b.left)
	for i := range n {
		p[i] = ' '
	}
	if b.read == 0 && n > 0 {
		p[0] = '[' // a JSON array of nothing but space
	}
	b.left -= n
	b.read += n
	return n, nil
}

func (b *countingBody) Close() error { return nil }

// TestBodyReadOnlyWhenDue: a request without the key, or to an unknown
// path or method, is answered before a byte of its body is read; a body
// over the limit costs the limit, not its size.
func TestBodyReadOnlyWhenDue(t *testing.T) {
	s, err := New(Options{APIKey: "k", MaxBody: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path, auth string
		code                     int
		maxRead                  int
	}{
		{"no key", "POST", PathImport, "", 401, 0},
		{"wrong key", "POST", PathImport, "API-KEY nope", 401, 0},
		{"unknown path", "POST", "/upload", "API-KEY k", 404, 0},
		{"unknown path without a key", "POST", "/imports/anything", "", 404, 0},
		{"wrong method", "PUT", PathImport, "API-KEY k", 405, 0},
		{"over the limit", "POST", PathImport, "API-KEY k", 413, 1<<20 + 64<<10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := &countingBody{left: 30 << 20}
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.Body = body
			req.ContentLength = -1 // unknown, as a chunked upload
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", tt.auth)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.code || body.read > tt.maxRead {
				t.Errorf("%d after reading %d bytes; want %d after at most %d", rec.Code, body.read, tt.code, tt.maxRead)
			}
		})
	}
}

// TestMemoryFlatInRequests: many refused requests leave nothing behind.
func TestMemoryFlatInRequests(t *testing.T) {
	s, err := New(Options{APIKey: "k", MaxBody: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	inUse := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	send := func(n int, auth, path string, size int) {
		for range n {
			req := httptest.NewRequest("POST", path, strings.NewReader(strings.Repeat("[", size)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", auth)
			s.ServeHTTP(httptest.NewRecorder(), req)
		}
	}
	send(5, "", PathImport, 1<<20)
	before := inUse()
	send(100, "", PathImport, 1<<20)
	send(100, "API-KEY k", "/nope", 1<<20)
	send(50, "API-KEY k", PathImport, 2<<20) // over the limit
	if grew := int64(inUse()) - int64(before); grew > 8<<20 {
		t.Errorf("memory grew by %d bytes over 250 refused requests", grew)
	}
	var _ http.Handler = s
}
