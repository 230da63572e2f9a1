//go:build !race

package main

// raceEnabled says the tests run under the race detector, so the binary
// they run is built with it too.
const raceEnabled = false
