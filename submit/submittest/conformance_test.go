package submittest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/internal/conformance"
	"github.com/aitkit/aitkit/schema"
)

// TestConformance sends every case of the conformance table to the test
// server over HTTP.
func TestConformance(t *testing.T) {
	cases, err := conformance.Load(conformance.Dir)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := convert.ReadExternalIDs(context.Background(), conformance.Dir+"/ids.csv", convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	servers := map[string]*Server{}
	for _, c := range cases {
		s := servers[c.Statuses]
		if s == nil {
			opts := Options{APIKey: "k", KnownIDs: ids}
			if c.Statuses != "" {
				opts.Statuses, _ = schema.ParseStatuses(c.Statuses)
			}
			s = NewServer(opts)
			defer s.Close()
			servers[c.Statuses] = s
		}
		t.Run(c.Name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/imports/progress-updates", bytes.NewReader(c.Body))
			req.Header.Set("Authorization", "API-KEY k")
			req.Header.Set("Content-Type", c.ContentType)
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if err := c.Check(resp.StatusCode, body); err != nil {
				t.Error(err)
			}
		})
	}
}
