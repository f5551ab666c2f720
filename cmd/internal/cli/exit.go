package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/submit"
)

// Exit statuses shared by every binary.
const (
	ExitOK          = 0   // success
	ExitRejected    = 1   // the data was rejected
	ExitUsage       = 2   // usage, input or environment error
	ExitUnknown     = 3   // accepted, outcome not known yet
	ExitInterrupted = 130 // Ctrl-C
)

// ErrRejected marks data that was read but refused: conversion or
// validation errors, an API 400, a Failed job.
var ErrRejected = errors.New("data rejected")

// Rejectedf returns an error that is ErrRejected, worded by format alone.
func Rejectedf(format string, a ...any) error { return &rejected{fmt.Sprintf(format, a...)} }

type rejected struct{ msg string }

func (e *rejected) Error() string        { return e.msg }
func (e *rejected) Is(target error) bool { return target == ErrRejected }

// UsageError is a bad flag or argument.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a *UsageError.
func Usagef(format string, a ...any) error { return &UsageError{Err: fmt.Errorf(format, a...)} }

// ExitCode maps an error to the exit status: the one table of the
// project, so that the binaries cannot drift.
func ExitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, ErrDone):
		return ExitOK
	// Sent, or accepted, and what became of it is not known: whatever
	// else is true (an interruption), a script must learn that first.
	case isA[*submit.OutcomeUnknownError](err), isA[*submit.WaitTimeoutError](err), isJournalAfter(err):
		return ExitUnknown
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.Is(err, ErrRejected), isA[*submit.RejectedError](err), isA[*submit.JobFailedError](err):
		return ExitRejected
	}
	// Usage, input and environment errors: a bad flag, an unreadable
	// input (*convert.InputError), a submission not sent
	// (*submit.NotSentError: refused key, no connection), the same
	// updates sent before, a journal that cannot be written.
	return ExitUsage
}

func isA[T error](err error) bool {
	_, ok := errors.AsType[T](err)
	return ok
}

func isJournalAfter(err error) bool {
	je, ok := errors.AsType[*submit.JournalError](err)
	return ok && je.After
}

// Worst returns the exit status that says the most: interrupted, then
// usage/input, then unknown outcome, then rejected, then success.
func Worst(a, b int) int {
	rank := func(c int) int {
		switch c {
		case ExitInterrupted:
			return 5
		case ExitUsage:
			return 4
		case ExitUnknown:
			return 3
		case ExitRejected:
			return 2
		case ExitOK:
			return 0
		}
		return 1
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// Usage turns a command's doc.go source (its package comment) into the
// text -h prints.
func Usage(docSource string) string {
	start := strings.Index(docSource, "/*")
	end := strings.Index(docSource, "*/")
	if start < 0 || end < start {
		return docSource
	}
	return strings.TrimSpace(docSource[start+2:end]) + "\n"
}

// PrintError writes "name: err" to w, one line per line of the error.
func PrintError(w io.Writer, name string, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(w, "%s: %s\n", name, line)
	}
}

// Plural says "1 record", "2 records" or "2,000 records".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return sheet.Count(int64(n)) + " " + word + "s"
}
