// Package wire holds every JSON shape of the Messages API, both ways: the
// outbound bodies of v1 (flat), v0.1 (nested) and the v0.1 Dispatch API; the
// answers to a send; the problem details of an error answer; and the
// webhook bodies of both versions with their tolerant decoders. The public
// types of package messages map onto these. Nothing here validates a
// message: it spells fields the way the API does, and reads what it sends.
//
// Files: v1.go, v01.go and dispatch.go (outbound bodies), reply.go (the
// send answer and its fast scan), problem.go (error answers), webhook.go
// (webhook shapes) and webhook_decode.go (reading them).
package wire
