package auth

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
)

// socketOwner returns the user owning the TCP socket whose local end is
// client and whose remote end is server: the process at the other end of a
// loopback connection server accepted. The kernel lists every socket with
// its owner in /proc/net/tcp (and tcp6, for an IPv6 socket reaching
// 127.0.0.1 as ::ffff:127.0.0.1).
func socketOwner(client, server *net.TCPAddr) (int, error) {
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		uid, found, err := findSocketOwner(f, client, server)
		f.Close()
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", table, err)
		}
		if found {
			return uid, nil
		}
	}
	return 0, errors.New("the connection is not in the kernel's socket tables")
}

// findSocketOwner looks for the socket from client to server in a table
// laid out as /proc/net/tcp and returns its uid column.
func findSocketOwner(r io.Reader, client, server *net.TCPAddr) (uid int, found bool, err error) {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 4096), 1<<20)
	for s.Scan() {
		f := strings.Fields(s.Text())
		if len(f) < 8 || !strings.HasSuffix(f[0], ":") {
			continue // the header
		}
		if !sameEndpoint(f[1], client) || !sameEndpoint(f[2], server) {
			continue
		}
		uid, err := strconv.Atoi(f[7])
		if err != nil {
			return 0, false, fmt.Errorf("uid %q: %w", f[7], err)
		}
		return uid, true, nil
	}
	return 0, false, s.Err()
}

// sameEndpoint compares a table's "ADDR:PORT" with a as the kernel writes
// it: the address as 32-bit words in the machine's byte order, in hex,
// and the port in hex. An IPv4 address in tcp6 appears v4-mapped.
func sameEndpoint(field string, a *net.TCPAddr) bool {
	host, port, ok := strings.Cut(field, ":")
	if !ok {
		return false
	}
	p, err := strconv.ParseUint(port, 16, 16)
	if err != nil || int(p) != a.Port {
		return false
	}
	var ip net.IP
	switch len(host) {
	case 8:
		ip = a.IP.To4()
	case 32:
		ip = a.IP.To16()
	}
	if ip == nil {
		return false
	}
	var want strings.Builder
	sameEndpointHex(&want, ip)
	return strings.EqualFold(host, want.String())
}

// sameEndpointHex writes ip as the kernel's tables do: 32-bit words in the
// machine's byte order, each as eight hex digits.
func sameEndpointHex(b *strings.Builder, ip net.IP) {
	for i := 0; i+4 <= len(ip); i += 4 {
		fmt.Fprintf(b, "%08X", binary.NativeEndian.Uint32(ip[i:i+4]))
	}
}
