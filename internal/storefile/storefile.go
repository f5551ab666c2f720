// Package storefile checks a bbolt file before it is trusted: the journal
// of ait-submit, the store of ait-server. bbolt panics on some damaged
// pages and dies of SIGBUS on a file shorter than its pages say; and it
// takes an empty file for a new database, writing over what should have
// been there. A damaged, truncated or empty file is refused, naming the
// file and how to move it aside; it is never rewritten.
//
//	if err := storefile.Check(path, "journal"); errors.Is(err, fs.ErrNotExist) {
//		// a new store: bbolt creates it
//	} else if err != nil {
//		return err // a *storefile.DamagedError, or the file could not be read
//	}
package storefile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// DamagedError: a store file that cannot be trusted.
type DamagedError struct {
	Path   string
	What   string // "journal", "store"
	Reason string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the %s %s is damaged (%s); it was left as it is. Move it aside (rename it to %s.damaged) to start a new, empty one, and keep the old one for what it recorded",
		e.What, e.Path, e.Reason, e.Path)
}

// bbolt's file format: two meta pages at the start, each a page header
// (16 bytes) then the meta, whose last field is an FNV-64a checksum of
// the fields before it.
const (
	magic      = 0xED0CDAED
	version    = 2
	pageHeader = 16
	metaSum    = 56 // bytes of the meta covered by its checksum
	minPage    = 512
)

type meta struct {
	pageSize uint32
	root     uint64 // the root bucket's page
	freelist uint64 // the freelist's page, or ^0 when there is none
	pgid     uint64 // the high-water mark: pages in use
	txid     uint64
}

// Page flags.
const (
	branchPage   = 0x01
	leafPage     = 0x02
	freelistPage = 0x10
)

// readMeta reads and checks the meta page at off; ok is false when it is
// not a valid one.
func readMeta(f io.ReaderAt, off int64) (meta, bool) {
	var b [pageHeader + metaSum + 8]byte
	if _, err := f.ReadAt(b[:], off); err != nil {
		return meta{}, false
	}
	m := b[pageHeader:]
	e := binary.NativeEndian
	h := fnv.New64a()
	h.Write(m[:metaSum])
	if e.Uint32(m[0:]) != magic || e.Uint32(m[4:]) != version || e.Uint64(m[metaSum:]) != h.Sum64() {
		return meta{}, false
	}
	return meta{pageSize: e.Uint32(m[8:]), root: e.Uint64(m[16:]), freelist: e.Uint64(m[32:]), pgid: e.Uint64(m[40:]), txid: e.Uint64(m[48:])}, true
}

// Check tells whether the file at path can be opened with bbolt: an error
// that is fs.ErrNotExist when there is no file (a new store may be
// created), a *DamagedError when it is empty, truncated, not a bbolt file
// or fails bbolt's own consistency check, another error when it cannot be
// read. what names it in messages ("journal").
func Check(path, what string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	damaged := func(format string, a ...any) error {
		return &DamagedError{Path: path, What: what, Reason: fmt.Sprintf(format, a...)}
	}
	switch {
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s is not a file (%s)", path, st.Mode().Type())
	case st.Size() == 0:
		return damaged("it is empty: 0 bytes where data was kept")
	}
	m0, ok0 := readMeta(f, 0)
	m := m0
	ok1 := false
	if ok0 {
		var m1 meta
		if m1, ok1 = readMeta(f, int64(m0.pageSize)); ok1 && m1.txid > m0.txid {
			m = m1
		}
	} else {
		for ps := int64(minPage); ps <= 1<<16 && !ok1; ps <<= 1 {
			m, ok1 = readMeta(f, ps)
		}
	}
	switch {
	case !ok0 && !ok1:
		return damaged("it is not a bbolt database: its header pages are not valid")
	case m.pageSize < minPage || m.pageSize&(m.pageSize-1) != 0:
		return damaged("its page size %d is not a bbolt page size", m.pageSize)
	case m.pgid > uint64(st.Size())/uint64(m.pageSize):
		return damaged("truncated: %d bytes, where its pages take %d", st.Size(), m.pgid*uint64(m.pageSize))
	}
	if err := checkPage(f, m, m.root, branchPage|leafPage); err != "" {
		return damaged("its root page %s", err)
	}
	if m.freelist != ^uint64(0) {
		if err := checkPage(f, m, m.freelist, freelistPage); err != "" {
			return damaged("its freelist page %s", err)
		}
	}
	return nil
}

