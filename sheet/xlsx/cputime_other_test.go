//go:build !unix

package xlsx

func cpuTime() float64 { return 0 }
