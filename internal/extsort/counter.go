package extsort

import (
	"container/heap"
	"io"
)

// Counter counts occurrences of strings exactly, in bounded memory: the
// first MaxInMemory distinct strings are counted in a map, and strings
// first seen after it is full go through a Sorter and are counted when
// Top is called. Every count is exact; only where they are kept changes.
type Counter struct {
	// MaxInMemory is how many distinct strings the map holds (0: 10,000).
	MaxInMemory int
	// Budget is the Sorter's memory budget (0: DefaultBudget).
	Budget int
	// Dir is the folder of the temporary files ("" for the system's).
	Dir string

	inMemory map[string]int
	spilled  *Sorter
	total    int64
	err      error // of the Sorter; Top returns it
}

// Count is a string and how many times it was added.
type Count struct {
	Value string
	N     int64
}

// Add counts one occurrence of s.
func (c *Counter) Add(s string) {
	c.total++
	if c.inMemory == nil {
		c.inMemory = map[string]int{}
	}
	if _, ok := c.inMemory[s]; ok || len(c.inMemory) < c.maxInMemory() {
		c.inMemory[s]++
		return
	}
	if c.err != nil {
		return
	}
	if c.spilled == nil {
		c.spilled = New(c.Budget)
		c.spilled.Dir = c.Dir
	}
	c.err = c.spilled.Add([]byte(s))
}

func (c *Counter) maxInMemory() int {
	if c.MaxInMemory > 0 {
		return c.MaxInMemory
	}
	return 10_000
}

// Total is the number of strings added.
func (c *Counter) Total() int64 { return c.total }

// OnDisk is the number of strings counted on disk so far.
func (c *Counter) OnDisk() int64 {
	if c.spilled == nil {
		return 0
	}
	return c.spilled.Len()
}

// InMemory is the number of distinct strings counted in memory.
func (c *Counter) InMemory() int { return len(c.inMemory) }

// Top returns the k most frequent strings (by count, then in byte order),
// with their exact counts, and the exact number of distinct strings. It
// ends the counting: call it once.
func (c *Counter) Top(k int) ([]Count, int64, error) {
	if c.err != nil {
		return nil, 0, c.err
	}
	h := &countHeap{}
	offer := func(s string, n int64) {
		if h.Len() < k {
			heap.Push(h, Count{s, n})
		} else if k > 0 && better(Count{s, n}, (*h)[0]) {
			(*h)[0] = Count{s, n}
			heap.Fix(h, 0)
		}
	}
	distinct := int64(len(c.inMemory))
	for s, n := range c.inMemory {
		offer(s, int64(n))
	}
	if c.spilled != nil {
		it, err := c.spilled.Sort()
		if err != nil {
			return nil, 0, err
		}
		var cur []byte
		var n int64
		for {
			rec, err := it.Next()
			if err != nil && err != io.EOF {
				return nil, 0, err
			}
			if n > 0 && (err == io.EOF || string(rec) != string(cur)) {
				offer(string(cur), n)
				distinct++
				n = 0
			}
			if err == io.EOF {
				break
			}
			if n == 0 {
				cur = append(cur[:0], rec...)
			}
			n++
		}
	}
	out := make([]Count, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(Count)
	}
	return out, distinct, nil
}

// Close removes the temporary files.
func (c *Counter) Close() error {
	if c.spilled != nil {
		return c.spilled.Close()
	}
	return nil
}

// better orders counts: more first, then in byte order.
func better(a, b Count) bool {
	if a.N != b.N {
		return a.N > b.N
	}
	return a.Value < b.Value
}

// countHeap keeps the worst of the best k at its top.
type countHeap []Count

func (h countHeap) Len() int           { return len(h) }
func (h countHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h countHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *countHeap) Push(x any)        { *h = append(*h, x.(Count)) }
func (h *countHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
