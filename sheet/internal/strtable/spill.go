package strtable

import "os"

// createSpill creates the shared strings' temporary file. Where the system
// allows it (not on Windows, where an open file cannot be removed) it is
// removed at once, so that nothing is left behind even by a killed process.
func createSpill() (*os.File, error) {
	f, err := os.CreateTemp("", "aitkit-strings-*")
	if err != nil {
		return nil, err
	}
	if removeOpenFiles {
		os.Remove(f.Name())
	}
	return f, nil
}

func removeSpill(f *os.File) {
	if !removeOpenFiles {
		os.Remove(f.Name())
	}
}
