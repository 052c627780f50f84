package auth

import (
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
)

// TestSocketOwnerOfALoopbackConnection: the owner of the client end of a
// connection this process accepted is this user.
func TestSocketOwnerOfALoopbackConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, ok := <-accepted
	if !ok {
		t.Fatal("accept failed")
	}
	defer server.Close()
	uid, err := socketOwner(server.RemoteAddr().(*net.TCPAddr), server.LocalAddr().(*net.TCPAddr))
	if err != nil {
		t.Fatalf("socketOwner: %v", err)
	}
	if uid != os.Getuid() {
		t.Errorf("owner %d, want %d", uid, os.Getuid())
	}
}

// TestFindSocketOwner reads tables laid out as /proc/net/tcp and tcp6:
// the matching socket's uid, not that of the server's own end or of
// another connection.
func TestFindSocketOwner(t *testing.T) {
	client := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 51000}
	server := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8976}
	v4 := func(a *net.TCPAddr) string {
		var b strings.Builder
		sameEndpointHex(&b, a.IP.To4())
		return fmt.Sprintf("%s:%04X", b.String(), a.Port)
	}
	v6 := func(a *net.TCPAddr) string {
		var b strings.Builder
		sameEndpointHex(&b, a.IP.To16())
		return fmt.Sprintf("%s:%04X", b.String(), a.Port)
	}
	header := "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	line := func(n int, local, remote string, uid int) string {
		return fmt.Sprintf("%4d: %s %s 01 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 0000000000000000 20 4 30 10 -1\n",
			n, local, remote, uid, 1000+n)
	}
	other := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 51001}
	tcp := header + line(0, v4(server), v4(client), 0) + line(1, v4(other), v4(server), 1001) + line(2, v4(client), v4(server), 1002)
	if uid, found, err := findSocketOwner(strings.NewReader(tcp), client, server); err != nil || !found || uid != 1002 {
		t.Errorf("tcp: uid %d, found %v, err %v; want 1002", uid, found, err)
	}
	tcp6 := header + line(0, v6(client), v6(server), 1003)
	if uid, found, err := findSocketOwner(strings.NewReader(tcp6), client, server); err != nil || !found || uid != 1003 {
		t.Errorf("tcp6: uid %d, found %v, err %v; want 1003", uid, found, err)
	}
	if _, found, _ := findSocketOwner(strings.NewReader(header+line(0, v4(other), v4(server), 5)), client, server); found {
		t.Error("found a socket that is not the client's")
	}
}
