// Package importapi is an AchieveIt-compatible progress-update import API:
// the engine ait-server runs, and that submit/submittest wraps for tests.
//
//	api, err := importapi.New(importapi.Options{APIKey: "k"})
//	http.ListenAndServe("127.0.0.1:8080", api)
//
// It serves POST /imports/progress-updates and GET /imports/status/{jobId}
// with the article's bodies, judges a submission with the same validator
// as ait-validate in the API's strict view (keys spelled exactly), runs an
// accepted job through Queued -> Processing -> Completed | Failed, imports
// nothing of a rejected or failed job, and answers GET /updates with what
// it imported.
//
// It is built for hostile clients as well as tests: the route and the key
// are checked before a byte of the body is read, the body is read as a
// stream through a size limit, and nothing of a request (body, headers)
// is kept beyond what an accepted job holds.
package importapi
