// Package validate checks progress-update records the way the AchieveIt
// import API does, offline, and reports every error of every record with
// where it is in the user's own file.
//
// Records are checked one at a time against the embedded JSON Schema (or
// another), then for what a schema cannot say: the organization's statuses
// and, with an External IDs export, the known IDs. The result is a [Report]
// in the shape of the API's 400 body, with a source added to each record.
//
//	v, err := validate.New(validate.Options{})
//	src, err := validate.Open(ctx, "updates.json", nil, validate.OpenOptions{})
//	report, err := v.Run(ctx, src, func(c *validate.Checked) error { ... })
package validate
