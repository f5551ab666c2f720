package importapi

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aitkit/aitkit/internal/conformance"
	"github.com/aitkit/aitkit/schema"
)

// TestConformance answers every case of the conformance table with the
// engine, as ait-server does.
func TestConformance(t *testing.T) {
	cases, err := conformance.Load(conformance.Dir)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := conformance.KnownIDs()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			opts := Options{APIKey: "k", KnownIDs: ids}
			if c.Statuses != "" {
				if opts.Statuses, err = schema.ParseStatuses(c.Statuses); err != nil {
					t.Fatal(err)
				}
			}
			s, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodPost, PathImport, bytes.NewReader(c.Body))
			req.Header.Set("Authorization", "API-KEY k")
			req.Header.Set("Content-Type", c.ContentType)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if err := c.Check(rec.Code, rec.Body.Bytes()); err != nil {
				t.Error(err)
			}
		})
	}
}
