package importapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aitkit/aitkit/internal/storefile"
	"github.com/aitkit/aitkit/schema"
	bolt "go.etcd.io/bbolt"
)

// clock is a time that tests move.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2025, 7, 3, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.now = t; c.mu.Unlock() }
func (c *clock) String() string      { return c.Now().String() }
func ok(id string) string {
	return fmt.Sprintf(`{"externalId":%q,"status":"On Track","asOfDate":"2025-07-03"}`, id)
}
func bad(id string) string {
	return fmt.Sprintf(`{"externalId":%q,"status":"Green","asOfDate":"2025-07-03"}`, id)
}
func array(recs ...string) string        { return "[" + strings.Join(recs, ",") + "]" }
func auth(r *http.Request) *http.Request { r.Header.Set("Authorization", "API-KEY k"); return r }

// api is a server on a store in dir, answering in process.
type api struct {
	t     *testing.T
	s     *Server
	store *BoltStore
}

func openAPI(t *testing.T, dir string, opts Options) *api {
	t.Helper()
	st, err := OpenBoltStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts.APIKey, opts.Store = "k", st
	s, err := New(opts)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	return &api{t: t, s: s, store: st}
}

func (a *api) post(body string) (int, map[string]any) {
	req := auth(httptest.NewRequest("POST", PathImport, strings.NewReader(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.s.ServeHTTP(rec, req)
	var out map[string]any
	json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

func (a *api) status(id string) (int, map[string]any) {
	rec := httptest.NewRecorder()
	a.s.ServeHTTP(rec, auth(httptest.NewRequest("GET", PathStatus+id, nil)))
	var out map[string]any
	json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

func (a *api) updates(query string) []map[string]any {
	rec := httptest.NewRecorder()
	a.s.ServeHTTP(rec, auth(httptest.NewRequest("GET", PathList+query, nil)))
	var out []map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		a.t.Fatalf("GET /updates: %v: %s", err, rec.Body.String())
	}
	return out
}

// TestStoreRestart: jobs answered, ended or not, rejected or failed, and
// the updates imported are there after a restart; a job still queued at
// the restart ends after it.
func TestStoreRestart(t *testing.T) {
	dir := t.TempDir()
	c := newClock()
	opts := Options{QueuedFor: time.Minute, Now: c.Now, FailIDs: map[string]bool{"F": true}}
	a := openAPI(t, dir, opts)
	_, done := a.post(array(ok("A"), ok("B")))
	_, failed := a.post(array(ok("C"), ok("F")))
	_, rejected := a.post(array(ok("D"), bad("E")))
	c.Add(2 * time.Minute)
	if code, st := a.status(done["jobId"].(string)); code != 200 || st["status"] != "Completed" {
		t.Fatalf("status %d %v", code, st)
	}
	_, queued := a.post(array(ok("G")))
	a.store.Close()

	a = openAPI(t, dir, opts)
	defer a.store.Close()
	for id, want := range map[any]string{done["jobId"]: "Completed", failed["jobId"]: "Failed", rejected["jobId"]: "Failed", queued["jobId"]: "Queued"} {
		if code, st := a.status(id.(string)); code != 200 || st["status"] != want {
			t.Errorf("job %v after a restart: %d %v; want %s", id, code, st, want)
		}
	}
	if _, st := a.status(rejected["jobId"].(string)); fmt.Sprint(st["errors"]) != fmt.Sprint(rejected["errors"]) {
		t.Errorf("a rejected job's errors after a restart: %v, want %v", st["errors"], rejected["errors"])
	}
	c.Add(2 * time.Minute)
	ups := a.updates("")
	if len(ups) != 3 || ups[0]["externalId"] != "A" || ups[2]["externalId"] != "G" || ups[2]["jobId"] != queued["jobId"] {
		t.Errorf("updates after a restart: %v", ups)
	}
	if ups := a.updates("?externalId=B"); len(ups) != 1 || ups[0]["jobId"] != done["jobId"] {
		t.Errorf("?externalId=B: %v", ups)
	}
}

// TestStoreDamaged: a damaged store is refused naming it, and left as it
// was; one another process holds is said to be in use.
func TestStoreDamaged(t *testing.T) {
	dir := t.TempDir()
	a := openAPI(t, dir, Options{})
	a.store.db.NoSync = true
	for i := range 50 {
		a.post(array(ok(fmt.Sprint("A", i)), ok("B")))
	}
	if _, err := OpenBoltStore(dir); err == nil || !strings.Contains(err.Error(), "in use by another ait-server") {
		t.Errorf("a second store on the same file: %v", err)
	}
	a.store.Close()
	path := filepath.Join(dir, StoreFile)
	st, _ := os.Stat(path)
	os.Truncate(path, st.Size()/3)
	before, _ := os.ReadFile(path)
	_, err := OpenBoltStore(dir)
	if !storefile.IsDamaged(err) || !strings.Contains(err.Error(), path) {
		t.Errorf("a cut store: %v", err)
	}
	if after, _ := os.ReadFile(path); string(before) != string(after) {
		t.Error("the cut store was written")
	}
}

// TestStoreV1: a store of aitkit 1.0 (each job whole in "jobs") is read:
// its jobs answer and its updates are there.
func TestStoreV1(t *testing.T) {
	dir := t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, StoreFile), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	created := time.Now().UTC()
	v1 := []string{
		fmt.Sprintf(`{"jobId":"j1","created":%q,"records":[{"ExternalID":"A","Status":"On Track","MetricValue":"0.5","AsOfDate":"2025-07-03","Comment":""}],"applied":true,"failed":false,"seq":1,"endSeq":3}`, created.Format(time.RFC3339Nano)),
		fmt.Sprintf(`{"jobId":"j2","created":%q,"records":[{"ExternalID":"B","Status":"On Track","MetricValue":"","AsOfDate":"2025-07-03","Comment":"x"}],"applied":false,"failed":false,"seq":2,"endSeq":0}`, created.Format(time.RFC3339Nano)),
	}
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket([]byte("jobs"))
		for i, v := range v1 {
			b.Put(seqKey(int64(i+1)), []byte(v))
		}
		return nil
	})
	db.Close()
	a := openAPI(t, dir, Options{})
	defer a.store.Close()
	if _, st := a.status("j1"); st["status"] != "Completed" {
		t.Errorf("j1: %v", st)
	}
	ups := a.updates("")
	if len(ups) != 2 || ups[0]["metricValue"] != 0.5 || ups[1]["comment"] != "x" {
		t.Errorf("updates of a 1.0 store: %v", ups)
	}
}

// TestRetention: jobs older than the retention go with their updates and
// errors; the file stops growing once retention applies, and a restart
// does not bring them back.
func TestRetention(t *testing.T) {
	dir := t.TempDir()
	c := newClock()
	a := openAPI(t, dir, Options{Now: c.Now})
	a.store.db.NoSync = true // what is measured is the file's size
	big := make([]string, 100)
	for i := range big {
		big[i] = bad(fmt.Sprintf("R-%d-%s", i, strings.Repeat("x", 200)))
	}
	body := array(big...)
	// The pages in use (bbolt's high-water mark; the file grows by
	// doubling ahead of it).
	size := func() (n int64) {
		a.store.db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
		return n
	}
	var first, last string
	var sizes []int64
	for day := range 30 {
		for range 3 {
			code, out := a.post(body)
			if code != 400 {
				t.Fatalf("day %d: %d", day, code)
			}
			if first == "" {
				first = out["jobId"].(string)
			}
			last = out["jobId"].(string)
		}
		code, _ := a.post(array(ok(fmt.Sprint("day-", day))))
		if code != 200 {
			t.Fatal(code)
		}
		a.updates("") // ends the day's job
		if _, err := a.s.Prune(c.Now().Add(-5 * 24 * time.Hour)); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, size())
		c.Add(24 * time.Hour)
	}
	if code, _ := a.status(first); code != 404 {
		t.Errorf("a job past retention answers %d", code)
	}
	if code, _ := a.status(last); code != 200 {
		t.Errorf("a recent job answers %d", code)
	}
	if ups := a.updates(""); len(ups) != 6 || ups[0]["externalId"] != "day-24" {
		t.Errorf("%d updates kept, the first %v; want the last 6 days'", len(ups), ups[0])
	}
	// Kept: 6 days of jobs; after a few more days of reusing freed pages,
	// the high-water mark stays.
	if end, mid := sizes[len(sizes)-1], sizes[19]; end > mid {
		t.Errorf("the store grew from %d to %d bytes after retention applied: %v", mid, end, sizes)
	}
	if sizes[14] < 2*sizes[1] {
		t.Errorf("sizes %v: the test does not fill the store", sizes)
	}
	a.store.Close()
	a = openAPI(t, dir, Options{Now: c.Now})
	defer a.store.Close()
	if code, _ := a.status(first); code != 404 {
		t.Errorf("after a restart a pruned job answers %d", code)
	}
}

