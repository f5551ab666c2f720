package main

import (
	_ "embed"

	"github.com/aitkit/aitkit/cmd/internal/cli"
)

//go:embed doc.go
var doc string

func main() { cli.Main(run, true) }
