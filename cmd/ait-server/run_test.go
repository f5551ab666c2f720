package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFlags(t *testing.T) {
	noEnv := func(string) string { return "" }
	tests := []struct {
		args []string
		code int
		says string
	}{
		{nil, 2, "no API key"},
		{[]string{"--api-key", "k", "--fail-rate", "2"}, 2, "--fail-rate"},
		{[]string{"--api-key", "k", "extra"}, 2, "unexpected argument"},
		{[]string{"--api-key", "k", "--ids", "no-such.csv"}, 2, "--ids"},
		{[]string{"--api-key", "k", "--ids", "../../testdata/xlsx/export.xlsx"}, 2, "is a workbook; ait-server reads an External IDs export saved as CSV"},
		{[]string{"--api-key", "k", "--ids", "../../testdata/validate/export-item-key.csv"}, 2, "give --ids-column NAME"},
		{[]string{"--api-key", "k", "--addr", "256.0.0.1:1"}, 2, "listen"},
		{[]string{"-h"}, 0, "ait-server is a local"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := runEnv(context.Background(), tt.args, noEnv, &out, &errb)
		if code != tt.code || !strings.Contains(out.String()+errb.String(), tt.says) {
			t.Errorf("%v: exit %d, %s%s", tt.args, code, out.String(), errb.String())
		}
	}
}

// TestDamagedStore: a store that is empty or cut short is refused, exit
// 2, naming it and how to move it aside; it is left as it was.
func TestDamagedStore(t *testing.T) {
	for name, content := range map[string][]byte{"empty": nil, "text": []byte("not a store\n")} {
		dir := t.TempDir()
		path := filepath.Join(dir, "aitkit.db")
		os.WriteFile(path, content, 0o600)
		var out, errb bytes.Buffer
		code := runEnv(context.Background(), []string{"--api-key", "k", "--addr", "127.0.0.1:0", "--data", dir}, func(string) string { return "" }, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), "the store "+path+" is damaged") || !strings.Contains(errb.String(), "Move it aside") || strings.Contains(errb.String(), "goroutine") {
			t.Errorf("%s: exit %d: %s", name, code, errb.String())
		}
		if b, _ := os.ReadFile(path); !bytes.Equal(b, content) {
			t.Errorf("%s: the store was written", name)
		}
	}
}

func TestRetainFlag(t *testing.T) {
	for v, want := range map[string]time.Duration{"30d": 30 * 24 * time.Hour, "72h": 72 * time.Hour, "0": 0, "90m": 90 * time.Minute} {
		var r retention
		if err := r.Set(v); err != nil || time.Duration(r) != want {
			t.Errorf("--retain %s = %v, %v", v, time.Duration(r), err)
		}
	}
	for _, v := range []string{"-1h", "d", "30days", "1e9d"} {
		var r retention
		if err := r.Set(v); err == nil {
			t.Errorf("--retain %s taken", v)
		}
	}
}
