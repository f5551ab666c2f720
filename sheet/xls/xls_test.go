package xls

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/sheettest"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/legacy/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readAll reads every sheet as "sheet(hidden)|num: kind:value,..." lines.
func readAll(t testing.TB, in []byte, limits sheet.Limits) ([]string, error) {
	wb, err := Open(context.Background(), "t.xls", bytes.NewReader(in), int64(len(in)), Options{Limits: limits})
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	return sheettest.Dump(wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
}

// TestRead reads LibreOffice's .xls of the legacy tracker cell by cell.
func TestRead(t *testing.T) {
	got, err := readAll(t, fixture(t, "lo-legacy.xls"), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`Instructions(false)|worksheet`,
		`Instructions(false)|1: text:"Fill one row per plan item; the Tracker sheet is imported."`,
		`Notes(true)|worksheet`,
		`Notes(true)|1: text:"External ID",text:"Status",text:"As Of Date"`,
		`Notes(true)|2: text:"HIDDEN-1",text:"On Track",text:"a hidden sheet is not read unless --sheet names it"`,
		`Tracker(false)|worksheet`,
		`Tracker(false)|1: text:"Q3 Strategy Tracker — Région Süd"`,
		`Tracker(false)|3: text:"External ID",text:"Status",text:"% Complete",text:"As Of Date",text:"Comments"`,
		`Tracker(false)|4: number:"1001",text:"On Track",percent:"0.54",date:"2025-07-03",text:"Überprüfung — São Paulo"`,
		`Tracker(false)|5: text:"7c776ba1-1dbc-4051-a7f3-c4fd0a922661",text:"At Risk",percent:"0.5",date:"2025-07-31",text:"line one\nline two"`,
		`Tracker(false)|6: text:"AA-3",text:"Off Track",number:"12.5",date:"2025-01-15",text:"Say \"hi\", please"`,
		`Tracker(false)|7: text:"AA-4",text:"Achieved",text:"54%",text:"2025-08-01"`,
		`Tracker(false)|8: text:"AA-5",text:"Not Started",percent:"0.543",date:"2024-02-29",text:"two  spaces"`,
		`Tracker(false)|9: number:"1002",text:"On Track",text:"",date:"2025-12-31",text:"日本語のメモ"`,
		`Tracker(false)|10: text:"AA-7",text:"Canceled",percent:"1",date:"1999-12-31",text:"last"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRK(t *testing.T) {
	for _, tt := range []struct {
		v    uint32
		want float64
	}{
		{0x3FF00000, 1}, {0x3FF00001, 0.01}, {54<<2 | 2, 54}, {54<<2 | 3, 0.54}, {0xFFFFFFEE, -5},
	} {
		if got := rk(tt.v); got != tt.want {
			t.Errorf("rk(%#x) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

// cfb locates the Workbook stream of a compound file whose stream lies in
// regular sectors: the sector size, the file offset of the FAT's first
// sector and the stream's first sector.
func cfb(t *testing.T, b []byte) (size, fat, start int) {
	size = 1 << binary.LittleEndian.Uint16(b[0x1E:])
	fat = size * (int(binary.LittleEndian.Uint32(b[0x4C:])) + 1)
	dir := size * (int(binary.LittleEndian.Uint32(b[0x30:])) + 1)
	for e := dir; e+128 <= len(b); e += 128 {
		n := int(binary.LittleEndian.Uint16(b[e+0x40:]))
		var name []rune
		for i := 0; i+1 < n-2; i += 2 {
			name = append(name, rune(binary.LittleEndian.Uint16(b[e+i:])))
		}
		if string(name) == "Workbook" {
			return size, fat, int(binary.LittleEndian.Uint32(b[e+0x74:]))
		}
	}
	t.Fatal("no Workbook stream")
	return
}

// TestHostile: damaged and lying files are clear errors, and end.
func TestHostile(t *testing.T) {
	good := fixture(t, "lo-legacy.xls")
	patch := func(f func(b []byte)) []byte {
		b := bytes.Clone(good)
		f(b)
		return b
	}
	size, fat, start := cfb(t, good)
	sst := bytes.Index(good, []byte{0xFC, 0x00})
	for sst >= 0 && !(binary.LittleEndian.Uint32(good[sst+8:]) < 100 && binary.LittleEndian.Uint32(good[sst+8:]) > 0) {
		sst = bytes.Index(good[sst+1:], []byte{0xFC, 0x00}) + sst + 1
	}
	bof := bytes.Index(good, []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00})
	if sst < 0 || bof < 0 || bof != size*(start+1) {
		t.Fatalf("fixture layout: SST at %d, BOF at %d, stream at sector %d", sst, bof, start)
	}
	tests := []struct {
		name string
		in   []byte
		want error
		msg  string
	}{
		{"truncated", good[:len(good)*2/3], sheet.ErrMalformed, ""},
		{"a sector chain that loops", patch(func(b []byte) { binary.LittleEndian.PutUint32(b[fat+4*start:], uint32(start)) }), sheet.ErrMalformed, ""},
		{"an SST count far past its strings", patch(func(b []byte) { binary.LittleEndian.PutUint32(b[sst+8:], 0x7FFFFFFF) }), sheet.ErrTooLarge, "MaxStrings"},
		{"an SST count under its strings", patch(func(b []byte) { binary.LittleEndian.PutUint32(b[sst+8:], 2) }), sheet.ErrMalformed, "shared string"},
		{"BIFF5", patch(func(b []byte) { b[bof+5] = 0x05 }), sheet.ErrUnsupported, "BIFF5"},
		{"not OLE2 inside", patch(func(b []byte) { copy(b[8:], make([]byte, 100)) }), sheet.ErrMalformed, "OLE2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.in, sheet.Limits{})
			if !errors.Is(err, tt.want) || !strings.Contains(fmt.Sprint(err), tt.msg) {
				t.Errorf("error %v, want %v saying %q", err, tt.want, tt.msg)
			}
		})
	}
}

// FuzzRead: bytes that may be an .xls (seeded with the fixtures of
// every program that writes them; a missing one fails the target) never
// panic, keep the readers' promises (sheettest.Check), and read the same
// twice; the container's chain is checked against mscfb's own reading of
// the Workbook stream's size.
func FuzzRead(f *testing.F) {
	for _, b := range sheettest.Seeds(f, "../../testdata/legacy", "lo-legacy.xls", "gnumeric-legacy.xls", "lo-1904.xls", "lo-ids.xls") {
		f.Add(b)
	}
	for _, b := range sheettest.Seeds(f, "../testdata", "formulas-lo.xls", "formulas-gnumeric.xls", "hidden-lo.xls", "hidden-gnumeric.xls") {
		f.Add(b)
	}
	limits := sheet.Limits{MaxCellBytes: 1 << 16, MaxStrings: 1 << 12, StringsInMemory: 1 << 20, MaxRows: 1 << 14, MaxColumns: 1 << 10, MaxSheets: 64}
	f.Fuzz(func(t *testing.T, in []byte) {
		read := func() (string, error) {
			wb, err := Open(context.Background(), "t.xls", bytes.NewReader(in), int64(len(in)), Options{Limits: limits})
			if err != nil {
				return "", err
			}
			defer wb.Close()
			return sheettest.Check(t, "t.xls", limits, wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
		}
		d1, err1 := read()
		if err1 != nil {
			var se *sheet.Error
			if !errors.As(err1, &se) || se.Place.File != "t.xls" {
				t.Fatalf("error %T does not name the file: %v", err1, err1)
			}
		}
		d2, err2 := read()
		if d1 != d2 || fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Fatalf("two readings differ: %v / %v", err1, err2)
		}
	})
}

// TestFixtures reads the workbooks that spreadsheet programs wrote for
// the readers' rules (sheet/testdata/gen/make.sh) and compares every
// sheet, row and cell with their dumps.
func TestFixtures(t *testing.T) {
	for _, path := range sheettest.Fixtures(t, "../testdata", ".xls") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines, err := readAll(t, b, sheet.Limits{})
			sheettest.Golden(t, path, lines, err)
		})
	}
}

// TestSheetKinds: a chart sheet and a very hidden sheet are listed with
// their kind and state (a chart sheet's rows are none), and a worksheet
// substream whose WSBOOL says so is a dialog sheet. The states and kinds
// are set in LibreOffice's file, as Excel writes them.
func TestSheetKinds(t *testing.T) {
	good := fixture(t, "lo-legacy.xls")
	b := bytes.Clone(good)
	// BOUNDSHEET: offset(4) hsState(1) dt(1) name (ShortXLUnicodeString).
	boundsheet := func(name string) int {
		rec := append([]byte{0x85, 0x00}, 0, 0)
		i := 0
		for {
			j := bytes.Index(b[i:], rec[:2])
			if j < 0 {
				t.Fatalf("no BOUNDSHEET for %q", name)
			}
			i += j
			n := int(b[i+10])
			if i+12+n <= len(b) && string(b[i+12:i+12+n]) == name {
				return i + 4
			}
			i++
		}
	}
	notes := boundsheet("Notes")
	b[notes+4], b[notes+5] = 2, 2 // very hidden, a chart sheet
	// The first WSBOOL of the stream is the first sheet's (Instructions).
	wsbool := bytes.Index(b, []byte{0x81, 0x00, 0x02, 0x00})
	if wsbool < 0 {
		t.Fatal("no WSBOOL record in the first sheet")
	}
	b[wsbool+4] |= 0x10
	got, err := readAll(t, b, sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Instructions(false)|dialog sheet",
		"Notes(very)|chart sheet",
		"Tracker(false)|worksheet",
	}
	var heads []string
	for _, l := range got {
		if !strings.Contains(l, ": ") {
			heads = append(heads, l)
		}
	}
	if strings.Join(heads, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
