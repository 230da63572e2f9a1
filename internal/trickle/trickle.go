// Package trickle is a slow client for tests: it shows that a server cuts
// off a connection whose request arrives a byte at a time, instead of
// holding it open for as long as the client likes.
package trickle

import (
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// Post connects to addr, sends the header of a POST to path that announces
// a 1 MiB body, then sends the body one byte every few milliseconds until
// the server closes the connection. It returns what the server wrote before
// closing, or an error when the connection was still open after patience,
// a hang guard and never a measure of speed.
func Post(addr, path string, patience time.Duration) ([]byte, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	header := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", path, addr, 1<<20)
	if _, err := io.WriteString(conn, header); err != nil {
		return nil, err
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	defer func() { close(stop); <-done }()
	if err := conn.SetReadDeadline(time.Now().Add(patience)); err != nil {
		return nil, err
	}
	answer, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return answer, fmt.Errorf("the server kept a trickling connection open for %s", patience)
	}
	// io.ReadAll ends at EOF, or with a reset when the server closed with
	// the body unread: either way the server closed the connection.
	return answer, nil
}
