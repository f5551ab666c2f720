// Command dist makes what a release publishes besides the archives, from
// the staged platform folders that release/build.sh fills:
//
//	go run ./dist stage -version 1.0.0 DIR...
//	    adds THIRD_PARTY_NOTICES.txt (every module the binaries carry, with
//	    its license text) and sbom/BINARY.cdx.json (a CycloneDX SBOM per
//	    binary) to each staged folder, before it is archived
//	go run ./dist linux -version 1.0.0 -mtime EPOCH -o DIST DIR...
//	    makes a .deb and an .rpm of each staged Linux folder
//	go run ./dist manifests -version 1.0.0 -base-url URL -o DIST
//	    writes the Homebrew formula, the Scoop manifest and the winget
//	    manifests, with the checksums of DIST/SHA256SUMS
//
// Everything it writes is the same, byte for byte, every time it is made
// from the same staged files: times are the commit's, serial numbers are
// derived from the contents, and lists are sorted.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("dist: ")
	if len(os.Args) < 2 {
		log.Fatal("usage: dist stage|linux|manifests [flags] ...")
	}
	cmd, args := os.Args[1], os.Args[2:]
	fs := flag.NewFlagSet("dist "+cmd, flag.ExitOnError)
	version := fs.String("version", "", "the release's version, without a v")
	mtime := fs.Int64("mtime", 0, "the time of every file, in seconds since 1970 (the commit's)")
	out := fs.String("o", "dist", "the folder the packages and manifests go to")
	baseURL := fs.String("base-url", "", "where the archives are published; {version} stands for the version")
	fs.Parse(args)
	if *version == "" {
		log.Fatal("-version is required")
	}
	var err error
	switch cmd {
	case "stage":
		for _, dir := range fs.Args() {
			if err = Stage(dir, *version, time.Unix(*mtime, 0).UTC()); err != nil {
				break
			}
		}
	case "linux":
		for _, dir := range fs.Args() {
			var names []string
			names, err = LinuxPackages(dir, *out, *version, time.Unix(*mtime, 0).UTC())
			if err != nil {
				break
			}
			for _, n := range names {
				fmt.Println(n)
			}
		}
	case "manifests":
		var names []string
		names, err = Manifests(*out, *version, *baseURL)
		for _, n := range names {
			fmt.Println(n)
		}
	default:
		err = fmt.Errorf("unknown command %q: expected stage, linux or manifests", cmd)
	}
	if err != nil {
		log.Fatal(err)
	}
}
