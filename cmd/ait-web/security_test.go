package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"io"
	"io/fs"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestFirstLine: the first line of standard output is the address to
// open, on 127.0.0.1 with a free port and a token of at least 128 random
// bits, URL-safe.
func TestFirstLine(t *testing.T) {
	s := start(t, nil)
	if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*/\?token=[A-Za-z0-9_-]+$`).MatchString(s.url) {
		t.Fatalf("first line %q, want http://127.0.0.1:PORT/?token=T", s.url)
	}
	b, err := base64.RawURLEncoding.DecodeString(s.token)
	if err != nil || len(b) < 16 {
		t.Fatalf("token %q: %d bytes (%v), want at least 16 random bytes", s.token, len(b), err)
	}
	if other := start(t, nil); other.token == s.token {
		t.Fatal("two runs have one token")
	}
}

// TestCookie: opening the address sets an HttpOnly, SameSite=Strict cookie
// that authenticates every later request, assets included; without it
// (or the token header) a request is 401.
func TestCookie(t *testing.T) {
	s := start(t, nil)
	for _, path := range []string{"/", "/assets/app.js", "/api/info", "/api/history", "/api/records"} {
		resp, err := http.Get(s.base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s without the token: %s, want 401", path, resp.Status)
		}
	}
	resp, err := http.Get(s.base + "/?token=" + strings.Repeat("A", len(s.token)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || len(resp.Cookies()) > 0 {
		t.Errorf("a wrong token: %s with cookies %v, want 401 and none", resp.Status, resp.Cookies())
	}
	resp, err = http.Get(s.url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("opening the address set %d cookies, want 1", len(cookies))
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
		t.Errorf("cookie %s: HttpOnly %v, SameSite %v, Path %q; want HttpOnly, Strict, /", c.Name, c.HttpOnly, c.SameSite, c.Path)
	}
	for _, path := range []string{"/", "/assets/app.js", "/assets/app.css", "/api/info"} {
		req, _ := http.NewRequest("GET", s.base+path, nil)
		req.AddCookie(c)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s with the cookie: %s", path, resp.Status)
		}
		req, _ = http.NewRequest("GET", s.base+path, nil)
		req.Header.Set(TokenHeader, s.token)
		if resp, err = http.DefaultClient.Do(req); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s with the %s header: %s", path, TokenHeader, resp.Status)
		}
	}
	// The token in the address opens only the page: an API call needs the
	// cookie or the header.
	resp, err = http.Get(s.base + "/api/info?token=" + s.token)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the token in an API call's address: %s, want 401", resp.Status)
	}
}

// TestHost: the Host header is compared whole, host and port: a page of
// another site whose name resolves to 127.0.0.1 (DNS rebinding) gets 403,
// token or not.
func TestHost(t *testing.T) {
	s := start(t, nil)
	host := strings.TrimPrefix(s.base, "http://")
	port := host[strings.LastIndex(host, ":"):]
	for _, h := range []string{"evil.example" + port, "localhost" + port, "127.0.0.1:1", "127.0.0.1", "127.0.0.1" + port + ".evil.example", "[::1]" + port} {
		req, _ := http.NewRequest("GET", s.url, nil)
		req.Host = h
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := read(t, resp)
		if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) > 0 || strings.Contains(body, s.token) {
			t.Errorf("Host %q: %s (cookies %v), want 403 and no cookie", h, resp.Status, resp.Cookies())
		}
	}
	req, _ := http.NewRequest("GET", s.url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("its own Host: %s", resp.Status)
	}
}

// TestOrigin: a POST whose Origin is not exactly the page's own is 403,
// with the token or without; the page's own goes through.
func TestOrigin(t *testing.T) {
	s := start(t, nil)
	for _, origin := range []string{"", "null", "http://evil.example", s.base + ".evil.example", strings.Replace(s.base, "127.0.0.1", "localhost", 1), "https://" + strings.TrimPrefix(s.base, "http://"), s.base + "/"} {
		req, _ := http.NewRequest("POST", s.base+"/api/convert", strings.NewReader(""))
		req.Header.Set(TokenHeader, s.token)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST with Origin %q: %s, want 403", origin, resp.Status)
		}
	}
	resp := s.do("POST", "/api/convert", strings.NewReader(""))
	resp.Body.Close()
	if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized {
		t.Errorf("POST from the page's own origin: %s", resp.Status)
	}
}

// TestHeaders: every answer, the 401 and 403 too, carries a strict
// Content-Security-Policy (nothing but the page's own scripts, styles and
// server; no inline script; no framing) and the headers that keep it to
// itself.
func TestHeaders(t *testing.T) {
	s := start(t, nil)
	check := func(what string, resp *http.Response) {
		t.Helper()
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", what, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") || strings.Contains(csp, "*") || strings.Contains(csp, "http") {
			t.Errorf("%s: Content-Security-Policy %q allows more than the page's own", what, csp)
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", "Cache-Control": "no-store"} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("%s: %s %q, want %q", what, h, got, want)
			}
		}
	}
	resp, _ := http.Get(s.url)
	check("the page", resp)
	resp, _ = http.Get(s.base + "/api/info")
	check("a 401", resp)
	req, _ := http.NewRequest("GET", s.url, nil)
	req.Host = "evil.example"
	resp, _ = http.DefaultClient.Do(req)
	check("a 403", resp)
	check("an API answer", s.do("GET", "/api/info", nil))
	check("an asset", s.do("GET", "/assets/app.js", nil))
}

// TestAddr: --addr takes one address; every interface at once is refused,
// since only requests addressed to the one printed are answered.
func TestAddr(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", ":0", "example.com:80", "127.0.0.1"} {
		var out, errb lockedBuffer
		code := runWith(t.Context(), []string{"--no-open", "--addr", addr}, &options{getenv: func(string) string { return "" }, dir: t.TempDir(), tempRoot: t.TempDir()}, &out, &errb)
		if code != 2 || out.String() != "" {
			t.Errorf("--addr %s: exit %d, stdout %q; want 2 and nothing", addr, code, out.String())
		}
	}
	s := start(t, nil, "--addr", "localhost:0")
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") {
		t.Errorf("--addr localhost:0: %s", s.url)
	}
}

// TestOpensBrowser: without --no-open, the browser is sent to the address
// through a page file only the user can read, in the temporary folder
// (never with the token on a command line, which every user of the
// machine can read), and the file goes when ait-web stops.
func TestOpensBrowser(t *testing.T) {
	var page, html string
	var mode os.FileMode
	o := &options{getenv: func(string) string { return "" }, dir: t.TempDir(), tempRoot: t.TempDir()}
	o.launch = func(p string) error {
		page = p
		b, err := os.ReadFile(p)
		html = string(b)
		if fi, err := os.Stat(p); err == nil {
			mode = fi.Mode().Perm()
		}
		return err
	}
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- runWith(ctx, nil, o, pw, io.Discard)
		pw.Close()
	}()
	url, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url = strings.TrimSpace(url)
	cancel()
	// ait-web opens the browser before it waits for the end: once it has
	// returned, the launcher has run.
	if code := <-done; code != 0 {
		t.Fatalf("exit %d", code)
	}
	if page == "" || !strings.HasPrefix(page, o.tempRoot) || !strings.Contains(html, `url=`+url+`"`) {
		t.Fatalf("the browser was sent %q holding %q; want a page file in the temporary folder that sends it to %s", page, html, url)
	}
	if runtime.GOOS != "windows" && mode != 0o600 {
		t.Errorf("the page file's mode %v, want 0600", mode)
	}
	if _, err := os.Stat(page); !os.IsNotExist(err) {
		t.Errorf("the page file is still there after ait-web stopped: %v", err)
	}
}

