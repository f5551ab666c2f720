package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/internal/importapi"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/validate"
)

const name = "ait-server"

type options struct {
	addr     string
	key      string
	ids      string
	idsCol   string
	failIDs  string
	maxCmt   int
	statuses string
	delay    time.Duration
	data     string
	maxBody  int64
	failRate float64
	latency  time.Duration
	retain   retention
	quiet    bool
}

// defaultRetain is how long jobs and their updates are kept by default.
const defaultRetain = 30 * 24 * time.Hour

// retention is --retain: a Go duration (72h, 90m) or a number of days
// (30d); 0 keeps everything.
type retention time.Duration

func (r *retention) String() string {
	d := time.Duration(*r)
	if d%(24*time.Hour) == 0 && d > 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	return d.String()
}

func (r *retention) Set(v string) error {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.ParseUint(n, 10, 16)
		if err != nil {
			return fmt.Errorf("%q: expected a duration such as 30d, 72h or 0", v)
		}
		*r = retention(time.Duration(days) * 24 * time.Hour)
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return fmt.Errorf("%q: expected a duration such as 30d, 72h or 0", v)
	}
	*r = retention(d)
	return nil
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, os.Getenv, stdout, stderr)
}

// runEnv is run with the environment as a parameter, for tests.
func runEnv(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand(name, doc)
	o, err := parseFlags(cmd, args, stdout, stderr, getenv)
	if err == nil {
		err = serve(ctx, o, stderr)
	}
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	return cli.ExitOK
}

func parseFlags(cmd *cli.Command, args []string, stdout, stderr io.Writer, getenv func(string) string) (*options, error) {
	fs := cmd.Flags
	var o options
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `ADDR` (default 127.0.0.1:8080; port 0 picks one)")
	fs.StringVar(&o.key, "api-key", "", "the `KEY` it accepts (or ACHIEVEIT_API_KEY; required)")
	cli.FileVar(fs, &o.ids, "ids", "", "the known External IDs, an `EXPORT` (a workbook or CSV); others get \"External ID is invalid or its associated plan item has been deleted.\"", cli.ExportExts...)
	fs.StringVar(&o.idsCol, "ids-column", "", "the export's ID column, `NAME`, when it is not called External ID")
	fs.StringVar(&o.statuses, "statuses", "", "the organization's custom statuses, a comma-separated `LIST`")
	cli.FileVar(fs, &o.failIDs, "fail-ids", "", "jobs that hold one of these External IDs end Failed, with the record's error in their status; `LIST|FILE` is a comma-separated list, or a file of one ID a line")
	fs.IntVar(&o.maxCmt, "max-comment", 0, "the longest comment, `N` characters (default 32767)")
	fs.DurationVar(&o.delay, "processing-delay", 2*time.Second, "the time, `D`, a job spends Queued, then Processing (default 2s)")
	cli.DirVar(fs, &o.data, "data", "", "keep jobs and imported updates in `DIR`/aitkit.db, so a restart loses nothing (default: a temporary folder, removed when it stops)")
	o.retain = retention(defaultRetain)
	fs.Var(&o.retain, "retain", "forget jobs older than `DURATION` (30d, 72h), with their updates (default 30d; 0 keeps everything)")
	fs.Int64Var(&o.maxBody, "max-body", 32<<20, "the request body limit, `BYTES` (default 33554432, 32 MiB): 413 over it")
	fs.Float64Var(&o.failRate, "fail-rate", 0, "fault injection: the share, `P` from 0 to 1, of import requests answered 503")
	fs.DurationVar(&o.latency, "latency", 0, "fault injection: the delay, `D`, added to every import request")
	fs.SetUsage("q", "no access log")
	cmd.Env("ACHIEVEIT_API_KEY", "the key it accepts, when --api-key is not given")
	rest, err := cmd.Parse(args, stdout, stderr)
	if err != nil {
		return nil, err
	}
	o.quiet = cmd.Quiet
	if len(rest) > 0 {
		return nil, cli.Usagef("unexpected argument %q", rest[0])
	}
	if o.key == "" {
		o.key = getenv("ACHIEVEIT_API_KEY")
	}
	if strings.TrimSpace(o.key) == "" {
		return nil, cli.Usagef("no API key to accept: give --api-key KEY or set ACHIEVEIT_API_KEY")
	}
	if o.failRate < 0 || o.failRate > 1 {
		return nil, cli.Usagef("--fail-rate %v: expected a share from 0 to 1", o.failRate)
	}
	if o.maxBody <= 0 || o.delay < 0 || o.latency < 0 {
		return nil, cli.Usagef("--max-body must be positive, --processing-delay and --latency 0 or more")
	}
	return &o, nil
}

