package submittest

import (
	"testing"

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
	ids, err := conformance.KnownIDs()
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
			status, body, err := c.Post(s.Client(), s.URL, "k")
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Check(status, body); err != nil {
				t.Error(err)
			}
		})
	}
}
