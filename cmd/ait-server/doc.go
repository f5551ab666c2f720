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

Flags:

	--addr ADDR            listen address (default 127.0.0.1:8080; port 0 picks one)
	--api-key KEY          the key it accepts (or ACHIEVEIT_API_KEY; required)
	--ids EXPORT           known External IDs (an export saved as CSV); others get
	                       "External ID is invalid or its associated plan item
	                       has been deleted."
	--ids-column NAME      the export's ID column, when it is not called External ID
	--statuses LIST        the organization's custom statuses, comma-separated
	--fail-ids LIST|FILE   jobs that hold one of these External IDs (a comma-
	                       separated list, or a file of one a line) end Failed,
	                       with the record's error in their status
	--max-comment N        the longest comment, in characters (default 32767)
	--processing-delay D   time a job spends Queued, then Processing (default 2s)
	--data DIR             keep jobs and imported updates in DIR/aitkit.db, so a
	                       restart loses nothing (default: a temporary folder,
	                       removed when it stops)
	--retain DURATION      forget jobs older than this (30d, 72h), with their
	                       updates (default 30d; 0 keeps everything)
	--max-body BYTES       request body limit (default 33554432, 32 MiB): 413 over it
	--fail-rate P          fault injection: share of import requests answered 503
	--latency D            fault injection: delay added to every import request
	--config PATH          read defaults from this file (default: ./aitkit.toml,
	                       else aitkit/config.toml in the user's configuration
	                       folder)
	-v                     say which configuration file was read
	-q                     no access log
	--version, -h          version; this help
	--completion SHELL     print a completion script for bash, zsh, fish
	                       or powershell, made from these flags
	--man                  print the manual page

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
*/
package main