// checkPage tells what is wrong with page id, which should have one of
// the flags: "" when nothing.
func checkPage(f io.ReaderAt, m meta, id uint64, flags uint16) string {
	if id < 2 || id >= m.pgid {
		return fmt.Sprintf("number %d is outside the file's %d pages", id, m.pgid)
	}
	var h [pageHeader]byte
	if _, err := f.ReadAt(h[:], int64(id)*int64(m.pageSize)); err != nil {
		return fmt.Sprintf("%d cannot be read: %v", id, err)
	}
	e := binary.NativeEndian
	if got, overflow := e.Uint64(h[0:]), uint64(e.Uint32(h[12:])); got != id || e.Uint16(h[8:])&flags == 0 || id+overflow >= m.pgid {
		return fmt.Sprintf("%d is not what it should be", id)
	}
	return ""
}

// Deep runs bbolt's consistency check of every page of an open database,
// in a read transaction: a *DamagedError when it fails.
func Deep(db *bolt.DB, what string) error {
	var problems []error
	err := Guard(db.Path(), what, func() error {
		return db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				problems = append(problems, err)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return &DamagedError{Path: db.Path(), What: what, Reason: fmt.Sprintf("bbolt's check found %d problems, the first: %v", len(problems), problems[0])}
	}
	return nil
}

// Guard runs fn, turning a panic or a memory fault in it (what bbolt does
// on a damaged page, or on a file cut short under it) into a
// *DamagedError about path.
func Guard(path, what string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamagedError{Path: path, What: what, Reason: fmt.Sprintf("reading it failed: %v", r)}
		}
	}()
	return fn()
}

// IsDamaged tells whether err says a store is damaged.
func IsDamaged(err error) bool {
	var de *DamagedError
	return errors.As(err, &de)
}

// Open opens the bbolt file at path for writing, or read-only, after
// Check. When there is no file and create is set, it is made whole first:
// a new database in a temporary file beside it, its buckets made by
// init, then linked into place unless another process was first. So an
// empty file at path is never a store being born: always damage. A
// deep check (Deep) runs when deep is set.
func Open(path, what string, opts *bolt.Options, create bool, deep bool, init func(*bolt.Tx) error) (*bolt.DB, error) {
	err := Check(path, what)
	if errors.Is(err, os.ErrNotExist) && create {
		err = createNew(path, init)
		if err == nil {
			err = Check(path, what)
		}
	}
	if err != nil {
		return nil, err
	}
	if deep {
		// First read-only, which loads no freelist: a damaged one makes a
		// writer's Open panic with the file mapped, and its lock then
		// stays until the process ends.
		ro := bolt.Options{ReadOnly: true}
		if opts != nil {
			ro.Timeout = opts.Timeout
		}
		db, err := open(path, what, &ro)
		if err != nil {
			return nil, err
		}
		err = Deep(db, what)
		db.Close()
		if err != nil {
			return nil, err
		}
	}
	return open(path, what, opts)
}

func open(path, what string, opts *bolt.Options) (*bolt.DB, error) {
	var db *bolt.DB
	err := Guard(path, what, func() error {
		var err error
		db, err = bolt.Open(path, 0o600, opts)
		return err
	})
	return db, err
}

// createNew makes a new database at path, unless one appears there first.
func createNew(path string, init func(*bolt.Tx) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".new-*.db")
	if err != nil {
		return err
	}
	name := tmp.Name()
	tmp.Close()
	os.Remove(name) // bbolt creates it, as a database
	defer os.Remove(name)
	db, err := bolt.Open(name, 0o600, nil)
	if err != nil {
		return err
	}
	if init != nil {
		err = db.Update(init)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Link(name, path); err != nil && !errors.Is(err, os.ErrExist) {
		// No hard links here (a FAT volume): rename, unless it appeared.
		if _, serr := os.Stat(path); serr == nil {
			return nil
		}
		return os.Rename(name, path)
	}
	return nil
}
