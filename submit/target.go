package submit

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// DefaultBaseURL is AchieveIt's API; its government environment is
// https://gov-api.achieveit.com.
const DefaultBaseURL = "https://api.achieveit.com"

// ErrInsecureURL: plain http:// to an address that is not loopback.
var ErrInsecureURL = errors.New("plain http:// is allowed only for loopback addresses")

// CheckBaseURL parses a base URL and refuses what must not carry a key or
// could name one server in two ways: anything but https, except http to a
// loopback address; user information; a port that is not a number from 1
// to 65535; a host that is not ASCII, or that reads as a number without
// being an IP address as written (127.1, 0x7f.0.0.1).
func CheckBaseURL(base string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("base URL %q: expected https://host", base)
	}
	if u.User != nil {
		return nil, fmt.Errorf("base URL: user information in the URL is not sent; the key goes in ACHIEVEIT_API_KEY")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if _, err := hostOf(u); err != nil {
		return nil, fmt.Errorf("base URL %s: %w", u.Redacted(), err)
	}
	if _, err := portOf(u); err != nil {
		return nil, fmt.Errorf("base URL %s: %w", u.Redacted(), err)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("base URL %s: %w", u.Redacted(), ErrInsecureURL)
		}
	default:
		return nil, fmt.Errorf("base URL %q: expected https://host", base)
	}
	u.RawQuery, u.Fragment, u.ForceQuery = "", "", false
	return u, nil
}

func isLoopback(host string) bool {
	if h := strings.TrimSuffix(strings.ToLower(host), "."); h == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostOf is the host of u as the target names it: lower-case, without
// the trailing dot of a fully qualified name, an IP address in its one
// written form (an IPv4 address mapped into IPv6 as IPv4); "localhost"
// for localhost, 127.0.0.1 and ::1, which SPEC makes one target.
func hostOf(u *url.URL) (string, error) {
	h := u.Hostname()
	for _, r := range h {
		if r >= 0x80 {
			return "", fmt.Errorf("host %q is not ASCII: give it in its ASCII form (xn--...)", h)
		}
	}
	if ip := net.ParseIP(h); ip != nil {
		if v4 := ip.To4(); v4 != nil {
			ip = v4
		}
		if ip.Equal(net.IPv4(127, 0, 0, 1)) || ip.Equal(net.IPv6loopback) {
			return "localhost", nil
		}
		if ip.To4() == nil {
			return "[" + ip.String() + "]", nil
		}
		return ip.String(), nil
	}
	if strings.Contains(h, "%") || strings.Contains(h, ":") {
		return "", fmt.Errorf("host %q is not an address this client dials", h)
	}
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	labels := strings.Split(h, ".")
	if last := labels[len(labels)-1]; h == "" || numericLabel(last) {
		return "", fmt.Errorf("host %q reads as a number but is not an IPv4 address written a.b.c.d", u.Hostname())
	}
	for _, l := range labels {
		if l == "" {
			return "", fmt.Errorf("host %q has an empty label", u.Hostname())
		}
	}
	return h, nil
}

// numericLabel tells whether a host's last label makes it a number to a
// URL parser (WHATWG: decimal, 0x hex, or octal digits).
func numericLabel(l string) bool {
	if l == "" {
		return false
	}
	if rest, ok := strings.CutPrefix(l, "0x"); ok {
		_, err := strconv.ParseUint("0"+rest, 16, 64)
		return err == nil || rest == ""
	}
	for _, r := range l {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// portOf is u's port as a number, the scheme's default when it has none.
func portOf(u *url.URL) (int, error) {
	p := u.Port()
	if p == "" {
		if u.Scheme == "http" {
			return 80, nil
		}
		return 443, nil
	}
	n, err := strconv.ParseUint(p, 10, 32)
	if err != nil || n == 0 || n > 65535 {
		return 0, fmt.Errorf("port %q: expected a number from 1 to 65535", p)
	}
	return int(n), nil
}

// Target is the normalized form of a base URL that a submission's identity
// names, so that two spellings of one server are one target: lower-case
// scheme and host, the port as a number and always explicit, the path
// with its dot segments and repeated or trailing slashes removed and its
// escapes in one form, and every spelling of the loopback address
// (localhost, 127.0.0.1, [::1], [::ffff:127.0.0.1]) one host, "localhost".
// https://API.achieveit.com/ and https://api.achieveit.com:443 are one
// target, and so are http://127.0.0.1:028900 and http://localhost:28900.
func Target(base string) (string, error) {
	u, err := CheckBaseURL(base)
	if err != nil {
		return "", err
	}
	host, _ := hostOf(u)
	port, _ := portOf(u)
	return u.Scheme + "://" + host + ":" + strconv.Itoa(port) + targetPath(u.EscapedPath()), nil
}

// targetPath is a URL path in one form: the escapes of unreserved
// characters decoded and the others in upper case (RFC 3986, 6.2.2), dot
// segments resolved, "//" as "/", no trailing slash; "" for the root.
func targetPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '%' && i+2 < len(p) {
			if v, err := strconv.ParseUint(p[i+1:i+3], 16, 8); err == nil {
				if r := byte(v); unreserved(r) {
					b.WriteByte(r)
				} else {
					fmt.Fprintf(&b, "%%%02X", r)
				}
				i += 2
				continue
			}
		}
		b.WriteByte(c)
	}
	clean := path.Clean("/" + b.String())
	if clean == "/" {
		return ""
	}
	return clean
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
