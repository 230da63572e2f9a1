package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// benchFile writes n JSON lines, each an SMS to its own number.
func benchFile(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), fmt.Sprintf("batch-%d.jsonl", n))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := range n {
		fmt.Fprintf(w, `{"to":"44%010d","text":"Your appointment is tomorrow at 10:00"}`+"\n", 7700000000+i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// runBatchBinary runs `messages send --batch` on file and returns how long
// it took and its peak RSS in kB.
func runBatchBinary(b *testing.B, env []string, file string, concurrency int) (time.Duration, int64) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "send", "--batch", file, "--channel", "sms", "--from", "Acme",
		"--concurrency", fmt.Sprint(concurrency), "--out", filepath.Join(b.TempDir(), "results.jsonl"), "--progress-every", "0")
	cmd.Env = env
	stderr, _ := os.CreateTemp(b.TempDir(), "stderr")
	cmd.Stderr = stderr
	began := time.Now()
	if err := cmd.Run(); err != nil {
		msg, _ := os.ReadFile(stderr.Name())
		b.Fatalf("batch: %v: %s", err, msg)
	}
	took := time.Since(began)
	return took, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
}

// BenchmarkBatchToTheFake sends 100 000 messages from a JSON-lines file to
// the fake (messagestest, which checks every JWT and body) at concurrency
// 16 with token reuse, and beside it the baseline: the same messages sent
// by 16 goroutines calling Client.Send in a loop, against the same fake.
// Run with -benchtime 1x: each iteration is the whole file.
func BenchmarkBatchToTheFake(b *testing.B) {
	const n, conc = 100_000, 16
	file := benchFile(b, n)
	srv := messagestest.NewServer()
	defer srv.Close()
	keyPath := filepath.Join(b.TempDir(), "private.key")
	if err := os.WriteFile(keyPath, srv.PrivateKey, 0o600); err != nil {
		b.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "VONAGE_APPLICATION_ID=" + srv.ApplicationID,
		"VONAGE_PRIVATE_KEY_PATH=" + keyPath, "VONAGE_BASE_URL=" + srv.URL}
	b.Run("cli", func(b *testing.B) {
		for b.Loop() {
			srv.Reset()
			took, rss := runBatchBinary(b, env, file, conc)
			b.ReportMetric(float64(n)/took.Seconds(), "sends/s")
			b.ReportMetric(float64(rss)/1024, "peak-RSS-MiB")
		}
	})
	b.Run("baseline-send-loop", func(b *testing.B) {
		client := srv.Client(messages.WithTokenReuse(time.Minute))
		defer client.CloseIdleConnections()
		for b.Loop() {
			srv.Reset()
			began := time.Now()
			next := make(chan int)
			var wg sync.WaitGroup
			for range conc {
				wg.Go(func() {
					for i := range next {
						if _, err := client.Send(context.Background(), messages.SMS{From: "Acme", To: fmt.Sprintf("44%010d", 7700000000+i), Text: "Your appointment is tomorrow at 10:00"}); err != nil {
							b.Error(err)
						}
					}
				})
			}
			for i := range n {
				next <- i
			}
			close(next)
			wg.Wait()
			b.ReportMetric(float64(n)/time.Since(began).Seconds(), "sends/s")
		}
	})
}

// BenchmarkBatchRSS runs files of 100 000 and 1 000 000 lines through a
// stand-in that accepts every message at once: the peak RSS of the batch
// process stays the same, since it holds at most the concurrency's worth of
// lines and results. Run with -benchtime 1x.
func BenchmarkBatchRSS(b *testing.B) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}`)
	}))
	defer api.Close()
	dir := b.TempDir()
	keyPath := filepath.Join(dir, "private.key")
	if err := os.WriteFile(keyPath, benchKeyPEM(b), 0o600); err != nil {
		b.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "VONAGE_APPLICATION_ID=app-1", "VONAGE_PRIVATE_KEY_PATH=" + keyPath, "VONAGE_BASE_URL=" + api.URL}
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			file := benchFile(b, n)
			for b.Loop() {
				took, rss := runBatchBinary(b, env, file, 16)
				b.ReportMetric(float64(n)/took.Seconds(), "sends/s")
				b.ReportMetric(float64(rss)/1024, "peak-RSS-MiB")
			}
		})
	}
}

func benchKeyPEM(b *testing.B) []byte {
	srv := messagestest.NewServer()
	defer srv.Close()
	return srv.PrivateKey
}
