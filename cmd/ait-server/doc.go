/*
ait-server is a local AchieveIt-compatible import API, for demos, tests and
dry runs of a pipeline.

Usage:

	ait-server [flags]

It serves POST /imports/progress-updates and GET /imports/status/{jobId}
with the bodies and validation of AchieveIt's import API, runs each job
through Queued -> Processing -> Completed | Failed, imports nothing from a
rejected submission, and answers GET /updates (a JSON array of the imported
updates, in import order; ?externalId=ID and ?jobId=ID filter it).

Example:

	ait-server --api-key demo-key --ids testdata/validate/export.csv --data ./ait-data
	ACHIEVEIT_API_KEY=demo-key ACHIEVEIT_BASE_URL=http://127.0.0.1:8080 \
	    ait-submit updates.json
	curl -s -H 'Authorization: API-KEY demo-key' http://127.0.0.1:8080/updates

It judges a body as the conformance table says the API does
(testdata/conformance): JSON keys spelled exactly, statuses spelled exactly
(case aside), any ISO 8601 date, no empty CSV rows. The route and the key
are checked before the body is read; the body is read as a stream through
the size limit. A 400's jobId answers the status endpoint, Failed, with the
same errors.

Every request is logged on standard error, one line, without its key. A
wrong or missing key gets 401, a body that is neither JSON nor CSV 415, a
body over the limit 413, a body that does not parse 400, an unknown job 404.
SIGINT or SIGTERM stops it gracefully: requests in flight are finished.

Exit status: 0 stopped by SIGINT or SIGTERM; 2 usage or environment error
(a bad flag, no key, an address in use, a --data directory that cannot be
opened).
*/
package main
