package xmlscan

import (
	"fmt"
	"strings"
	"testing"
)

// TestTagEnd shows the quick way to a tag's end taken and declined, and
// both giving the '>' outside quotes.
func TestTagEnd(t *testing.T) {
	tests := []struct {
		tag      string
		end      int
		fast     bool
		unclosed bool
	}{
		{`<c r="A1" s="2">`, 15, true, false},
		{`<row r="7"/>`, 11, true, false},
		{`<c a="x>y">`, 10, false, false},       // a '>' inside double quotes
		{`<c a='x>y' b="z">`, 16, false, false}, // single quotes
		{`<c a="x" b='y>z'>`, 16, false, false}, // single quotes after the first '>'
		{`<c a="unclosed`, -1, false, true},     // the rest is still to come
		{`<c a="x>y`, -1, false, true},          // the '>' is in quotes
	}
	for _, tt := range tests {
		end, fast := tagEnd([]byte(tt.tag))
		if end != tt.end || fast != tt.fast {
			t.Errorf("tagEnd(%q) = %d, %v; want %d, %v", tt.tag, end, fast, tt.end, tt.fast)
		}
	}
}

// TestSpaces: tags are known by namespace and local name, whatever their
// prefix; declarations end with their element (a self-closing one
// included); Strict and transitional names are one Space; an undeclared
// prefix is Other.
func TestSpaces(t *testing.T) {
	doc := `<w:worksheet xmlns:w="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheetData xmlns="urn:example:other"><row/></sheetData>` +
		`<w:sheetData><w:row r="1" r:id="x" w:id="y" xml:space="preserve"/><c xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/><c/><q:c/></w:sheetData>` +
		`<w:drawing xmlns:w="urn:example:other"/><w:end/></w:worksheet>`
	sc := New(strings.NewReader(doc), nil, 1<<20)
	var got []string
	for sc.Next() {
		if sc.Kind == Text {
			continue
		}
		line := fmt.Sprintf("%d %s %d", sc.Kind, sc.Name(), sc.Space())
		if sc.Kind != End {
			sc.EachAttrNS(func(sp Space, k, v []byte) { line += fmt.Sprintf(" %d:%s=%s", sp, k, v) })
		}
		got = append(got, line)
	}
	if sc.Err != nil {
		t.Fatal(sc.Err)
	}
	want := []string{
		fmt.Sprintf("%d worksheet %d", Start, SpreadsheetML),
		fmt.Sprintf("%d sheetData %d", Start, Other),
		fmt.Sprintf("%d row %d", SelfClose, Other),
		fmt.Sprintf("%d sheetData %d", End, Other),
		fmt.Sprintf("%d sheetData %d", Start, SpreadsheetML),
		fmt.Sprintf("%d row %d %d:r=1 %d:id=x %d:id=y %d:space=preserve", SelfClose, SpreadsheetML, NoSpace, OfficeRels, SpreadsheetML, XMLSpace),
		fmt.Sprintf("%d c %d", SelfClose, SpreadsheetML),
		fmt.Sprintf("%d c %d", SelfClose, NoSpace),
		fmt.Sprintf("%d c %d", SelfClose, Other),
		fmt.Sprintf("%d sheetData %d", End, SpreadsheetML),
		fmt.Sprintf("%d drawing %d", SelfClose, Other),
		fmt.Sprintf("%d end %d", SelfClose, SpreadsheetML),
		fmt.Sprintf("%d worksheet %d", End, SpreadsheetML),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSpacesBounded: declarations nested without end are refused past
// their bound, not kept.
func TestSpacesBounded(t *testing.T) {
	doc := strings.Repeat(`<a xmlns:p="urn:x">`, maxBindings+10)
	sc := New(strings.NewReader(doc), nil, 1<<20)
	for sc.Next() {
	}
	if sc.Err == nil || len(sc.bindings) > maxBindings {
		t.Errorf("error %v with %d bindings", sc.Err, len(sc.bindings))
	}
}