// TestStoreUpdatesPaged: more updates than a page are all listed, in
// order, filtered.
func TestStoreUpdatesPaged(t *testing.T) {
	a := openAPI(t, t.TempDir(), Options{})
	a.store.db.NoSync = true
	defer a.store.Close()
	recs := make([]string, 2500)
	for i := range recs {
		recs[i] = ok(fmt.Sprint("P-", i))
	}
	a.post(array(recs[:1200]...))
	a.post(array(recs[1200:]...))
	ups := a.updates("")
	if len(ups) != 2500 || ups[1999]["externalId"] != "P-1999" {
		t.Fatalf("%d updates", len(ups))
	}
	if ups := a.updates("?externalId=P-2400"); len(ups) != 1 {
		t.Errorf("filtered: %v", ups)
	}
	var n int
	a.s.updates(func(Imported) error { n++; return nil })
	if n != 2500 {
		t.Errorf("%d updates paged", n)
	}
}

func heapInUse() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}

// TestMemoryFlatRejected: rejected imports leave nothing of themselves in
// memory (their errors are in the store), and a restart reads no job but
// those still pending.
func TestMemoryFlatRejected(t *testing.T) {
	dir := t.TempDir()
	a := openAPI(t, dir, Options{})
	a.store.db.NoSync = true
	recs := make([]string, 1000)
	for i := range recs {
		recs[i] = bad(fmt.Sprintf("X-%d-%s", i, strings.Repeat("y", 100)))
	}
	rejected := array(recs...)
	for i := range recs {
		recs[i] = ok(fmt.Sprintf("X-%d-%s", i, strings.Repeat("y", 100)))
	}
	accepted := array(recs...)
	a.post(rejected)
	before := heapInUse()
	for range 12 {
		if code, _ := a.post(rejected); code != 400 {
			t.Fatal(code)
		}
		if code, _ := a.post(accepted); code != 200 {
			t.Fatal(code)
		}
	}
	a.updates("?externalId=none") // ends the accepted jobs
	if grew := heapInUse() - before; grew > 2<<20 {
		t.Errorf("memory grew by %d bytes over 12 rejected and 12 accepted imports of 1,000 records", grew)
	}
	a.store.Close()
	runtime.GC()
	before = heapInUse()
	a = openAPI(t, dir, Options{})
	defer a.store.Close()
	if grew := heapInUse() - before; grew > 2<<20 {
		t.Errorf("a restart took %d bytes for 25 jobs that ended", grew)
	}
}

