//go:build !linux

package auth

import (
	"errors"
	"net"
)

// socketOwner is unknown here: the platform has no socket table that says
// which user owns a connection. Login hands the browser a private file
// instead of the start page, so this only answers a stray visit.
func socketOwner(_, _ *net.TCPAddr) (int, error) {
	return 0, errors.New("which user a connection comes from cannot be told on this platform")
}
