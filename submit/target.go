package submit

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DefaultBaseURL is AchieveIt's API; its government environment is
// https://gov-api.achieveit.com.
const DefaultBaseURL = "https://api.achieveit.com"

// ErrInsecureURL: plain http:// to an address that is not loopback.
var ErrInsecureURL = errors.New("plain http:// is allowed only for loopback addresses")

// CheckBaseURL parses a base URL and refuses what must not carry a key:
// anything but https, except http to a loopback address; user info.
func CheckBaseURL(base string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("base URL %q: expected https://host", base)
	}
	if u.User != nil {
		return nil, fmt.Errorf("base URL: user information in the URL is not sent; the key goes in ACHIEVEIT_API_KEY")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("base URL %s: %w", u.Redacted(), ErrInsecureURL)
		}
	default:
		return nil, fmt.Errorf("base URL %q: expected https://host", base)
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Target is the normalized form of a base URL that a submission's identity
// names: lower-case scheme and host, the port made explicit, no trailing
// slash, and every loopback address (localhost, 127.0.0.1, [::1]) one
// host, "localhost". https://API.achieveit.com/ and
// https://api.achieveit.com:443 are one target.
func Target(base string) (string, error) {
	u, err := CheckBaseURL(base)
	if err != nil {
		return "", err
	}
	host := strings.ToLower(u.Hostname())
	if isLoopback(host) {
		host = "localhost"
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
	}
	return u.Scheme + "://" + net.JoinHostPort(host, port) + strings.TrimRight(u.EscapedPath(), "/"), nil
}
