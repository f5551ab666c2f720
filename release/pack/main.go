// Command pack writes a directory as a release archive that is the same,
// byte for byte, every time it is made from the same files: entries in
// name order, every time set to -mtime, owner and group 0, modes 0755 for
// executables and 0644 for the rest, gzip without a name or time.
//
//	go run ./release/pack -mtime 1764547200 -o dist/aitkit_1.0.0_linux_amd64.tar.gz dist/stage/aitkit_1.0.0_linux_amd64
//
// The archive holds the directory itself (its base name) at its top. A
// name ending in .zip makes a zip, else a .tar.gz.
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"flag"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	out := flag.String("o", "", "the archive to write (.tar.gz or .zip)")
	mtime := flag.Int64("mtime", 0, "the time of every entry, in seconds since 1970 (the commit's)")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		log.Fatal("usage: pack -o ARCHIVE -mtime SECONDS DIR")
	}
	if err := pack(*out, flag.Arg(0), time.Unix(*mtime, 0).UTC()); err != nil {
		os.Remove(*out)
		log.Fatal(err)
	}
}

type entry struct {
	name string // slash-separated, under the directory's base name
	path string
	dir  bool
	exec bool
}

func pack(out, dir string, mtime time.Time) error {
	base := filepath.Base(dir)
	var entries []entry
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		name := base
		if rel != "." {
			name += "/" + filepath.ToSlash(rel)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		exec := info.Mode()&0o111 != 0 || strings.HasSuffix(name, ".exe")
		entries = append(entries, entry{name: name, path: path, dir: d.IsDir(), exec: exec && !d.IsDir()})
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if strings.HasSuffix(out, ".zip") {
		err = writeZip(f, entries, mtime)
	} else {
		err = writeTarGz(f, entries, mtime)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func mode(e entry) int64 {
	switch {
	case e.dir:
		return 0o755
	case e.exec:
		return 0o755
	}
	return 0o644
}

func writeTarGz(w io.Writer, entries []entry, mtime time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: mode(e), ModTime: mtime, Uname: "root", Gname: "root", Format: tar.FormatPAX}
		if e.dir {
			h.Typeflag, h.Name = tar.TypeDir, e.name+"/"
			if err := tw.WriteHeader(h); err != nil {
				return err
			}
			continue
		}
		b, err := os.ReadFile(e.path)
		if err != nil {
			return err
		}
		h.Typeflag, h.Size = tar.TypeReg, int64(len(b))
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, entries []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(fs.FileMode(mode(e)))
		if e.dir {
			h.Name, h.Method = e.name+"/", zip.Store
			h.SetMode(fs.ModeDir | 0o755)
			if _, err := zw.CreateHeader(h); err != nil {
				return err
			}
			continue
		}
		b, err := os.ReadFile(e.path)
		if err != nil {
			return err
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(b); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return nil
}

func init() {
	log.SetFlags(0)
	log.SetPrefix("pack: ")
}
