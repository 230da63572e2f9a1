package messages

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gomessages/messages/internal/wire"
)

// FailoverCondition is the status a step of a v0.1 Dispatch workflow must
// reach before its expiry for the workflow to stop there; short of it, the
// next step is sent.
type FailoverCondition string

// The conditions the Dispatch API knows.
const (
	// FailoverDelivered stops the workflow once the channel reports the
	// step delivered. It is the default.
	FailoverDelivered FailoverCondition = "delivered"
	// FailoverRead stops the workflow only once the recipient has read the
	// step, on channels with read receipts (Viber, Messenger, WhatsApp).
	FailoverRead FailoverCondition = "read"
)

// DefaultFailoverExpiry is how long a v0.1 Dispatch step is given to reach
// its condition unless FailoverWhen says otherwise.
const DefaultFailoverExpiry = 600 * time.Second

// failoverRule says when a step of a v0.1 Dispatch workflow gives way to the
// next one: when it is rejected, or when it has not reached condition within
// expiry. A zero condition means FailoverDelivered, a zero expiry
// DefaultFailoverExpiry. FailoverWhen sets one on a step given to Step.
type failoverRule struct {
	condition FailoverCondition
	expiry    time.Duration
}

// StepOption changes one step of a failover workflow, given with Step.
// FailoverWhen is the one there is. Step returns a Message, not an error,
// so a nil or bad StepOption is an ErrInvalidOption from SendWithFailover,
// before anything is validated or sent.
type StepOption func(*stepSettings) error

type stepSettings struct {
	failover *failoverRule // set by FailoverWhen
}

// FailoverWhen is the step option "fail over unless the step reaches cond
// within expiry", for one step of a v0.1 workflow, given with Step:
//
//	messages.Step(viber, messages.FailoverWhen(messages.FailoverRead, 5*time.Minute))
//
// Expiry must be whole seconds from 15 s to 24 h; SendWithFailover reports a
// bad rule with the message's other problems.
func FailoverWhen(cond FailoverCondition, expiry time.Duration) StepOption {
	return func(s *stepSettings) error {
		s.failover = &failoverRule{condition: cond, expiry: expiry}
		return nil
	}
}

// Step attaches step options, such as FailoverWhen, to one step of a v0.1
// Dispatch workflow, for SendWithFailover. Steps without one fail over per the default rule:
// FailoverDelivered within DefaultFailoverExpiry. The last step never fails over,
// so it takes no rule, and v1 takes none at all: the v1 API fails over only
// when a step is rejected, with no timer. Send refuses a Step.
func Step(msg Message, opts ...StepOption) Message {
	var s stepSettings
	step := failoverStep{msg: msg, optionErr: applyOptions(&s, "step option", opts)}
	if s.failover != nil {
		step.rule = *s.failover
	}
	return step
}

// failoverStep is a message with the rule of its Dispatch step. It is a
// Message so that it can sit among SendWithFailover's arguments.
type failoverStep struct {
	msg       Message
	rule      failoverRule
	optionErr error // a nil or bad StepOption, reported by SendWithFailover
}

// MessageChannel reports the wrapped message's channel.
func (s failoverStep) MessageChannel() Channel {
	if isNil(s.msg) {
		return ""
	}
	return s.msg.MessageChannel()
}

func (s failoverStep) encodeV1(chk *checker) wire.V1Message {
	chk.fail("failover", "a failover step is sent with SendWithFailover, not on its own")
	if isNil(s.msg) {
		return wire.V1Message{}
	}
	return s.msg.encodeV1(chk)
}

func (s failoverStep) encodeV01(chk *checker) wire.V01Message {
	chk.fail("failover", "a failover step is sent with SendWithFailover, not on its own")
	if isNil(s.msg) {
		return wire.V01Message{}
	}
	return s.msg.encodeV01(chk)
}

// dispatchRule checks a step's rule, or fills the default, and renders it.
func (c *checker) dispatchRule(ch Channel, rule *failoverRule) *wire.DispatchFailover {
	r := failoverRule{condition: FailoverDelivered, expiry: DefaultFailoverExpiry}
	if rule != nil {
		if rule.condition != "" {
			r.condition = rule.condition
		}
		if rule.expiry != 0 {
			r.expiry = rule.expiry
		}
	}
	switch r.condition {
	case FailoverDelivered:
	case FailoverRead:
		if ch == ChannelSMS || ch == ChannelMMS {
			c.fail("failover.condition_status", "%s has no read receipts, so read would always fail over", ch)
		}
	default:
		c.fail("failover.condition_status", "must be delivered or read, got %q", r.condition)
	}
	secs := 0
	if r.expiry%time.Second != 0 || !limits.dispatchExpiry.contains(int(r.expiry/time.Second)) {
		c.fail("failover.expiry_time", "must be whole seconds from %d to %d, got %s", limits.dispatchExpiry.min, limits.dispatchExpiry.max, r.expiry)
	} else {
		secs = int(r.expiry / time.Second)
	}
	return &wire.DispatchFailover{ExpiryTime: secs, ConditionStatus: string(r.condition)}
}