// TestAssetsSelfContained: the page needs nothing but ait-web: every
// asset is embedded, none names another site (no CDN, no font or script
// from elsewhere), the page loads only its own assets, and nothing is
// inline that the Content-Security-Policy would have to allow.
func TestAssetsSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)(https?:|wss?:|ftp:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|url\(\s*['"]?(https?:)?//`)
	names, err := fs.Glob(assets, "assets/*")
	if err != nil || len(names) < 5 {
		t.Fatalf("assets %v: %v", names, err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(assets, name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if m := external.FindString(text); m != "" {
			t.Errorf("%s names another site: %q", name, m)
		}
		if strings.HasSuffix(name, ".js") {
			for _, m := range regexp.MustCompile(`(?m)^import .* from "([^"]+)"`).FindAllStringSubmatch(text, -1) {
				if !strings.HasPrefix(m[1], "./") {
					t.Errorf("%s imports %s, not one of its own modules", name, m[1])
				}
			}
		}
	}
	page, _ := fs.ReadFile(assets, "assets/index.html")
	for _, m := range regexp.MustCompile(`(?:src|href)="([^"#]*)"`).FindAllStringSubmatch(string(page), -1) {
		if !strings.HasPrefix(m[1], "/assets/") {
			t.Errorf("index.html loads %q, not one of its own assets", m[1])
		} else if _, err := fs.Stat(assets, strings.TrimPrefix(m[1], "/")); err != nil {
			t.Errorf("index.html loads %q, which is not embedded", m[1])
		}
	}
	if regexp.MustCompile(`<script(\s[^>]*)?>\s*[^<\s]|\sstyle="|\son[a-z]+="`).Match(page) {
		t.Errorf("index.html has an inline script, style or event handler, which the CSP refuses")
	}
}
