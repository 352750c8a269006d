package serve

import (
	"net"
	"strings"
)

// loopbackHost reports whether a request's Host header names this
// computer: localhost, a name under .localhost (RFC 6761 reserves them for
// the loopback interface), an address in 127.0.0.0/8 or ::1, each with or
// without a port. A preview bound to loopback answers only these, so a
// page on another site cannot reach it through DNS rebinding: the
// browser would send that site's name as the Host.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// bindHost is the host part of --bind as net.Listen wants it: an IPv6
// address may be written with or without its brackets.
func bindHost(bind string) string {
	if strings.HasPrefix(bind, "[") && strings.HasSuffix(bind, "]") {
		return bind[1 : len(bind)-1]
	}
	return bind
}

// isLoopback reports whether a listener accepts connections only from
// this computer. It looks at the address actually bound, so "localhost"
// counts as loopback and "0.0.0.0" does not.
func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
