package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/submit"
)

const name = "ait-web"

// defaultWait is how long a submitted job is followed without --wait.
const defaultWait = 10 * time.Minute

// options are ait-web's flags, parsed, and what tests change.
type options struct {
	addr       string
	noOpen     bool
	journal    string
	baseURL    string
	wait       time.Duration
	quiet      bool
	configArg  string // --config as given, passed on to the conversions
	configFile string // the configuration file read, "" for none
	getenv     func(string) string
	dir        string // where the configuration file is looked for

	// For tests: where the temporary folder is made, what opens a page
	// file in the browser, and the submit client's tuning.
	tempRoot   string
	launch     func(page string) error
	tuneClient func(*submit.Client)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(ctx, args, &options{getenv: os.Getenv, dir: "."}, stdout, stderr)
}

// runWith is run with the options a test sets before the flags are parsed.
func runWith(ctx context.Context, args []string, o *options, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand(name, doc)
	if err := parseFlags(cmd, args, o, stdout, stderr); err != nil {
		return cmd.Exit(stderr, err)
	}
	if err := serve(ctx, o, stdout, stderr); err != nil {
		return cmd.Exit(stderr, err)
	}
	return cli.ExitOK
}

func parseFlags(cmd *cli.Command, args []string, o *options, stdout, stderr io.Writer) error {
	fs := cmd.Flags
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "listen on `ADDR`, host and port (default: 127.0.0.1 and a free port); only what is addressed to it is answered")
	fs.BoolVar(&o.noOpen, "no-open", false, "print the address, do not open the browser")
	fs.StringVar(&o.baseURL, "base-url", "", "the API's base `URL` that submissions go to (default: ACHIEVEIT_BASE_URL, else https://api.achieveit.com)")
	cli.FileVar(fs, &o.journal, "journal", "", "the journal of submissions, `PATH`, shared with ait-submit (default: journal.db in $XDG_STATE_HOME/aitkit, ~/.local/state/aitkit, %LocalAppData%\\aitkit on Windows)")
	fs.DurationVar(&o.wait, "wait", defaultWait, "how long to follow a submitted job, a `DURATION` (default 10m)")
	cmd.Env("ACHIEVEIT_BASE_URL", "the API's base URL, when --base-url is not given; it wins over a configuration file")
	cmd.Env("XDG_STATE_HOME", "where the journal is kept (default ~/.local/state)")
	cmd.File("$XDG_STATE_HOME/aitkit/journal.db", "the journal of submissions, shared with ait-submit (%LocalAppData%\\aitkit\\journal.db on Windows), unless --journal")
	cmd.Getenv = o.getenv
	cmd.Dir = o.dir
	cmd.EnvFlags = map[string]string{"base-url": "ACHIEVEIT_BASE_URL"}
	operands, err := cmd.Parse(args, stdout, stderr)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return cli.Usagef("ait-web takes no files: drop them on the page (got %s)", operands[0])
	}
	o.quiet = cmd.Quiet
	o.configFile = cmd.ConfigFile
	if f := fs.Lookup("config"); f != nil {
		o.configArg = f.Value.String()
	}
	if o.baseURL == "" {
		o.baseURL = o.getenv("ACHIEVEIT_BASE_URL")
	}
	if o.baseURL == "" {
		o.baseURL = submit.DefaultBaseURL
	}
	if _, err := submit.CheckBaseURL(o.baseURL); err != nil {
		return &cli.UsageError{Err: fmt.Errorf("--base-url: %w", err)}
	}
	if o.wait <= 0 {
		return cli.Usagef("--wait %s: expected a duration of more than 0", o.wait)
	}
	return nil
}

