package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// binary is the command, built once for the package by TestMain, so the
// tests run it as a user would: a process with arguments, an environment,
// pipes and signals. daemon is the same command for the processes that run
// in the background (fake, listen), where its goroutines meet: under the
// race detector it is built with it. The short runs use binary, because a
// race-built process takes about a second to exit on some machines, and
// they are many.
var binary, daemon string

// patience bounds every wait on a process. It is a safety net for a hung
// test, never a measure of speed: nothing here expects work to finish
// within a window.
const patience = 60 * time.Second

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "messages-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: temp dir:", err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "messages")
	daemon = binary
	if raceEnabled {
		daemon = filepath.Join(dir, "messages-race")
	}
	builds := [][]string{{"build", "-o", binary, "."}}
	if raceEnabled {
		builds = append(builds, []string{"build", "-race", "-o", daemon, "."})
	}
	for _, args := range builds {
		if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: go %s: %v\n%s", strings.Join(args, " "), err, out)
			os.RemoveAll(dir)
			os.Exit(1)
		}
	}
	code := m.Run()
	if code == 0 {
		// The pipe readers and waiters of every process must be gone.
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: goroutines outlived the tests:", err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// baseEnv is a child's environment: no VONAGE_ variable from the machine
// running the tests, a PATH, and a temporary directory of the test's own.
func baseEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + t.TempDir()}
	return append(env, extra...)
}

// result is how a foreground run ended.
type result struct {
	stdout, stderr string
	code           int
}

// runCmd runs the command to completion with stdin.
func runCmd(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) { // a non-zero exit is an answer the caller checks; any other error is a failure to run the command
		require.NoError(t, err, "running messages %s", strings.Join(args, " "))
	}
	require.NoError(t, ctx.Err(), "messages %s did not finish", strings.Join(args, " "))
	return result{stdout: out.String(), stderr: errOut.String(), code: cmd.ProcessState.ExitCode()}
}

// proc is the command running in the background. Its output arrives line by
// line on channels, which close when the process closes its end.
type proc struct {
	cmd    *exec.Cmd
	stdout chan string
	stderr chan string
	done   chan struct{} // closed once the process has been waited for
	mu     sync.Mutex
	seen   []string // every line read, for failure messages
}

// start runs the command in the background. The test's cleanup stops it by
// its PID if the test has not, so no process outlives the test.
func start(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(daemon, args...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &proc{cmd: cmd, stdout: make(chan string, 4096), stderr: make(chan string, 4096), done: make(chan struct{})}
	var readers sync.WaitGroup
	readers.Add(2)
	go p.read(&readers, stdout, p.stdout)
	go p.read(&readers, stderr, p.stderr)
	go func() {
		readers.Wait() // Wait must follow the last read from the pipes
		_ = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
			return
		default:
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(patience):
			_ = cmd.Process.Kill()
			<-p.done
			assert.Failf(t, "killed", "messages %s ignored SIGTERM and was killed", strings.Join(args, " "))
		}
	})
	return p
}

func (p *proc) read(wg *sync.WaitGroup, r io.Reader, out chan<- string) {
	defer wg.Done()
	defer close(out)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		p.mu.Lock()
		p.seen = append(p.seen, sc.Text())
		p.mu.Unlock()
		out <- sc.Text()
	}
}

// next returns the next line from ch, failing the test if the process
// closes it first.
func (p *proc) next(t *testing.T, ch <-chan string, what string) string {
	t.Helper()
	select {
	case line, ok := <-ch:
		require.True(t, ok, "waiting for %s: the output ended; it was:\n%s", what, p.output())
		return line
	case <-time.After(patience):
		require.Failf(t, "timed out", "waiting for %s: nothing after %s; the output was:\n%s", what, patience, p.output())
	}
	return ""
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.seen, "\n")
}

// stop sends sig to the process by its PID and returns its exit code once
// it has ended, and the lines left unread on stdout and stderr.
func (p *proc) stop(t *testing.T, sig syscall.Signal) (code int, stdout, stderr []string) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(sig))
	select {
	case <-p.done:
	case <-time.After(patience):
		require.Failf(t, "timed out", "the process ignored %s; its output was:\n%s", sig, p.output())
	}
	for l := range p.stdout {
		stdout = append(stdout, l)
	}
	for l := range p.stderr {
		stderr = append(stderr, l)
	}
	return p.cmd.ProcessState.ExitCode(), stdout, stderr
}
