// Package schema defines the AchieveIt progress-update record ([Update]),
// the statuses it may carry ([Statuses]) and the JSON Schema that every
// record is checked against ([JSON]).
//
// It is the contract the other packages share: convert produces Updates,
// validate checks them against the schema, submit sends them.
//
//	st := schema.DefaultStatuses()
//	s, ok := st.Canonical("on  track") // "On Track", true
package schema
