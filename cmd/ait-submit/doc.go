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

Flags:

	--api-key-file PATH  read the API key from a file (warned about when others
	                     can read it)
	--base-url URL       the API's base URL
	--as json|csv        body format sent (default json)
	--wait DURATION      how long to follow the job (default 10m; 0 prints the
	                     accepted jobId and exits 0)
	--timeout DURATION   limit for one HTTP request (default 60s)
	--status JOBID       only look up a job's status
	--dry-run            validate and print the request that would be sent, the
	                     key redacted; send nothing
	--journal PATH       where accepted submissions are recorded (default
	                     $XDG_STATE_HOME/aitkit/journal.jsonl, ~/.local/state/...,
	                     %LocalAppData%\aitkit\journal.jsonl on Windows)
	--force              send updates the journal says were already sent
	-q                   print nothing but errors
	--version, -h        version; this help

	For a workbook or tracker, ait-convert's flags say how to read it
	(--sheet, --map, --status-map, --statuses, --date-order, --as-of, ...).

Retries: the status GET is retried on network errors, 429 and 5xx with
exponential backoff and jitter, honouring Retry-After. The POST is sent
again only when it certainly did not arrive (connection refused, DNS
failure) or was refused with 429 or 503. After a timeout or a connection
broken after sending, the outcome is unknown: ait-submit says so, exits 3,
and does not send again on its own.

Exit status: 0 the job Completed (or was accepted, with --wait 0); 1 the
data was rejected (a local validation error, the API's 400, a job that
ended Failed); 2 usage, input or environment error (bad flag, no key, key
refused, network failure before sending, the same updates already sent); 3
accepted or possibly accepted, outcome not known yet (still running when
--wait ran out, interrupted while waiting, connection broken after sending).
*/
package main
