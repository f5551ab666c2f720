package validate

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// dupInput is n records, some with errors, with pairs drawn so that some
// repeat: near ones, and ones far apart (across the exact set's limit and
// the in-memory hashes).
type dupRecord struct {
	valid    bool
	id, date string
}

func dupInput(n int, seed uint64) []dupRecord {
	rng := rand.New(rand.NewPCG(seed, 1))
	recs := make([]dupRecord, n)
	for i := range recs {
		recs[i] = dupRecord{valid: rng.IntN(50) != 0, id: fmt.Sprintf("ID-%d", i), date: "2025-07-03"}
		switch r := rng.IntN(2000); {
		case r == 0 && i > 0: // repeats a record just before
			recs[i].id = recs[i-1-rng.IntN(min(i, 10))].id
		case r == 1 && i > 0: // repeats any earlier record
			recs[i].id = recs[rng.IntN(i)].id
		case r == 2: // same ID, another date: not a duplicate
			if i > 0 {
				recs[i].id, recs[i].date = recs[i-1].id, "2025-07-04"
			}
		}
	}
	return recs
}

// wantDups is the exact answer, from a map of every pair.
func wantDups(recs []dupRecord) []Warning {
	first := map[[2]string]int{}
	var ws []Warning
	for i, r := range recs {
		if !r.valid {
			continue
		}
		k := [2]string{r.id, r.date}
		if f, ok := first[k]; ok {
			ws = append(ws, Warning{Position: i, Source: fmt.Sprint("r", i), ExternalID: r.id,
				Message: fmt.Sprintf("External ID %q has another update for %s (the first is record %d); both would be imported", r.id, r.date, f)})
		} else {
			first[k] = i
		}
	}
	return ws
}

func findDups(t *testing.T, recs []dupRecord, saturate bool) []Warning {
	t.Helper()
	d := newDupFinder()
	defer d.close()
	for i, r := range recs {
		if err := d.add(r.valid, r.id, r.date, fmt.Sprint("r", i)); err != nil {
			t.Fatal(err)
		}
		if saturate && d.bloom != nil && d.bloom[0] != ^uint64(0) {
			for j := range d.bloom {
				d.bloom[j] = ^uint64(0) // from here on, every record is a "maybe"
			}
		}
	}
	ws, err := d.finish()
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestDupFinder(t *testing.T) {
	n := 3 * exactMax
	if testing.Short() {
		n = exactMax + 5000
	}
	recs := dupInput(n, 7)
	want := wantDups(recs)
	if len(want) < 10 {
		t.Fatalf("only %d duplicates in the input; the test needs more", len(want))
	}
	t.Run("exact", func(t *testing.T) {
		small := recs[:5000]
		if got := findDups(t, small, false); !reflect.DeepEqual(got, wantDups(small)) {
			t.Errorf("got %d warnings, want %d:\n%v", len(got), len(wantDups(small)), got)
		}
	})
	t.Run("bloom and spill", func(t *testing.T) {
		if got := findDups(t, recs, false); !reflect.DeepEqual(got, want) {
			t.Errorf("got %d warnings, want %d", len(got), len(want))
		}
	})
	t.Run("every record a false positive", func(t *testing.T) {
		if got := findDups(t, recs, true); !reflect.DeepEqual(got, want) {
			t.Errorf("got %d warnings, want %d", len(got), len(want))
		}
	})
}

// BenchmarkDupFinder is the duplicate check's cost a record, past the exact
// set, with the Bloom filter and the spilled hashes.
func BenchmarkDupFinder(b *testing.B) {
	recs := dupInput(1<<20, 3)
	b.ReportAllocs()
	for b.Loop() {
		d := newDupFinder()
		for _, r := range recs {
			if err := d.add(r.valid, r.id, r.date, "x"); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := d.finish(); err != nil {
			b.Fatal(err)
		}
		d.close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
}
