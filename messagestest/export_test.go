package messagestest

// Track registers a server started by the external tests, so that TestMain
// checks what it accepted against the specs.
var Track = track
