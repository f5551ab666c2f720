package submittest

import (
	"testing"

	"github.com/aitkit/aitkit/internal/conformance"
	"github.com/aitkit/aitkit/schema"
)

// TestConformance sends every case of the conformance table to the test
// server over HTTP.
func TestConformance(t *testing.T) {
	ids, err := conformance.KnownIDs()
	if err != nil {
		t.Fatal(err)
	}
	conformance.Test(t, func(t *testing.T, statuses string) conformance.Poster {
		opts := Options{APIKey: "k", KnownIDs: ids}
		if statuses != "" {
			if opts.Statuses, err = schema.ParseStatuses(statuses); err != nil {
				t.Fatal(err)
			}
		}
		s := NewServer(opts)
		t.Cleanup(s.Close)
		return conformance.HTTP(s.Client(), s.URL, "k")
	})
}
