// Package wire holds the JSON shapes of the Messages API's two wire versions:
// the flat v1 body and the nested v0.1 body. The public types of package
// messages map onto these; nothing here validates, it only spells fields the
// way the API does.
package wire
