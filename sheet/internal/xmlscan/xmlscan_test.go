package xmlscan

import "testing"

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
