package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aitkit/aitkit/internal/importapi"
	"github.com/aitkit/aitkit/internal/trackergen"
)

var update = flag.Bool("update", false, "write the browser journeys' screenshots to testdata/web, for docs/ait-web.md")

// chromium is the one browser the journeys share, started by the first
// that needs it; each journey has a tab of its own.
var chromium struct {
	once   sync.Once
	ctx    context.Context // the browser's chromedp context
	cancel context.CancelFunc
	skip   string // why there is none
	err    error
}

// chromiumPath finds Chromium: AITKIT_CHROMIUM, else chromium (Debian's),
// chromium-browser or google-chrome on PATH.
func chromiumPath() string {
	if p := os.Getenv("AITKIT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func startChromium() {
	path := chromiumPath()
	if path == "" {
		chromium.skip = "no Chromium here (chromium, chromium-browser or google-chrome on PATH, or AITKIT_CHROMIUM): the browser journeys are not run; apt-get install chromium runs them"
		return
	}
	dir, err := os.MkdirTemp("", "ait-web-chromium-")
	if err != nil {
		chromium.err = err
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1200, 900),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	chromium.ctx = ctx
	chromium.cancel = func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir)
	}
	// The first run starts the browser, under a context without a
	// deadline: the browser lives as long as it.
	if err := chromedp.Do(ctx); err != nil {
		chromium.err = fmt.Errorf("Chromium at %s does not start: %w", path, err)
	}
}

// stopChromium ends the shared browser, if one was started.
func stopChromium() {
	if chromium.cancel != nil {
		chromium.cancel()
	}
}

// browser returns a new tab of the shared browser, or skips the test,
// saying why, when there is no Chromium (.ci/run installs Debian's).
func browser(t testing.TB) context.Context {
	t.Helper()
	chromium.once.Do(startChromium)
	if chromium.skip != "" {
		t.Skip(chromium.skip)
	}
	if chromium.err != nil {
		t.Fatal(chromium.err)
	}
	ctx, cancel := chromedp.NewContext(chromium.ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		t.Fatal(err)
	}
	// A journey waits on the page's state, never on the clock; this only
	// ends one whose page never gets there.
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// shot saves a screenshot of the page for the docs, with -update.
func shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if !*update {
			return nil
		}
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join("../../testdata/web", name), png, 0o644)
	})
}

// until waits until a script's value is true: the page's state, never
// the clock.
func until(script string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](script, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(time.Minute))
}

// textContains waits until the element's text holds want.
func textContains(sel, want string) chromedp.Action[chromedp.Void] {
	return until(fmt.Sprintf(`(document.querySelector(%q)?.textContent || "").includes(%q)`, sel, want))
}

// tabTo presses Tab until the element sel has the focus, as a user
// without a mouse reaches it; it fails when Tab never gets there.
func tabTo(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for range 100 {
			if _, err := chromedp.KeyEvent(kb.Tab)(ctx, t); err != nil {
				return err
			}
			there, err := chromedp.Evaluate[bool](fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, sel))(ctx, t)
			if err != nil {
				return err
			}
			if there {
				return nil
			}
		}
		return fmt.Errorf("100 presses of Tab never reach %s", sel)
	})
}

// script runs JavaScript for its effect.
func script(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](js+"; true")(ctx, t)
		return err
	})
}

// text reads an element's text.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s: %v", sel, err)
	}
	return s
}

// fits tells whether nothing of the page but the grid, which scrolls in
// its own box, is wider than the window: no sideways scrolling of the
// page, and every button of a question and the command line in view.
const fits = `(() => {
	const doc = document.documentElement;
	const wide = [...document.querySelectorAll(".question button, #command, #reconvert, #submit, #apikey")]
		.filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1)
		.map((el) => el.id || el.textContent);
	if (doc.scrollWidth > doc.clientWidth) wide.push("the page: " + doc.scrollWidth + " > " + doc.clientWidth);
	return wide.join("; ");
})()`

