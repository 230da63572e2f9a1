package otelmessages

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/gomessages/messages"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Observer turns what a messages.Client and webhook handler report into
// spans and metrics. It is a messages.Observer; give it to the client with
// messages.WithObserver and to a handler as messages.WebhookConfig.Observer.
// It is safe for concurrent use; one serves any number of clients and
// handlers.
type Observer struct {
	tracer trace.Tracer
	m      instruments
}

var _ messages.Observer = (*Observer)(nil)

// Option configures New.
type Option func(*config) error

type config struct {
	tp trace.TracerProvider
	mp metric.MeterProvider
}

// ErrInvalidOption is matched by the error of New for a nil option or a
// nil provider.
var ErrInvalidOption = errors.New("otelmessages: invalid option")

// WithTracerProvider makes the Observer's spans with tp instead of the
// global tracer provider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) error {
		if isNil(tp) {
			return fmt.Errorf("%w: nil tracer provider", ErrInvalidOption)
		}
		c.tp = tp
		return nil
	}
}

// WithMeterProvider records the Observer's metrics with mp instead of the
// global meter provider.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) error {
		if isNil(mp) {
			return fmt.Errorf("%w: nil meter provider", ErrInvalidOption)
		}
		c.mp = mp
		return nil
	}
}

// New returns an Observer that traces with the global tracer provider and
// measures with the global meter provider, or those the options give. The
// global ones are taken now: set them (otel.SetTracerProvider,
// otel.SetMeterProvider) before, or after, as OpenTelemetry's globals
// forward to providers set later.
func New(opts ...Option) (*Observer, error) {
	var c config
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: option %d is nil", ErrInvalidOption, i)
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	m, err := newInstruments(c.mp.Meter(ScopeName, metric.WithInstrumentationVersion(messages.Version)))
	if err != nil {
		return nil, fmt.Errorf("otelmessages: creating the instruments: %w", err)
	}
	return &Observer{
		tracer: c.tp.Tracer(ScopeName, trace.WithInstrumentationVersion(messages.Version)),
		m:      m,
	}, nil
}

// isNil reports a nil interface or a nil pointer in one.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
