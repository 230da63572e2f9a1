package main

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// marshalSet encodes v as JSON with the SDK's Go field names, leaving out
// every field that holds its zero value. An Inbound has some thirty fields
// and a message fills a handful: printing them all would bury the few that
// matter under nulls. It walks the value with reflect rather than a list of
// fields, so fields the SDK adds later are printed too.
func marshalSet(v any) ([]byte, error) {
	var buf bytes.Buffer
	err := encodeSet(&buf, reflect.ValueOf(v))
	return buf.Bytes(), err
}

var marshalerType = reflect.TypeFor[json.Marshaler]()

func encodeSet(buf *bytes.Buffer, v reflect.Value) error {
	v, ok := deref(v)
	if !ok {
		buf.WriteString("null")
		return nil
	}
	switch {
	case v.Type().Implements(marshalerType), v.Kind() == reflect.Struct && reflect.PointerTo(v.Type()).Implements(marshalerType):
		// time.Time, json.RawMessage and the like speak for themselves.
	case v.Kind() == reflect.Struct:
		return encodeStruct(buf, v)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8:
		return encodeSlice(buf, v)
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

// deref follows pointers and interfaces to the value they hold, stopping
// at a json.Marshaler; ok is false at a nil.
func deref(v reflect.Value) (_ reflect.Value, ok bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, false
		}
		if v.Type().Implements(marshalerType) {
			break
		}
		v = v.Elem()
	}
	return v, true
}

// encodeStruct writes the exported fields of v that are set.
func encodeStruct(buf *bytes.Buffer, v reflect.Value) error {
	buf.WriteByte('{')
	first := true
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || v.Field(i).IsZero() {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(f.Name)
		buf.Write(name)
		buf.WriteByte(':')
		if err := encodeSet(buf, v.Field(i)); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// encodeSlice writes every element of v, which is not a []byte.
func encodeSlice(buf *bytes.Buffer, v reflect.Value) error {
	if v.IsNil() {
		buf.WriteString("null")
		return nil
	}
	buf.WriteByte('[')
	for i := range v.Len() {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encodeSet(buf, v.Index(i)); err != nil {
			return err
		}
	}
	buf.WriteByte(']')
	return nil
}
