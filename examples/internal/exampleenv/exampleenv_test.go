package exampleenv

import (
	"context"
	"errors"
	"testing"

	"github.com/gomessages/messages"
)

func TestClientFallsBackToTheFake(t *testing.T) {
	t.Setenv("VONAGE_APPLICATION_ID", "")
	t.Setenv("NEXMO_APPLICATION_ID", "")
	c, done, err := Client()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	res, err := c.Send(context.Background(), messages.SMS{From: "Acme", To: "447700900000", Text: "hi"})
	if err != nil || res.MessageUUID == "" {
		t.Fatalf("send to the fake: %+v, %v", res, err)
	}
}

func TestClientUsesTheEnvironment(t *testing.T) {
	t.Setenv("VONAGE_APPLICATION_ID", "app")
	t.Setenv("VONAGE_PRIVATE_KEY", "")
	t.Setenv("VONAGE_PRIVATE_KEY_PATH", "")
	t.Setenv("NEXMO_PRIVATE_KEY", "")
	t.Setenv("NEXMO_PRIVATE_KEY_PATH", "")
	if _, _, err := Client(); !errors.Is(err, messages.ErrInvalidKey) {
		t.Errorf("credentials without a key: got %v, want ErrInvalidKey", err)
	}
}

func TestGetenv(t *testing.T) {
	t.Setenv("EXAMPLEENV_TEST", "")
	if got := Getenv("EXAMPLEENV_TEST", "def"); got != "def" {
		t.Errorf("unset: %q", got)
	}
	t.Setenv("EXAMPLEENV_TEST", "set")
	if got := Getenv("EXAMPLEENV_TEST", "def"); got != "set" {
		t.Errorf("set: %q", got)
	}
}

func TestRunGivesAClientAndADeadline(t *testing.T) {
	t.Setenv("VONAGE_APPLICATION_ID", "")
	t.Setenv("NEXMO_APPLICATION_ID", "")
	called := false
	Run(func(ctx context.Context, c *messages.Client) error {
		called = true
		if _, ok := ctx.Deadline(); !ok {
			t.Error("the context has no deadline")
		}
		_, err := c.Send(ctx, messages.SMS{From: "Acme", To: "447700900000", Text: "hi"})
		return err
	})
	if !called {
		t.Error("send was not called")
	}
}