// heapPeak samples the live heap (after a collection), every 64th call,
// keeping the most seen.
type heapPeak struct {
	peak  uint64
	calls int
}

func (h *heapPeak) sample() {
	if h.calls++; h.calls%64 != 1 {
		return
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	h.peak = max(h.peak, m.HeapInuse)
}

// sampledWriter is a ResponseWriter that keeps the status, drops the
// body (which is the client's memory, not the server's) and samples the
// heap at each write.
type sampledWriter struct {
	h      *heapPeak
	header http.Header
	code   int
}

func (w *sampledWriter) Header() http.Header         { return w.header }
func (w *sampledWriter) WriteHeader(code int)        { w.code = code }
func (w *sampledWriter) Write(b []byte) (int, error) { w.h.sample(); return len(b), nil }

// sampledStore samples the heap while a job's records are stored.
type sampledStore struct {
	Store
	h *heapPeak
}

func (s sampledStore) Add(j *Job, records func(fn func(schema.Update) error) error) error {
	s.h.calls = 0
	s.h.sample()
	if records == nil {
		return s.Store.Add(j, nil)
	}
	n := 0
	return s.Store.Add(j, func(fn func(schema.Update) error) error {
		return records(func(u schema.Update) error {
			if n++; n%200 == 0 {
				s.h.sample()
			}
			return fn(u)
		})
	})
}

// TestPostMemoryBounded: a request holds neither the records of a body
// nor its errors in memory: the valid records wait in a file until they
// are stored, the errors go to a file as the 400 lists them, and a
// rejected job keeps the first keptErrors (lowered here) for its status.
// Holding either takes 10 MB or more here and fails the test.
func TestPostMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("40,000 records")
	}
	defer func(n, m int) { keptErrors, storeBatch = n, m }(keptErrors, storeBatch)
	keptErrors, storeBatch = 50, 1000
	a := openAPI(t, t.TempDir(), Options{})
	defer a.store.Close()
	a.store.db.NoSync = true
	h := &heapPeak{}
	a.s.opts.Store = sampledStore{a.store, h}
	for _, tt := range []struct {
		name string
		rec  func(string) string
		code int
	}{{"rejected", bad, 400}, {"accepted", ok, 200}} {
		recs := make([]string, 40_000)
		for i := range recs {
			recs[i] = tt.rec(fmt.Sprintf("M-%06d-%s", i, strings.Repeat("z", 30)))
		}
		body := []byte(array(recs...))
		recs = nil
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		before := m.HeapInuse
		h.peak, h.calls = 0, 0
		req := auth(httptest.NewRequest("POST", PathImport, bytes.NewReader(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := &sampledWriter{h: h, header: http.Header{}, code: 200}
		a.s.ServeHTTP(rec, req)
		runtime.KeepAlive(body) // in the heap before and after: not the server's
		if rec.code != tt.code {
			t.Fatalf("%s: %d", tt.name, rec.code)
		}
		if grew := int64(h.peak) - int64(before); grew > 4<<20 {
			t.Errorf("%s: the heap grew by %d MB while a body of 40,000 records was answered", tt.name, grew>>20)
		}
	}
	id := a.s.Jobs()[0].ID
	if _, st := a.status(id); st["status"] == "" {
		t.Errorf("status: %v", st)
	}
}
