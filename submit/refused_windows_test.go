package submit

import (
	"net"
	"os"
	"testing"

	"golang.org/x/sys/windows"
)

// TestRefusedWindows: the error a refused connection gives on Windows is
// a refused connection, retried, with the hint for a local server.
func TestRefusedWindows(t *testing.T) {
	err := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connectex", windows.WSAECONNREFUSED)}
	if again, hint := connectionProblem(err, "http://127.0.0.1:8080"); !again || hint != "is ait-server running, and is ACHIEVEIT_BASE_URL right?" {
		t.Errorf("connectionProblem = %v, %q", again, hint)
	}
	if !loopbackRefused(err, "http://127.0.0.1:8080") {
		t.Error("not seen as a refused loopback connection")
	}
}
