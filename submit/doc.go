// Package submit sends progress updates to AchieveIt's import API and
// follows the import job, so that no update is lost or sent twice.
//
//	c, err := submit.NewClient("https://api.achieveit.com", key)
//	acc, err := c.Submit(ctx, body, submit.JSON)   // POST /imports/progress-updates
//	st, err := c.Wait(ctx, acc.JobID, 10*time.Minute) // GET /imports/status/{jobId}
//
// Errors are typed for callers to branch on: *RejectedError (the API's 400
// report), ErrUnauthorized, *OutcomeUnknownError (the request may have
// arrived: never resend on your own), *WaitTimeoutError (the job still runs).
// The Journal records accepted submissions so that the same body is not sent
// twice to the same API.
package submit
