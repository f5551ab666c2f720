package xmlscan

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkScan scans a worksheet's XML as the xlsx reader does: every
// token, the attributes of each cell, and the text of each value.
func BenchmarkScan(b *testing.B) {
	var doc bytes.Buffer
	doc.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`)
	for r := 1; r <= 20000; r++ {
		fmt.Fprintf(&doc, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" s="1"><v>0.54300000000000004</v></c><c r="C%d" s="2"><v>45841</v></c><c r="D%d" t="inlineStr"><is><t>a comment &amp; more</t></is></c></row>`, r, r, r, r, r, r)
	}
	doc.WriteString(`</sheetData></worksheet>`)
	in := doc.Bytes()
	b.SetBytes(int64(len(in)))
	var text []byte
	for b.Loop() {
		sc := New(bytes.NewReader(in), nil, 1<<20)
		n := 0
		for sc.Next() {
			switch sc.Kind {
			case Start, SelfClose:
				if sc.Is("c") {
					sc.EachAttr(func(k, v []byte) { n += len(v) })
				}
			case Text:
				text, _ = sc.AppendText(text[:0])
			}
		}
		if sc.Err != nil {
			b.Fatal(sc.Err)
		}
	}
}