// listenAddr checks --addr: a host that is an IP address or localhost, and
// a port; never every interface at once, since the server answers only
// requests addressed to the one host it prints.
func listenAddr(addr string) (string, bool, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false, cli.Usagef("--addr %q: expected HOST:PORT, such as 127.0.0.1:8765", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", false, cli.Usagef("--addr %q: the port is a number from 0 to 65535", addr)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return "", false, cli.Usagef("--addr %q: the host is an IP address, such as 127.0.0.1", addr)
	}
	if ip.IsUnspecified() {
		return "", false, cli.Usagef("--addr %q: give the one address to listen on (ait-web answers only requests addressed to it), such as 127.0.0.1:8765", addr)
	}
	return net.JoinHostPort(ip.String(), port), ip.IsLoopback(), nil
}

// serve runs the server until ctx ends, then stops it, waits for what
// runs, and removes the temporary folder.
func serve(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	addr, loopback, err := listenAddr(o.addr)
	if err != nil {
		return err
	}
	token, err := newToken()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(o.tempRoot, "ait-web-*")
	if err != nil {
		return fmt.Errorf("a temporary folder for the uploads: %w", err)
	}
	defer os.RemoveAll(tmp)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return &cli.UsageError{Err: fmt.Errorf("--addr %s: %w", o.addr, err)}
	}
	host := ln.Addr().String()
	s := &server{
		o: o, ctx: ctx, token: token, tmp: tmp, logw: stderr,
		host: host, origin: "http://" + host,
		cookie:  "aitkit-web-" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port),
		uploads: map[string]*upload{}, convs: map[string]*conversion{}, jobs: map[string]*jobState{},
	}
	s.routes()
	url := s.origin + "/?token=" + token
	// The first line of standard output, and the only one.
	if _, err := fmt.Fprintln(stdout, url); err != nil {
		ln.Close()
		return err
	}
	if !loopback {
		s.logf("warning: listening on %s, which is not a loopback address: anyone who can reach it and has the address can use the page, and the API key typed there crosses the network unencrypted", host)
	}
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          nil,
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	if !o.noOpen {
		if err := s.openBrowser(url); err != nil {
			s.logf("could not open a browser (%v): open %s yourself", err, url)
		}
	}
	s.logf("serving %s; Ctrl-C stops it", s.origin)
	select {
	case <-ctx.Done():
	case err := <-served:
		if !errors.Is(err, http.ErrServerClosed) {
			s.close()
			return err
		}
	}
	// Requests in flight were made under ctx, which has ended: they stop
	// at their next check. Give them a moment to answer, then close the
	// connections (which ends a request still reading its body) and wait
	// until every handler has returned, so that nothing writes in the
	// temporary folder once it is removed.
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.active.Wait()
	s.close()
	s.logf("stopped; temporary files removed")
	return nil
}

// shutdownGrace is how long requests in flight are given to answer when
// ait-web stops: Ctrl-C ends it within this and the time a conversion
// takes to notice.
const shutdownGrace = time.Second

// close waits for the jobs being followed and removes every conversion's
// files.
func (s *server) close() {
	s.follow.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.convs {
		c.close()
	}
	s.convs = map[string]*conversion{}
	s.uploads = map[string]*upload{}
}

// openBrowser opens the page in the user's browser. The address with its
// token is not given on the browser's command line, where every user of
// the machine could read it: a file that only the user can read (in the
// temporary folder, made 0700) sends the browser there.
func (s *server) openBrowser(url string) error {
	page := filepath.Join(s.tmp, "open.html")
	html := `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=` + url + `"><title>ait-web</title><a href="` + url + `">ait-web</a>`
	if err := os.WriteFile(page, []byte(html), 0o600); err != nil {
		return err
	}
	if s.o.launch != nil {
		return s.o.launch(page)
	}
	var c *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", page)
	case "darwin":
		c = exec.Command("open", page)
	default:
		c = exec.Command("xdg-open", page)
	}
	if err := c.Start(); err != nil {
		return err
	}
	go c.Wait()
	return nil
}

// journalPath is the journal's path: --journal, else ait-submit's default.
func (s *server) journalPath() (string, error) {
	if s.o.journal != "" {
		return s.o.journal, nil
	}
	return submit.DefaultJournalPath()
}

func versionLine() string { return cli.VersionLine(name) }
