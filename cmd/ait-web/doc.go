/*
ait-web serves a local web page that does ait-convert's, ait-validate's and
ait-submit's work in a browser: drop trackers on it, answer its questions
with a click, download the records, and send them.

Usage:

	ait-web [flags]

It listens on 127.0.0.1 (a free port unless --addr), prints the address to
open as the first line of standard output, with a random token that only
this run knows, and opens the browser there unless --no-open. Every request
without the token (or the cookie that opening the address sets) is refused;
so is a request addressed to another host, and a POST from another page.
Nothing leaves the machine but a submission to the API.

Example:

	ait-web
	ait-web --no-open --addr 127.0.0.1:8765
	ait-web --base-url http://127.0.0.1:8080 --journal ./journal.db

Files dropped on the page are read by the same packages as ait-convert,
with the same options (the page shows the equivalent command line), from
a temporary folder removed when ait-web ends. The records are shown in a
grid with every error at its row and cell, and every question the input
leaves open (date order, sheet, column, decimal separator, percent points,
unknown statuses) as choices; choosing one converts again. Downloads are
byte for byte what ait-convert writes with the same flags, and the
annotated workbook what ait-validate --annotate writes.

Submitting: the API key is typed into the page and held in ait-web's memory
only, never stored by the browser or written anywhere. Submissions go to
--base-url (or ACHIEVEIT_BASE_URL, else https://api.achieveit.com), are
recorded in ait-submit's journal (the same file: each tool refuses what the
other sent), and are followed until they end. The history view lists the
journal's submissions.

Ctrl-C (or SIGTERM) stops the server, removes the temporary folder and
exits 0. See docs/ait-web.md for the page's JSON API.

Exit status: 0 stopped by Ctrl-C or SIGTERM; 2 usage or environment error
(a bad flag, an address that cannot be listened on).
*/
package main
