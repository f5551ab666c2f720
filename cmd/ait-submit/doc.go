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
	--journal PATH       where submissions are recorded (default
	                     $XDG_STATE_HOME/aitkit/journal.db, ~/.local/state/...,
	                     %LocalAppData%\aitkit\journal.db on Windows)
	--only-new           send only the updates the journal has not seen sent
	                     to this API (the others are named, not sent)
	--force              send every update, even those the journal says were
	                     already sent
	--config PATH        read defaults from this file (default: ./aitkit.toml,
	                     else aitkit/config.toml in the user's configuration
	                     folder); the API key itself never comes from it
	-v                   say which configuration file was read; tell each retry
	                     and each change of the job's status (always on a
	                     terminal)
	-q                   print nothing but errors
	--version, -h        version; this help
	--completion SHELL   print a completion script for bash, zsh, fish
	                     or powershell, made from these flags
	--man                print the manual page

	For a workbook or tracker, ait-convert's flags say how to read it
	(--sheet, --map, --status-map, --statuses, --date-order, --as-of, ...).

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
