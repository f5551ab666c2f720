package convert

import (
	"strconv"
	"testing"
)

// Each fast path is shown taken and declined, and giving what the slow
// path gives.

func TestFastPathShortestNumber(t *testing.T) {
	tests := []struct {
		in   string
		fast bool
	}{
		{"0.54", true}, {"45841", true}, {"-2.5", true}, {"123456789012345", true}, {"0", true},
		{"0.54300000000000004", false}, {"1234567890123456", false}, {"0.1000", false}, {"-0", false},
		{"1e5", false}, {"007", false}, {"1.", false}, {".5", false},
	}
	for _, tt := range tests {
		if got := alreadyShortest(tt.in); got != tt.fast {
			t.Errorf("alreadyShortest(%q) = %v, want %v", tt.in, got, tt.fast)
		}
		got, err := NormalizeNumber(tt.in)
		if _, ok := parsePlainDecimal(tt.in); !ok {
			if err == nil {
				t.Errorf("NormalizeNumber(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		f, _ := strconv.ParseFloat(tt.in, 64)
		if want := shortestReference(f); got != want || err != nil {
			t.Errorf("NormalizeNumber(%q) = %q, %v; want %q", tt.in, got, err, want)
		}
	}
}

func TestFastPathExactDecimal(t *testing.T) {
	tests := []struct {
		in   string
		fast bool
	}{
		{"54.3%", true}, {"1,234.5", true}, {"0.000000001", true}, {"-0.25", true},
		{"0.54300000000000004", false}, // 17 digits: through the float
		{"1e-400", false},              // past where doubles are normal
		{"123456789012345678", false},
	}
	for _, tt := range tests {
		txt, err := splitNumberText(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		d, err := txt.decimal(SepPoint)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		exact, fast := d.formatExact()
		if fast != tt.fast {
			t.Errorf("formatExact(%q) took the fast path: %v, want %v", tt.in, fast, tt.fast)
		}
		if fast {
			f, _ := strconv.ParseFloat(exact, 64)
			if shortestReference(f) != exact {
				t.Errorf("formatExact(%q) = %q, not the shortest form %q", tt.in, exact, shortestReference(f))
			}
		}
	}
}

func TestFastPathISODate(t *testing.T) {
	for s, fast := range map[string]bool{"2025-07-03": true, "2025-02-30": true, " 2025-07-03 ": false, "2025-7-03": false, "20250703": false, "07/03/2025": false} {
		_, got := plainISODate(s)
		if got != fast {
			t.Errorf("plainISODate(%q) = %v, want %v", s, got, fast)
		}
	}
	// Taken or not, the date is the same.
	for _, s := range []string{"2025-07-03", " 2025-07-03 ", "2025-7-3", "20250703"} {
		if got, err := NormalizeDate(s, OrderUnknown); err != nil || got != "2025-07-03" {
			t.Errorf("NormalizeDate(%q) = %q, %v", s, got, err)
		}
	}
	if _, err := NormalizeDate("2025-02-30", OrderUnknown); err == nil {
		t.Error("the fast path let 2025-02-30 through")
	}
}

func TestFastPathStatusCache(t *testing.T) {
	n, err := newNormalizer(Options{StatusMap: map[string]string{"Green": "On Track"}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for in, want := range map[string]string{"on track": "On Track", "GREEN": "On Track", "Cancelled": "Canceled", "Purple": ""} {
			got, ok := n.status(in)
			if got != want || ok != (want != "") {
				t.Errorf("status(%q) = %q, %v; want %q", in, got, ok, want)
			}
			if _, cached := n.statusCache[in]; !cached {
				t.Errorf("%q was not cached", in)
			}
		}
	}
	// Past its size the cache declines new spellings, and they still read.
	for i := range 2000 {
		n.status("on track" + string(rune('a'+i%26)) + strconv.Itoa(i))
	}
	if len(n.statusCache) > 1024 {
		t.Errorf("the cache grew to %d", len(n.statusCache))
	}
	if got, ok := n.status("  ON   TRACK  "); !ok || got != "On Track" {
		t.Errorf("an uncached spelling: %q, %v", got, ok)
	}
	if _, cached := n.statusCache["  ON   TRACK  "]; cached || n.otherWords == 0 {
		t.Error("cached past the cache's size")
	}
}
