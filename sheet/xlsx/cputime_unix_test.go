//go:build unix

package xlsx

import "syscall"

// cpuTime is the process's user and system time so far, in seconds: on a
// machine shared with other work, a steadier measure than the wall clock.
func cpuTime() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
