// This file is not part of aitkit (go ./... skips directories named with a
// leading dot): .ci/wine/test.sh adds it to the standard library's
// internal/syscall/windows with `go test -overlay` when it builds the test
// binaries that run under wine.
//
// Go 1.26's os.RemoveAll (which t.TempDir's cleanup calls) and os.Root's
// Remove delete through Deleteat (internal/syscall/windows/at_windows.go,
// the switch after the first NtSetInformationFile), which first calls
// NtSetInformationFile with FileDispositionInformationEx (class 64) and
// falls back to the old FileDispositionInformation when Windows answers
// STATUS_INVALID_INFO_CLASS, STATUS_INVALID_PARAMETER or
// STATUS_NOT_SUPPORTED. Wine 8.0 answers STATUS_NOT_IMPLEMENTED ("fixme:
// Unsupported class (64)", 0xc0000002 in a +relay trace), which Go
// returns as ERROR_INVALID_FUNCTION, so every t.TempDir cleanup fails with
// "unlinkat ...: Invalid function". The package's own test switch sends
// Deleteat straight to the fallback, which is what Windows before 10 1607
// and FAT file systems use. Should a later Go drop that switch, this file
// stops compiling: read Deleteat again then.
package windows

func init() { TestDeleteatFallback = true }
