package main

import (
	"testing"

	"github.com/gomessages/messages/internal/exampletest"
)

// TestSendsWhereVONAGE_BASE_URLPoints runs the example the way `messages
// fake` is used: with the variables it exports, the example sends to the
// fake, never to the live API.
func TestSendsWhereVONAGE_BASE_URLPoints(t *testing.T) {
	exampletest.SendsWhereBaseURLPoints(t, newClient)
}