// serve runs the server until ctx ends, then shuts it down gracefully.
func serve(ctx context.Context, o *options, stderr io.Writer) error {
	sopts := importapi.Options{APIKey: o.key, QueuedFor: o.delay / 2, ProcessingFor: o.delay - o.delay/2, MaxBody: o.maxBody}
	if o.statuses != "" {
		st, err := schema.ParseStatuses(o.statuses)
		if err != nil {
			return &cli.UsageError{Err: fmt.Errorf("--statuses: %w", err)}
		}
		sopts.Statuses = st
	}
	if o.ids != "" {
		ids, err := readIDs(ctx, o.ids, o.idsCol)
		if err != nil {
			return &cli.UsageError{Err: fmt.Errorf("--ids: %w", err)}
		}
		sopts.KnownIDs = ids
	}
	if o.failIDs != "" {
		ids, err := failIDs(o.failIDs)
		if err != nil {
			return &cli.UsageError{Err: fmt.Errorf("--fail-ids: %w", err)}
		}
		sopts.FailIDs = ids
	}
	sopts.MaxComment = o.maxCmt
	dir := o.data
	if dir == "" {
		// Not kept: a folder of its own, removed when the server stops.
		tmp, err := os.MkdirTemp("", "ait-server-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	store, err := importapi.OpenBoltStore(dir)
	if err != nil {
		return err
	}
	defer store.Close()
	sopts.Store = store
	api, err := importapi.New(sopts)
	if err != nil {
		return err
	}
	if err := prune(api, time.Duration(o.retain), time.Now()); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	logw := cli.NewLockedWriter(stderr)
	var h http.Handler = api
	h = faults(h, o.failRate, o.latency)
	if !o.quiet {
		h = accessLog(h, logw)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	where := "until it stops"
	if o.data != "" {
		where = "in " + o.data
	}
	if o.retain > 0 {
		where += " for " + o.retain.String()
	}
	fmt.Fprintf(logw, "%s: listening on http://%s (jobs kept %s; Ctrl-C stops)\n", name, ln.Addr(), where)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var tick <-chan time.Time
	if o.retain > 0 {
		t := time.NewTicker(min(time.Duration(o.retain)/10, time.Hour))
		defer t.Stop()
		tick = t.C
	}
wait:
	for {
		select {
		case err := <-errc:
			return err
		case now := <-tick:
			if err := prune(api, time.Duration(o.retain), now); err != nil {
				fmt.Fprintf(logw, "%s: %v\n", name, err)
			}
		case <-ctx.Done():
			break wait
		}
	}
	fmt.Fprintf(logw, "%s: stopping; finishing requests in flight\n", name)
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	fmt.Fprintf(logw, "%s: stopped\n", name)
	return nil
}

// prune forgets the jobs older than retain (0: none), with their updates.
func prune(api *importapi.Server, retain time.Duration, now time.Time) error {
	if retain <= 0 {
		return nil
	}
	if _, err := api.Prune(now.Add(-retain)); err != nil {
		return fmt.Errorf("pruning jobs older than %s: %w", retain, err)
	}
	return nil
}

// failIDs reads --fail-ids: a file of External IDs, one a line, or a
// comma-separated list.
func failIDs(v string) (map[string]bool, error) {
	text := v
	if st, err := os.Stat(v); err == nil && st.Mode().IsRegular() {
		b, err := os.ReadFile(v)
		if err != nil {
			return nil, err
		}
		text = strings.ReplaceAll(string(b), "\n", ",")
	}
	ids := map[string]bool{}
	for _, id := range strings.Split(text, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids[id] = true
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%q names no External ID", v)
	}
	return ids, nil
}

// faults answers a share of import requests 503 (before reading them, so
// nothing of them is processed) and delays the others.
func faults(next http.Handler, failRate float64, latency time.Duration) http.Handler {
	if failRate == 0 && latency == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/imports/") {
			next.ServeHTTP(w, r)
			return
		}
		if latency > 0 {
			t := time.NewTimer(latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if failRate > 0 && rand.Float64() < failRate {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"message":"Service unavailable (injected by --fail-rate)."}`+"\n")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// accessLog writes one line per request: never a header, so never the key.
func accessLog(next http.Handler, w io.Writer) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		fmt.Fprintf(w, "%s %s %s %s %d %dB %s\n", start.UTC().Format(time.RFC3339), host, r.Method, r.URL.Path, rec.status, rec.n, time.Since(start).Round(time.Millisecond))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	n      int
	once   sync.Once
}

func (s *statusRecorder) WriteHeader(code int) {
	s.once.Do(func() { s.status = code })
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	s.once.Do(func() {})
	n, err := s.ResponseWriter.Write(p)
	s.n += n
	return n, err
}

// Hijack lets the fake drop connections through the log.
func (s *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := s.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("not a hijacker")
	}
	return hj.Hijack()
}

// readIDs reads the External IDs export at path: delimited text. A
// workbook is refused, naming what to do: ait-server reads records and
// exports as text and links no spreadsheet reader.
func readIDs(ctx context.Context, path, column string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	if _, err := record.Detect(head[:n]); errors.Is(err, record.ErrNotRecords) {
		return nil, fmt.Errorf("%s is a workbook; ait-server reads an External IDs export saved as CSV (in Excel: File > Save As > CSV UTF-8)", path)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	ids, err := validate.ReadIDs(ctx, path, f, column)
	if errors.Is(err, validate.ErrNoIDColumn) && column == "" {
		err = fmt.Errorf("%w; if the export calls its ID column otherwise, give --ids-column NAME", err)
	}
	return ids, err
}
