package xmlscan

import (
	"bytes"
	"fmt"

	"github.com/aitkit/aitkit/sheet"
)

// maxBindings is how many namespace declarations may be in force at once:
// a part declares a few dozen on its root; past this, a hostile file.
const maxBindings = 4096

// Space is a namespace the readers know, by what it means: the Strict
// and the transitional Office Open XML namespaces of one kind are one
// Space, so that a Strict workbook is read like a transitional one.
type Space uint8

// Namespaces.
const (
	NoSpace       Space = iota // no namespace: no default declared, or an unprefixed attribute
	Other                      // a namespace the readers do not know, or an undeclared prefix
	SpreadsheetML              // the main namespace of .xlsx parts
	OfficeRels                 // relationship ids (r:id)
	PackageRels                // the .rels parts
	ContentTypes               // [Content_Types].xml
	MarkupCompat               // mc:AlternateContent, mc:Ignorable
	XMLSpace                   // the xml: prefix (xml:space)
	ODFOffice                  // OpenDocument office:
	ODFTable                   // OpenDocument table:
	ODFText                    // OpenDocument text:
	ODFStyle                   // OpenDocument style:
	ODFNumber                  // OpenDocument number: (data styles)
	ODFCalcExt                 // LibreOffice's calcext:
	ODFFO                      // OpenDocument fo: (XSL-FO properties)
	ODFLOExt                   // LibreOffice's loext:
)

// spaces maps the namespace names to what they mean.
var spaces = map[string]Space{
	"http://schemas.openxmlformats.org/spreadsheetml/2006/main":            SpreadsheetML,
	"http://purl.oclc.org/ooxml/spreadsheetml/main":                        SpreadsheetML,
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships":  OfficeRels,
	"http://purl.oclc.org/ooxml/officeDocument/relationships":              OfficeRels,
	"http://schemas.openxmlformats.org/package/2006/relationships":         PackageRels,
	"http://schemas.openxmlformats.org/package/2006/content-types":         ContentTypes,
	"http://schemas.openxmlformats.org/markup-compatibility/2006":          MarkupCompat,
	"http://www.w3.org/XML/1998/namespace":                                 XMLSpace,
	"urn:oasis:names:tc:opendocument:xmlns:office:1.0":                     ODFOffice,
	"urn:oasis:names:tc:opendocument:xmlns:table:1.0":                      ODFTable,
	"urn:oasis:names:tc:opendocument:xmlns:text:1.0":                       ODFText,
	"urn:oasis:names:tc:opendocument:xmlns:style:1.0":                      ODFStyle,
	"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0":                  ODFNumber,
	"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0": ODFCalcExt,
	"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0":          ODFFO,
	"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0": ODFLOExt,
}

// binding is a namespace prefix declared on an element, in force inside
// it: depth is the element's.
type binding struct {
	prefix string // "" for the default namespace
	uri    string
	space  Space
	depth  int
}

// declare reads the xmlns attributes of the current start tag and puts
// their bindings in force at depth.
func (s *Scanner) declare(depth int) {
	if len(s.attrs) < len(`xmlns=""`) || bytes.Index(s.attrs, []byte("xmlns")) < 0 {
		return
	}
	s.EachAttr(func(k, v []byte) {
		var prefix string
		switch {
		case string(k) == "xmlns":
		case len(k) > 6 && string(k[:6]) == "xmlns:":
			prefix = string(k[6:])
		default:
			return
		}
		uri := AttrText(v)
		sp, ok := spaces[uri]
		switch {
		case ok:
		case uri == "" && prefix == "":
			sp = NoSpace // xmlns="" undeclares the default
		default:
			sp = Other
		}
		if len(s.bindings) >= maxBindings {
			if s.Err == nil {
				s.Err = sheet.TooLarge(fmt.Sprintf("more than %s namespace declarations in force", sheet.Count(maxBindings)), "MaxCellBytes", maxBindings)
			}
			return
		}
		s.bindings = append(s.bindings, binding{prefix: prefix, uri: uri, space: sp, depth: depth})
		s.gen++
	})
}

// undeclare ends the bindings of the elements deeper than depth.
func (s *Scanner) undeclare(depth int) {
	n := len(s.bindings)
	for n > 0 && s.bindings[n-1].depth > depth {
		n--
	}
	if n != len(s.bindings) {
		s.bindings = s.bindings[:n]
		s.gen++
	}
}

// resolve finds the namespace of a prefix ("" for the default) among the
// bindings in force.
func (s *Scanner) resolve(prefix []byte) (Space, string) {
	if s.cacheGen == s.gen && string(prefix) == s.cachePrefix {
		return s.cacheSpace, s.cacheURI
	}
	sp, uri := NoSpace, ""
	if len(prefix) > 0 {
		sp = Other // an undeclared prefix
	}
	if string(prefix) == "xml" {
		sp, uri = XMLSpace, "http://www.w3.org/XML/1998/namespace"
	} else {
		for i := len(s.bindings) - 1; i >= 0; i-- {
			if s.bindings[i].prefix == string(prefix) {
				sp, uri = s.bindings[i].space, s.bindings[i].uri
				break
			}
		}
	}
	s.cacheGen, s.cachePrefix, s.cacheSpace, s.cacheURI = s.gen, string(prefix), sp, uri
	return sp, uri
}

// Space is the namespace of the current tag (worked out once per tag).
func (s *Scanner) Space() Space {
	if !s.spaceKnown {
		if len(s.prefix) == 0 && s.defGen == s.gen && s.gen != 0 {
			s.space = s.defSpace // the default namespace, as last found
		} else {
			s.space, _ = s.resolve(s.prefix)
			if len(s.prefix) == 0 {
				s.defSpace, s.defGen = s.space, s.gen
			}
		}
		s.spaceKnown = true
	}
	return s.space
}

// InML tells whether the current tag is in SpreadsheetML's namespace, or
// in none (hand-made parts without xmlns): a tag that cannot be read as
// anything else.
func (s *Scanner) InML() bool {
	sp := s.Space()
	return sp == SpreadsheetML || sp == NoSpace
}

// SpaceName is the namespace name (URI) of the current tag, "" for none.
func (s *Scanner) SpaceName() string {
	_, uri := s.resolve(s.prefix)
	return uri
}

// IsIn tells whether the current tag is name in namespace sp. For
// SpreadsheetML, a tag in no namespace counts (hand-made parts without
// xmlns): it cannot be read as anything else.
func (s *Scanner) IsIn(sp Space, name string) bool {
	if string(s.name) != name {
		return false
	}
	if sp == SpreadsheetML {
		return s.InML()
	}
	return s.Space() == sp
}

// EachAttrNS calls fn with every attribute of the current start tag but
// the namespace declarations: its namespace (NoSpace when unprefixed),
// its local name and its raw value.
func (s *Scanner) EachAttrNS(fn func(sp Space, local, val []byte)) {
	s.EachAttr(func(k, v []byte) {
		i := bytes.IndexByte(k, ':')
		switch {
		case i < 0 && string(k) == "xmlns":
			return
		case i < 0:
			fn(NoSpace, k, v)
		case string(k[:i]) == "xmlns":
			return
		default:
			sp, _ := s.resolve(k[:i])
			fn(sp, k[i+1:], v)
		}
	})
}

// AttrNS returns the raw value of the current start tag's attribute name
// in namespace sp, and whether it was there.
func (s *Scanner) AttrNS(sp Space, name string) (val []byte, found bool) {
	s.EachAttrNS(func(asp Space, k, v []byte) {
		if !found && asp == sp && string(k) == name {
			val, found = v, true
		}
	})
	return val, found
}
