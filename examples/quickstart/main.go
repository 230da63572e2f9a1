// Command quickstart sends an SMS, a Viber and a Messenger message. With no
// credentials in the environment it runs against a local stand-in server, so
// it works on a fresh machine with no account.
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"time"

	"github.com/gomessages/messages"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		json.NewEncoder(w).Encode(map[string]string{"message_uuid": fmt.Sprintf("00000000-0000-4000-8000-%012d", n.Add(1))})
	}))
	defer srv.Close()

	c, err := messages.NewClient("quickstart-app", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), messages.WithBaseURL(srv.URL))
	if err != nil {
		return err
	}
	for _, m := range []messages.Message{
		messages.SMS{From: "447700900001", To: "447700900000", Text: "Hello over SMS"},
		messages.Viber{From: "654321", To: "447700900000", Content: messages.Text("Hello over Viber")},
		messages.Messenger{From: "1234567890", To: "9876543210", Content: messages.Text("Hello over Messenger")},
		messages.Messenger{From: "1234567890", To: "9876543210", Content: messages.Image{URL: "https://example.com/cat.jpg"}},
	} {
		res, err := c.Send(ctx, m)
		if err != nil {
			return err
		}
		fmt.Printf("sent %-9s -> message_uuid %s\n", m.MessageChannel(), res.MessageUUID)
	}
	return nil
}