// SendWithFailover sends primary and, should it fail, each of fallbacks in
// turn, as one workflow. At least one fallback is needed. Every step is
// validated before any I/O; a problem in a fallback is reported with its
// field under "failover[i]." (i counting fallbacks from 0).
//
// On v1 the steps travel in the request's failover array, and the API moves
// to the next step when one is rejected; the Response has the primary's
// MessageUUID and the WorkflowID that status webhooks carry in their
// workflow object. Wrapping a step in Step is an error on v1.
//
// On v0.1 the steps go to the Dispatch API (POST /v0.1/dispatch, template
// "failover"); the Response has no MessageUUID and WorkflowID is the
// dispatch_uuid. The API moves on when a step is rejected or misses its
// condition in time: FailoverDelivered within DefaultFailoverExpiry unless the step
// is wrapped in Step with another rule. A final report follows the last
// step.
//
// A nil or bad StepOption given to Step is an ErrInvalidOption naming the
// step, returned before anything is validated or sent.
func (c *Client) SendWithFailover(ctx context.Context, primary Message, fallbacks ...Message) (res *Response, err error) {
	if c.observer != nil {
		var op *OperationInfo
		ctx, op = c.startOperation(ctx, OperationSendWithFailover, primary, fallbacks)
		defer func() { c.endOperation(ctx, op, res, err) }()
	}
	if err := stepOptionError(primary, fallbacks); err != nil {
		return nil, err
	}
	endpoint, body, err := c.encodeFailover(primary, fallbacks)
	if err != nil {
		return nil, err
	}
	return c.post(ctx, endpoint, body)
}

// encodeFailover validates every step and renders the workflow for the
// client's version, returning where to send it.
func (c *Client) encodeFailover(primary Message, fallbacks []Message) (string, []byte, error) {
	steps := append([]Message{primary}, fallbacks...)
	chk := checker{version: c.version}
	channel := channelOf(primary)
	if len(fallbacks) == 0 {
		chk.fail("failover", "needs at least one fallback message")
	}
	var payload any
	if c.version == V0_1 {
		req := wire.DispatchRequest{Template: "failover", Workflow: make([]wire.DispatchStep, 0, len(steps))}
		for i, s := range steps {
			msg, rule, ok := unwrapStep(&chk, i, s)
			if !ok {
				continue
			}
			step := wire.DispatchStep{V01Message: msg.encodeV01(&chk)}
			switch ch := msg.MessageChannel(); ch {
			case ChannelSMS, ChannelViber, ChannelMessenger, ChannelWhatsApp:
			default:
				chk.fail("channel", "%s is not supported by the v0.1 Dispatch API", ch)
			}
			if i < len(steps)-1 {
				step.Failover = chk.dispatchRule(msg.MessageChannel(), rule)
			} else if rule != nil {
				chk.fail("failover", "the last step takes no failover rule: no step follows it")
			}
			req.Workflow = append(req.Workflow, step)
		}
		payload = req
	} else {
		var primaryWire wire.V1Message
		for i, s := range steps {
			msg, rule, ok := unwrapStep(&chk, i, s)
			if !ok {
				continue
			}
			if rule != nil {
				chk.fail("failover", "a failover rule is a v0.1 Dispatch setting: v1 fails over when a step is rejected")
			}
			w := msg.encodeV1(&chk)
			if i == 0 {
				primaryWire = w
			} else {
				primaryWire.Failover = append(primaryWire.Failover, w)
			}
		}
		payload = primaryWire
	}
	if err := chk.err(channel); err != nil {
		return "", nil, err
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return "", nil, fmt.Errorf("messages: encoding the failover workflow: %w", err)
	}
	if c.version == V0_1 {
		return c.baseURL + "/v0.1/dispatch", body, nil
	}
	return c.sendURL, body, nil
}

// stepOptionError is the first nil or bad StepOption given to Step for
// the primary or a fallback, naming the step as validation errors do, or
// nil.
func stepOptionError(primary Message, fallbacks []Message) error {
	if st, ok := primary.(failoverStep); ok && st.optionErr != nil {
		return fmt.Errorf("%w, in the Step of the primary message", st.optionErr)
	}
	for i, s := range fallbacks {
		if st, ok := s.(failoverStep); ok && st.optionErr != nil {
			return fmt.Errorf("%w, in the Step of failover[%d]", st.optionErr, i)
		}
	}
	return nil
}

// unwrapStep sets the checker's prefix for step i and returns its message
// and rule (nil when the step has none). ok is false for a step that cannot
// be encoded; its problem is already recorded.
func unwrapStep(chk *checker, i int, s Message) (msg Message, rule *failoverRule, ok bool) {
	chk.prefix = ""
	if i > 0 {
		chk.prefix = fmt.Sprintf("failover[%d].", i-1)
	}
	if st, isStep := s.(failoverStep); isStep {
		s, rule = st.msg, &st.rule
	}
	if isNil(s) {
		chk.fail("message", "required")
		return nil, nil, false
	}
	if _, nested := s.(failoverStep); nested {
		chk.fail("failover", "a failover step cannot hold another failover step")
		return nil, nil, false
	}
	return s, rule, true
}

// channelOf is msg's channel, or "" for a nil message.
func channelOf(msg Message) Channel {
	if isNil(msg) {
		return ""
	}
	return msg.MessageChannel()
}
