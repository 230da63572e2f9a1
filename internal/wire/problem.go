package wire

// Problem is an RFC 7807 problem-details body as the API sends it.
type Problem struct {
	Type              string         `json:"type"`
	Title             string         `json:"title"`
	Detail            string         `json:"detail"`
	Instance          string         `json:"instance"`
	InvalidParameters []InvalidParam `json:"invalid_parameters"`
}

// InvalidParam is one entry of a 422's invalid_parameters.
type InvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}
