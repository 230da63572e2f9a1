package wire

// DispatchRequest is a v0.1 Dispatch API request: POST /v0.1/dispatch.
type DispatchRequest struct {
	Template string         `json:"template"`
	Workflow []DispatchStep `json:"workflow"`
}

// DispatchStep is one message of a Dispatch workflow: a v0.1 message and,
// on every step but the last, the rule that moves on to the next step.
type DispatchStep struct {
	V01Message
	Failover *DispatchFailover `json:"failover,omitempty"`
}

// DispatchFailover is a step's "failover" object.
type DispatchFailover struct {
	ExpiryTime      int    `json:"expiry_time"`
	ConditionStatus string `json:"condition_status"`
}
