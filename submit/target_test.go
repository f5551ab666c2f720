package submit

import (
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestTargetForms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://api.achieveit.com", "https://api.achieveit.com:443"},
		{"HTTPS://API.AchieveIt.com:443/", "https://api.achieveit.com:443"},
		{"https://api.achieveit.com.:0443//", "https://api.achieveit.com:443"},
		{"https://api.achieveit.com:", "https://api.achieveit.com:443"},
		{"http://127.0.0.1:028900", "http://localhost:28900"},
		{"http://localhost:28900/", "http://localhost:28900"},
		{"http://LOCALHOST.:28900", "http://localhost:28900"},
		{"http://[::1]:28900", "http://localhost:28900"},
		{"http://[0:0:0:0:0:0:0:1]:28900", "http://localhost:28900"},
		{"http://[::ffff:127.0.0.1]:28900", "http://localhost:28900"},
		{"http://127.0.0.2:28900", "http://127.0.0.2:28900"},
		{"http://localhost", "http://localhost:80"},
		{"https://[2001:DB8::1]:8443", "https://[2001:db8::1]:8443"},
		{"https://[::ffff:10.0.0.1]", "https://10.0.0.1:443"},
		{"https://api.x/v1/", "https://api.x:443/v1"},
		{"https://api.x/v1/./a/../b//", "https://api.x:443/v1/b"},
		{"https://api.x/%7Ev1/%2f", "https://api.x:443/~v1/%2F"},
		{"https://api.x/%76%31?q=1#f", "https://api.x:443/v1"},
	}
	for _, tt := range tests {
		got, err := Target(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Target(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestTargetRefused(t *testing.T) {
	for in, says := range map[string]string{
		"https://user:pass@api.x":  "user information",
		"https://api.x:99999":      "port \"99999\"",
		"https://api.x:0":          "port \"0\"",
		"http://127.1:8080":        "reads as a number",
		"https://0x7f.0.0.1":       "reads as a number",
		"https://2130706433":       "reads as a number",
		"https://ÄPI.x":            "not ASCII",
		"ftp://api.x":              "expected https://host",
		"http://api.x":             "only for loopback",
		"https://api..x":           "empty label",
		"https://[fe80::1%25eth0]": "not an address",
		"api.x":                    "expected https://host",
	} {
		_, err := Target(in)
		if err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("Target(%q): %v; want an error saying %q", in, err, says)
		}
	}
	// A host that merely starts with digits is a name.
	if got, err := Target("https://1e100.net"); err != nil || got != "https://1e100.net:443" {
		t.Errorf("1e100.net: %q, %v", got, err)
	}
}

// server is what a base URL reaches: the scheme, the address dialled, the
// port, and the path under which the API is.
type server struct {
	scheme, host string
	port         int
	path         string
}

// spell writes s in a random one of the ways a user could: any case in
// the scheme and host, the default port written or not, zeros before the
// port, a trailing dot, a trailing slash, escaped path characters, a
// loopback address in any of its forms.
func spell(r *rand.Rand, s server) string {
	mixCase := func(x string) string {
		b := []byte(x)
		for i := range b {
			if r.IntN(2) == 0 {
				b[i] = strings.ToUpper(string(b[i]))[0]
			}
		}
		return string(b)
	}
	host := s.host
	switch host {
	case "localhost":
		host = []string{"localhost", "LocalHost", "127.0.0.1", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "localhost."}[r.IntN(7)]
	default:
		if ip := net.ParseIP(host); ip != nil {
			if ip.To4() == nil {
				host = "[" + strings.ToUpper(host) + "]"
			} else if r.IntN(2) == 0 {
				host = "[::ffff:" + host + "]"
			}
		} else {
			host = mixCase(host)
			if r.IntN(3) == 0 {
				host += "."
			}
		}
	}
	port := ""
	def := map[string]int{"http": 80, "https": 443}[s.scheme]
	if s.port != def || r.IntN(2) == 0 {
		port = ":" + strings.Repeat("0", r.IntN(3)) + strconv.Itoa(s.port)
	} else if r.IntN(4) == 0 {
		port = ":"
	}
	p := ""
	for _, seg := range strings.Split(strings.Trim(s.path, "/"), "/") {
		if seg == "" {
			continue
		}
		var b strings.Builder
		for i := 0; i < len(seg); i++ {
			if r.IntN(4) == 0 {
				fmt.Fprintf(&b, "%%%02x", seg[i])
			} else {
				b.WriteByte(seg[i])
			}
		}
		p += strings.Repeat("/", 1+r.IntN(2)) + b.String()
		if r.IntN(5) == 0 {
			p += "/."
		}
	}
	if r.IntN(2) == 0 {
		p += "/"
	}
	return mixCase(s.scheme) + "://" + host + port + p
}

// TestTargetSpellings is the property: any two spellings that reach the
// same server are one target, and spellings of different servers never
// are.
func TestTargetSpellings(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	hosts := []string{"localhost", "api.achieveit.com", "gov-api.achieveit.com", "api.achieveit.com.evil.example", "127.0.0.2", "10.0.0.1", "2001:db8::1", "1e100.net"}
	paths := []string{"", "/v1", "/v1/api", "/~x"}
	var servers []server
	for _, h := range hosts {
		for _, scheme := range []string{"https", "http"} {
			if scheme == "http" && !isLoopback(h) {
				continue
			}
			for _, port := range []int{80, 443, 8080, 28900} {
				for _, p := range paths {
					servers = append(servers, server{scheme, h, port, p})
				}
			}
		}
	}
	seen := map[string]server{}
	for _, s := range servers {
		var first string
		for i := range 20 {
			spelled := spell(r, s)
			got, err := Target(spelled)
			if err != nil {
				t.Fatalf("%+v spelled %q: %v", s, spelled, err)
			}
			if i == 0 {
				first = got
				if other, ok := seen[got]; ok && other != s {
					t.Fatalf("%+v and %+v are both target %q", s, other, got)
				}
				seen[got] = s
			} else if got != first {
				t.Fatalf("%+v: %q is target %q, another spelling %q", s, spelled, got, first)
			}
		}
	}
}

// FuzzTarget: any base URL that Target takes has a target that is its own
// target, and that names the host and port the client dials.
func FuzzTarget(f *testing.F) {
	for _, s := range []string{"https://api.achieveit.com", "http://127.0.0.1:028900/", "http://[::1]:80", "https://API.x.:443/a/../b", "https://h/%7e", "http://localhost:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, base string) {
		got, err := Target(base)
		if err != nil {
			return
		}
		again, err := Target(got)
		if err != nil || again != got {
			t.Fatalf("Target(%q) = %q, whose target is %q, %v", base, got, again, err)
		}
		u, _ := url.Parse(strings.TrimSpace(base))
		tu, _ := url.Parse(got)
		port, _ := strconv.Atoi(tu.Port())
		want, _ := portOf(&url.URL{Scheme: strings.ToLower(u.Scheme), Host: u.Host})
		if port != want {
			t.Fatalf("Target(%q) = %q: port %d, the client dials %d", base, got, port, want)
		}
		host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
		if ip := net.ParseIP(host); ip != nil && (ip.Equal(net.IPv4(127, 0, 0, 1)) || ip.Equal(net.IPv6loopback)) {
			host = "localhost"
		}
		if th := tu.Hostname(); th != host && !net.ParseIP(th).Equal(net.ParseIP(host)) {
			t.Fatalf("Target(%q) = %q: host %q, the client dials %q", base, got, th, host)
		}
	})
}
