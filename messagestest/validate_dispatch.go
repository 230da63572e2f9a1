package messagestest

import (
	"encoding/json"
	"strconv"
)

// checkDispatch checks a Dispatch (or Developer Preview Workflows) request:
// template "failover" and two or more steps, each but the last with its
// failover rule.
func checkDispatch(o object) ([]*msg, *checker) {
	c := &checker{}
	if t, ok := c.str(o, "template", "template"); !ok {
		c.fail("template", "is required")
	} else if t != "failover" {
		c.fail("template", "must be failover, got %q", t)
	}
	list, isList := o["workflow"].([]any)
	if !isList || len(list) < 2 {
		c.fail("workflow", "must be an array of at least two messages")
	}
	var steps []*msg
	c.eachStep("workflow", list, func(i int, step object) {
		m := c.v01Message(step, true, span{30, 86400})
		m.body, _ = json.Marshal(step)
		c.workflowFailover(step, m, i == len(list)-1)
		steps = append(steps, m)
	})
	return steps, c
}

// workflowFailover checks a step's failover object: the last step takes
// none, every other one needs one.
func (c *checker) workflowFailover(step object, m *msg, last bool) {
	rule, has := c.obj(step, "failover", "failover")
	switch {
	case last && has:
		c.fail("failover", "the last message takes no failover")
	case !last && rule == nil:
		if _, present := step["failover"]; !present {
			c.fail("failover", "is required on every message but the last")
		}
	case rule != nil:
		c.failoverRule(rule, m)
	}
}

// failoverRule checks a failover object's expiry_time (15 to 86400
// seconds) and condition_status, both required, and keeps them on m.
func (c *checker) failoverRule(rule object, m *msg) {
	if _, ok := c.integer(rule, "expiry_time", "failover.expiry_time", span{15, 86400}); !ok {
		if _, present := rule["expiry_time"]; !present {
			c.fail("failover.expiry_time", "is required")
		}
	} else {
		m.expiry, _ = strconv.Atoi(rule["expiry_time"].(json.Number).String())
	}
	m.condition = c.enum(rule, "condition_status", "failover.condition_status", "delivered", "read")
	if _, present := rule["condition_status"]; !present {
		c.fail("failover.condition_status", "is required")
	}
}
