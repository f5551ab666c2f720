// Package submit sends progress updates to AchieveIt's import API and
// follows the import job, so that no update is lost or sent twice.
//
//	c, err := submit.NewClient("https://api.achieveit.com", key)
//	acc, err := c.Submit(ctx, body, "application/json", 1) // POST /imports/progress-updates
//	st, err := c.Wait(ctx, acc.JobID, 10*time.Minute)      // GET /imports/status/{jobId}
//
// body is records as package record writes them (record.NewWriter), JSON
// or CSV ("text/csv"); the last argument is how many records it holds.
// Package submittest runs the same API on loopback for tests.
//
// Errors are typed for callers to branch on: *RejectedError (the API's 400
// report), ErrUnauthorized, *OutcomeUnknownError (the request may have
// arrived: never resend on your own), *WaitTimeoutError (the job still
// runs), *JobFailedError. The Journal records each submission, by the
// Identity of its records and target, so that the same records are not
// sent twice to the same API.
package submit
