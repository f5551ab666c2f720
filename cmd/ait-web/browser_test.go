package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aitkit/aitkit/internal/trackergen"
	"github.com/aitkit/aitkit/submit/submittest"
)

var update = flag.Bool("update", false, "write the browser journeys' screenshots to testdata/web, for docs/ait-web.md")

// browser starts headless Chromium on a fresh profile, or skips the test
// with the reason when there is none (.ci/run installs Debian's).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("AITKIT_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		t.Skip("no Chromium here (chromium, chromium-browser or google-chrome on PATH, or AITKIT_CHROMIUM): the browser journeys are not run; apt-get install chromium runs them")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
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
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// A journey waits on the page's state, never on the clock; this only
	// ends a test whose page never gets there.
	ctx, cancel3 := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Skipf("Chromium at %s does not start: %v", path, err)
	}
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
	return chromedp.Poll[chromedp.Void](script, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(90*time.Second))
}

// textContains waits until the element's text holds want.
func textContains(sel, want string) chromedp.Action[chromedp.Void] {
	return until(fmt.Sprintf(`(document.querySelector(%q)?.textContent || "").includes(%q)`, sel, want))
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

// TestBrowserJourney: a user's journey in a real browser. Open the address,
// drop a CSV whose dates read two ways, answer the date-order question and
// the unknown status word with clicks, see the command line, download the
// CSV (ait-convert's own, byte for byte), send the records to an import
// API and see the job Completed; a second send sends nothing.
func TestBrowserJourney(t *testing.T) {
	ctx := browser(t)
	api := submittest.NewServer(submittest.Options{APIKey: "browser-key-0123456789"})
	defer api.Close()
	s := start(t, &options{tuneClient: fast}, "--base-url", api.URL)
	csv, err := filepath.Abs("../../testdata/web/ambiguous.csv")
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
	step("drop the CSV",
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{csv}),
		chromedp.WaitVisible(chromedp.CSS(`.question button[data-value="dmy"]`)),
		textContains("#grid-rows", "03/07/2025"),
		shot("question.png"))
	step("answer the date order",
		chromedp.Click(chromedp.CSS(`.question button[data-value="dmy"]`)),
		textContains("#command", "--date-order dmy"))
	step("answer the status word, what it usually means chosen first",
		until(`document.querySelector('.question select[data-word="Green"]')?.value === "On Track"`),
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
		chromedp.SendKeys(chromedp.CSS("#apikey"), "browser-key-0123456789"),
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

	if command != "ait-convert --date-order dmy --status-map 'Green=On Track' ambiguous.csv" {
		t.Errorf("command line %q", command)
	}
	dir := t.TempDir()
	copyInto(t, dir, []string{csv})
	want, code := runBinary(t, dir, "ait-convert", append([]string{"-q", "-f", "csv"}, unquote(command)[1:]...)...)
	if code != 0 || csvBody != want {
		t.Errorf("the page's CSV:\n%q\nait-convert -f csv (exit %d):\n%q", csvBody, code, want)
	}
	posts := 0
	for _, r := range api.Requests() {
		if r.Method == "POST" {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("the API received %d submissions, want 1", posts)
	}
	if !strings.Contains(job2, "before") {
		t.Errorf("the second send: %q, want a refusal that says it was sent before", job2)
	}
	if !strings.Contains(job, "3 records") {
		t.Errorf("job line %q", job)
	}
}

// TestBrowserLargeWorkbook: a workbook of many rows shows its first rows,
// keeps only the rows in view in the document, and reaches its last row
// from the keyboard (End), fetching pages as it goes.
func TestBrowserLargeWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("converts a workbook of 20,000 rows")
	}
	ctx := browser(t)
	s := start(t, nil)
	path := filepath.Join(t.TempDir(), "large.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	const rows = 20000
	if err := trackergen.WriteXLSX(f, rows); err != nil {
		t.Fatal(err)
	}
	f.Close()
	err = chromedp.Do(ctx,
		chromedp.Navigate(s.url),
		chromedp.WaitReady(chromedp.CSS("#files")),
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{path}),
		textContains("#counts", "20,000 rows in the grid"),
		until(`document.querySelector("#row-0 .c-id")?.textContent`),
		shot("large.png"),
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
