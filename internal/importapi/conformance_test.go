package importapi

import (
	"testing"

	"github.com/aitkit/aitkit/internal/conformance"
	"github.com/aitkit/aitkit/schema"
)

// TestConformance answers every case of the conformance table with the
// engine, as ait-server does.
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
		s, err := New(opts)
		if err != nil {
			t.Fatal(err)
		}
		return conformance.Handler(s, "k")
	})
}
