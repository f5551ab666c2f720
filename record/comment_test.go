package record

import (
	"strings"
	"testing"

	"github.com/aitkit/aitkit/schema"
)

// TestCommentLineEnds: one comment with Windows, Unix or old Mac line
// ends, in a quoted CSV field or a JSON string, reads as one comment, its
// line ends "\n" (issue 27 item 7).
func TestCommentLineEnds(t *testing.T) {
	bodies := map[string]struct {
		f    Format
		body string
	}{
		"csv crlf":     {CSV, "External ID,Status,As Of Date,Comment\r\nA,On Track,2025-07-03,\"one\r\ntwo\"\r\n"},
		"csv lf":       {CSV, "External ID,Status,As Of Date,Comment\nA,On Track,2025-07-03,\"one\ntwo\"\n"},
		"csv cr":       {CSV, "External ID,Status,As Of Date,Comment\nA,On Track,2025-07-03,\"one\rtwo\"\n"},
		"json crlf":    {JSON, `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","comment":"one\r\ntwo"}]`},
		"json lf":      {JSON, `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","comment":"one\ntwo"}]`},
		"json cr":      {JSON, `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","comment":"one\rtwo"}]`},
		"json \\u000d": {JSON, `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","comment":"one\u000d\u000atwo"}]`},
	}
	for name, b := range bodies {
		r, err := NewReader("in", strings.NewReader(b.body), b.f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w, err := r.Next()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := w.Fields[schema.IndexComment].Value.Text; got != "one\ntwo" {
			t.Errorf("%s: comment %q, want %q", name, got, "one\ntwo")
		}
		r.Close()
	}
	for in, want := range map[string]string{"a\r\n\r\nb\r": "a\n\nb\n", "\r\r\n": "\n\n", "plain": "plain"} {
		if got := CanonicalComment(in); got != want {
			t.Errorf("CanonicalComment(%q) = %q, want %q", in, got, want)
		}
	}
}
