// Package redisstore shares the two things a fleet of replicas must agree
// on through Redis: the account's send rate (NewLimiter, for
// messages.WithLimiter) and which webhook events are in a callback or
// handled (NewDeduper, for messages.WebhookConfig.Deduper).
//
// The Messages API limits throughput per account, not per process, so N
// replicas each pacing themselves send N times too fast; and the API
// re-delivers a webhook answered 429 or 5xx, which can land on another
// replica than the first copy. Both stores take a redis.UniversalClient, so
// a single server, Sentinel and Cluster clients all fit; each keeps its
// state under one key per name, so Cluster needs no hash tags.
//
// The package is its own module so that the core module keeps only
// golang-jwt at run time.
package redisstore
