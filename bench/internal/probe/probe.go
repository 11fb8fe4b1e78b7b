// Package probe holds what the load generators in bench/ share: reading a
// server's memory from /proc and naming transport errors.
package probe

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
)

// VmField reads a field of /proc/PID/status (VmRSS, VmHWM) in KiB; 0 when
// it cannot be read.
func VmField(pid int, field string) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// ErrClass names a transport error without its addresses.
func ErrClass(err error) string {
	var ne net.Error
	switch s := err.Error(); {
	case strings.Contains(s, "connection reset"):
		return "connection reset"
	case strings.Contains(s, "broken pipe"):
		return "broken pipe"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(s, "EOF"):
		return "EOF (server closed the connection)"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	default:
		if len(s) > 80 {
			s = s[:80]
		}
		return s
	}
}
