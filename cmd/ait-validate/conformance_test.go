package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/conformance"
)

// TestConformance checks every body of the conformance table as a user's
// file: ait-validate gives the API's verdict, the same errors of the same
// records (its messages may add a hint after the API's), except where the
// table says it differs on purpose.
func TestConformance(t *testing.T) {
	cases, err := conformance.Load(conformance.Dir)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range cases {
		ext := map[string]string{"application/json": ".json", "text/csv": ".csv"}[strings.Split(c.ContentType, ";")[0]]
		if ext == "" || c.Status == 413 || c.Status == 415 {
			continue // told by HTTP, not by the records
		}
		t.Run(c.Name, func(t *testing.T) {
			path := filepath.Join(dir, c.Name+ext)
			if err := os.WriteFile(path, c.Body, 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"--report", "json", "--ids", conformance.Dir + "/ids.csv"}
			if c.Statuses != "" {
				args = append(args, "--statuses", c.Statuses)
			}
			var out, errb bytes.Buffer
			code := run(context.Background(), append(args, path), nil, &out, &errb)
			want := c.ValidateExit
			if want < 0 {
				want = map[bool]int{true: 0, false: 1}[c.Status == 200]
				var msg struct{ Errors []any }
				json.Unmarshal([]byte(c.Response), &msg)
				if c.Status == 400 && msg.Errors == nil {
					want = 2 // a body that does not parse: an input error
				}
			}
			if code != want {
				t.Fatalf("exit %d, want %d (%s)\n%s%s", code, want, c.ValidateNote, out.String(), errb.String())
			}
			if code != 1 || c.ValidateExit >= 0 {
				return
			}
			wantErrs, err := c.Errors()
			if err != nil {
				t.Fatal(err)
			}
			var rep struct{ Errors []conformance.RecordErrors }
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatalf("report: %v\n%s", err, out.String())
			}
			if len(rep.Errors) != len(wantErrs) {
				t.Fatalf("%d records with errors, want %d:\n%s", len(rep.Errors), len(wantErrs), out.String())
			}
			for i, w := range wantErrs {
				g := rep.Errors[i]
				if g.Position != w.Position || len(g.Errors) != len(w.Errors) {
					t.Fatalf("record %d: %+v, want %+v", i, g, w)
				}
				for k, we := range w.Errors {
					ge := g.Errors[k]
					if ge.Field != we.Field || ge.Value != we.Value || !strings.HasPrefix(ge.Message, we.Message) {
						t.Errorf("record %d error %d: %+v, want %+v", i, k, ge, we)
					}
				}
			}
		})
	}
}
