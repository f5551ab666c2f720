package readahead

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// inputs counts the inputs being read at once in this process.
var inputs atomic.Int32

// Claim notes one more input being read and tells whether reading it
// ahead on a goroutine of its own pays: it does while a core is idle, and
// not when as many inputs are being read at once as there are cores (each
// worker then has a core of its own to read on, and a second goroutine
// is overhead). release ends the claim; it is safe to call more than once.
func Claim() (ahead bool, release func()) {
	n := inputs.Add(1)
	var once sync.Once
	return n == 1 || int(n) < runtime.GOMAXPROCS(0), func() { once.Do(func() { inputs.Add(-1) }) }
}
