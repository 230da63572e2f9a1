package messagestest

import (
	"encoding/json"
	"fmt"
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
	for i, item := range list {
		c.prefix = fmt.Sprintf("workflow[%d].", i)
		step, isObj := item.(object)
		if !isObj {
			c.prefix = ""
			c.fail(fmt.Sprintf("workflow[%d]", i), "must be an object")
			continue
		}
		m := c.v01Message(step, true, span{30, 86400})
		m.body, _ = json.Marshal(step)
		rule, has := c.obj(step, "failover", "failover")
		switch {
		case i == len(list)-1 && has:
			c.fail("failover", "the last message takes no failover")
		case i < len(list)-1 && rule == nil:
			if _, present := step["failover"]; !present {
				c.fail("failover", "is required on every message but the last")
			}
		case rule != nil:
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
		steps = append(steps, m)
	}
	c.prefix = ""
	return steps, c
}
