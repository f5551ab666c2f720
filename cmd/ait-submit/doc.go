/*
ait-submit sends progress updates to AchieveIt's import API, follows the
import job until it ends, and never sends the same updates twice.

Usage:

	ait-submit [flags] [FILE]

It reads import records (JSON or CSV) or anything ait-convert reads, from
FILE or standard input, validates them locally (nothing is sent when a record
is invalid), POSTs them to {base}/imports/progress-updates, and polls
{base}/imports/status/{jobId} until the job is Completed or Failed. Standard
output gets the last status body as JSON; standard error a summary and every
error with its position and source row.

Example:

	export ACHIEVEIT_API_KEY=...   # or --api-key-file key.txt
	ait-convert tracker.xlsx | ait-validate | ait-submit
	ait-submit --dry-run updates.json
	ait-submit --status 4272fcb1-9794-41bb-8281-80eaa9bef38b

The API key comes from ACHIEVEIT_API_KEY or --api-key-file; it is never
printed, logged or written to the journal. The base URL comes from
--base-url or ACHIEVEIT_BASE_URL (default https://api.achieveit.com; the
government environment is https://gov-api.achieveit.com); plain http:// is
refused except for loopback addresses.

Never sent twice: a submission is its records in canonical form and its
target (the base URL normalized: localhost, 127.0.0.1 and [::1] are one),
whatever the body's format. The journal records it before it is sent and
each outcome after; the same records, or some of them, sent before to the
same API are refused (naming the earlier job) unless --only-new or --force.

Retries: the status GET is retried on network errors, 429 and 5xx with
exponential backoff and jitter, honouring Retry-After up to 60s (and never
past --wait). The POST is sent again only when it certainly did not arrive
(connection refused, DNS failure; a refused loopback connection only once)
or was refused with 429 or 503. A redirect is never followed. After a
timeout or a connection broken after sending, the outcome is unknown:
ait-submit says so, exits 3, and does not send again on its own.

Exit status: 0 the job Completed (or was accepted, with --wait 0); 1 the
data was rejected (a local validation error, the API's 400, a job that
ended Failed); 2 usage, input or environment error, nothing imported (bad
flag, no key, key refused, not sent, the same updates already sent, a
journal that cannot be written); 3 accepted or possibly accepted, outcome
not known yet (still running when --wait ran out, interrupted after
sending, a connection broken after sending, an acceptance the journal
could not record); 130 interrupted before anything was sent.
*/
package main
