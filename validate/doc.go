// Package validate checks progress-update records the way the AchieveIt
// import API does, offline, and reports every error of every record with
// where it is in the user's own file.
//
// Records are checked one at a time against the embedded JSON Schema (or
// another), then for what a schema cannot say: the organization's statuses
// and, with an External IDs export ([ReadIDs]), the known IDs. The result
// is a [Report] in the shape of the API's 400 body, with a source added to
// each record.
//
// Validate reads records as written ([record.Source]): from a JSON array or
// an import CSV with package record, or converted from a spreadsheet with
// package convert (convert.Reader.Written); it never reads spreadsheets
// itself.
//
//	v, err := validate.New(validate.Options{})
//	src, err := record.NewReader("updates.json", f, record.JSON, record.Options{})
//	rep, err := v.Run(ctx, src, func(c *validate.Checked) error {
//		for _, fe := range c.Errors {
//			fmt.Println(validate.Line(fe, c.Source))
//		}
//		return nil
//	})
//
// [Validator.CheckBody] judges a request body as the API itself does.
package validate