// TestBrowserJourney: a user's journey in a real browser. Open the address,
// drop the sample tracker and download its records (ait-convert's), then
// drop a CSV whose dates read two ways, answer the date order from the
// keyboard and the unknown status word with clicks, see the command line,
// read it all at 200% zoom, download the CSV (ait-convert's own, byte for
// byte), send the records to ait-server's engine and see the job
// Completed; a second send sends nothing.
func TestBrowserJourney(t *testing.T) {
	ctx := browser(t)
	const key = "browser-key-0123456789"
	engine, err := importapi.New(importapi.Options{APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	var posts atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		engine.ServeHTTP(w, r)
	}))
	defer api.Close()
	s := start(t, &options{tuneClient: fast}, "--base-url", api.URL)
	csv, err := filepath.Abs("../../testdata/web/ambiguous.csv")
	if err != nil {
		t.Fatal(err)
	}
	sample, err := filepath.Abs("../../testdata/xlsx/tracker.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`["#status", "#job", "#validate-result"].map(s => document.querySelector(s).textContent).join(" | ")`))
			t.Fatalf("%s: %v\nthe page says: %s\nstderr: %s", what, err, status, s.stderr)
		}
	}
	step("open the address",
		chromedp.Navigate(s.url),
		textContains("#target", api.URL),
		until(`location.search === ""`), // the token is out of the address bar
		shot("start.png"))
	step("drop the sample tracker",
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{sample}),
		textContains("#counts", "6 records"),
		textContains("#grid-rows", "AA-001"),
		textContains("#explain", "Updates"),
		until(`!document.querySelector("#dl-xlsx").hidden && document.querySelector("#dl-json").getAttribute("href")`),
		shot("sample.png"))
	sampleJSON, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector("#dl-json").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	step("drop the CSV",
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{csv}),
		chromedp.WaitVisible(chromedp.CSS(`.question button[data-value="dmy"]`)),
		textContains("#grid-rows", "03/07/2025"),
		// A row that failed on its date alone is shown whole: its
		// status, metric and comment as they converted, its date as
		// found and marked, its error beside it.
		until(`document.querySelector("#row-0 .c-status")?.textContent === "On Track"`),
		until(`document.querySelector("#row-0 .c-metric").textContent === "0.5"`),
		until(`document.querySelector("#row-0 .c-comment").textContent === "first"`),
		until(`document.querySelector("#row-0 .c-date.bad")?.textContent === "03/07/2025"`),
		until(`!document.querySelector("#row-0 .c-status").classList.contains("bad")`),
		textContains("#row-0 .c-errors.err", `asOfDate "03/07/2025"`),
		shot("question.png"))
	step("read it at 200% zoom",
		chromedp.EmulateViewport(600, 900, chromedp.EmulateScale(2)),
		until(`window.innerWidth === 600`))
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[string](fits))
	if err != nil {
		t.Fatal(err)
	}
	if wide != "" {
		t.Errorf("at 200%% zoom, wider than the window: %s", wide)
	}
	step("back to 100%",
		chromedp.EmulateViewport(1200, 900),
		until(`window.innerWidth === 1200`))
	step("answer the date order from the keyboard",
		script(`document.activeElement.blur()`),
		tabTo(`.question button[data-value="dmy"]`),
		chromedp.KeyEvent(kb.Enter),
		textContains("#command", "--date-order dmy"))
	step("answer the status word: nothing chosen for the user, what it usually means listed first",
		until(`document.querySelector('.question select[data-word="Green"]')?.value === ""`),
		until(`document.querySelector('.question select[data-word="Green"]').options[1].value === "On Track"`),
		chromedp.SetValue(chromedp.CSS(`.question select[data-word="Green"]`), "On Track"),
		chromedp.Click(chromedp.CSS(`.question .button.primary`)),
		textContains("#command", "--status-map 'Green=On Track'"),
		until(`document.querySelector("#questions-s").hidden`),
		textContains("#grid-rows", "2025-07-03"),
		until(`document.querySelector("#dl-csv").getAttribute("href")`),
		shot("answered.png"))
	command := text(t, ctx, "#command")
	csvBody, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector("#dl-csv").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	step("send",
		chromedp.SendKeys(chromedp.CSS("#apikey"), key),
		chromedp.Click(chromedp.CSS("#submit")),
		textContains("#job", "Completed"),
		textContains("#history tbody", "Completed"),
		shot("completed.png"))
	job := text(t, ctx, "#job")
	step("send again",
		until(`!document.querySelector("#submit").disabled`),
		chromedp.Click(chromedp.CSS("#submit")),
		textContains("#job", "Not sent"))
	job2 := text(t, ctx, "#job")
	stored, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([localStorage.length, sessionStorage.length, document.cookie])`))
	if err != nil {
		t.Fatal(err)
	}

	if command != "ait-convert --date-order dmy --status-map 'Green=On Track' ambiguous.csv" {
		t.Errorf("command line %q", command)
	}
	dir := t.TempDir()
	copyInto(t, dir, []string{csv, sample})
	if want, _ := runBinary(t, dir, "ait-convert", "-q", "-f", "json", "tracker.xlsx"); sampleJSON != want {
		t.Errorf("the sample's JSON download:\n%s\nait-convert -f json writes:\n%s", sampleJSON, want)
	}
	want, code := runBinary(t, dir, "ait-convert", append([]string{"-q", "-f", "csv"}, unquote(command)[1:]...)...)
	if code != 0 || csvBody != want {
		t.Errorf("the page's CSV:\n%q\nait-convert -f csv (exit %d):\n%q", csvBody, code, want)
	}
	if n := posts.Load(); n != 1 {
		t.Errorf("the API received %d submissions, want 1", n)
	}
	req, _ := http.NewRequest("GET", api.URL+importapi.PathList, nil)
	req.Header.Set("Authorization", "API-KEY "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var imported []map[string]any
	json.NewDecoder(resp.Body).Decode(&imported)
	resp.Body.Close()
	if len(imported) != 3 || imported[0]["asOfDate"] != "2025-07-03" || imported[1]["status"] != "On Track" {
		t.Errorf("imported %v; want the 3 records as the page showed them", imported)
	}
	if !strings.Contains(job, "Completed") || !strings.Contains(job, "3 records") {
		t.Errorf("job line %q", job)
	}
	if !strings.Contains(job2, "before") {
		t.Errorf("the second send: %q, want a refusal that says it was sent before", job2)
	}
	// The key is in no storage of the browser (the cookie is HttpOnly,
	// so the page sees none).
	if stored != `[0,0,""]` {
		t.Errorf("the browser's storage: %s, want nothing", stored)
	}
}

// TestBrowserLargeWorkbook: a workbook of many rows shows its first rows,
// keeps only the rows in view in the document, and reaches its last row
// from the keyboard (End), fetching pages as it goes.
func TestBrowserLargeWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("converts a workbook of 5,000 rows")
	}
	ctx := browser(t)
	s := start(t, nil)
	path := filepath.Join(t.TempDir(), "large.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	const rows = 5000
	if err := trackergen.WriteXLSX(f, rows); err != nil {
		t.Fatal(err)
	}
	f.Close()
	err = chromedp.Do(ctx,
		chromedp.Navigate(s.url),
		chromedp.WaitReady(chromedp.CSS("#files")),
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{path}),
		textContains("#counts", "5,000 rows in the grid"),
		until(`document.querySelector("#row-0 .c-id")?.textContent`),
		chromedp.Focus(chromedp.CSS("#grid")),
		chromedp.KeyEvent(kb.End),
		until(fmt.Sprintf(`document.querySelector("#row-%d .c-id")?.textContent`, rows-1)),
	)
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, s.stderr)
	}
	inDOM, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#grid-rows .grid-row").length`))
	if err != nil {
		t.Fatal(err)
	}
	last, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Number(document.querySelector("#grid").getAttribute("aria-activedescendant").slice(4))`))
	if err != nil {
		t.Fatal(err)
	}
	if inDOM > 100 {
		t.Errorf("%d rows in the document; a virtualized grid holds only those in view", inDOM)
	}
	if last != rows-1 {
		t.Errorf("End reached row %d, want %d", last, rows-1)
	}
}
