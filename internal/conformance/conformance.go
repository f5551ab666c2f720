// Package conformance reads the conformance table of testdata/conformance:
// request bodies and what AchieveIt's import API answers them, the one
// source of the verdicts that ait-validate, the test server and ait-server
// are held to (see testdata/conformance/README.md).
package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/validate"
)

// Case is one row of the table.
type Case struct {
	Name        string // the file's name without .txt
	Title       string // what the case shows
	ContentType string
	Statuses    string // custom statuses of the server, "" for the seven
	Status      int    // the API's HTTP status
	Response    string // its body, without the jobId
	Choice      string // where the article is silent, what was chosen
	// ValidateExit is ait-validate's exit status on the body as a file,
	// where it differs on purpose (-1 when it follows the API's verdict).
	ValidateExit int
	ValidateNote string
	Body         []byte
}

// Dir is the table, from a package directory two levels below the module
// root.
const Dir = "../../testdata/conformance"

// Load reads every case of the table in dir, in name order.
func Load(dir string) ([]Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no cases in %s: %v", dir, err)
	}
	sort.Strings(files)
	var cases []Case
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		c, err := parse(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		c.Name = strings.TrimSuffix(filepath.Base(f), ".txt")
		cases = append(cases, c)
	}
	return cases, nil
}

func parse(b []byte) (Case, error) {
	c := Case{ValidateExit: -1}
	head, body, ok := bytes.Cut(b, []byte("-- body --\n"))
	if !ok {
		return c, fmt.Errorf("no -- body -- line")
	}
	c.Body = body
	for _, line := range strings.Split(string(head), "\n") {
		if t, ok := strings.CutPrefix(line, "# "); ok {
			c.Title = t
			continue
		}
		key, val, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		switch key {
		case "content-type":
			c.ContentType = val
		case "statuses":
			c.Statuses = val
		case "status":
			n, err := strconv.Atoi(val)
			if err != nil {
				return c, err
			}
			c.Status = n
		case "response":
			c.Response = val
		case "choice":
			c.Choice = val
		case "ait-validate":
			code, note, _ := strings.Cut(val, " ")
			n, err := strconv.Atoi(code)
			if err != nil {
				return c, fmt.Errorf("ait-validate: %w", err)
			}
			c.ValidateExit, c.ValidateNote = n, note
		default:
			return c, fmt.Errorf("unknown line %q", line)
		}
	}
	if c.Status == 0 || c.Response == "" {
		return c, fmt.Errorf("no status or response")
	}
	return c, nil
}

// Check compares an answer with the case's: the status, and the body as
// JSON with its jobId taken out (a 200, and a 400 report, must have one).
func (c Case) Check(status int, body []byte) error {
	if status != c.Status {
		return fmt.Errorf("status %d, want %d; body %s", status, c.Status, body)
	}
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		return fmt.Errorf("the body is not JSON: %q", body)
	}
	if _, hasJob := got["jobId"]; !hasJob && (status == 200 || got["errors"] != nil) {
		return fmt.Errorf("no jobId in %s", body)
	}
	delete(got, "jobId")
	norm, _ := json.Marshal(got)
	var want map[string]any
	if err := json.Unmarshal([]byte(c.Response), &want); err != nil {
		return fmt.Errorf("the case's response is not JSON: %v", err)
	}
	wantNorm, _ := json.Marshal(want)
	if !bytes.Equal(norm, wantNorm) {
		return fmt.Errorf("body\n%s\nwant\n%s", norm, wantNorm)
	}
	return nil
}

// Errors is the "errors" list of the case's response, for comparing with a
// report: per record, its position and each error's field, value and
// message.
func (c Case) Errors() ([]RecordErrors, error) {
	var r struct {
		Errors []RecordErrors `json:"errors"`
	}
	err := json.Unmarshal([]byte(c.Response), &r)
	return r.Errors, err
}

// RecordErrors is a record's errors in a report.
type RecordErrors struct {
	Position int `json:"position"`
	Errors   []struct {
		Field   string `json:"field"`
		Value   string `json:"value"`
		Message string `json:"message"`
	} `json:"errors"`
}

// IDs is the table's External IDs export, from a package directory two
// levels below the module root.
const IDs = Dir + "/ids.csv"

// KnownIDs reads the External IDs of the table's export.
func KnownIDs() (map[string]bool, error) {
	f, err := os.Open(IDs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return validate.ReadIDs(context.Background(), IDs, f, "")
}

// Post sends the case's body to the import endpoint of the API at base
// with the key, as a client would, and returns the answer's status and
// body.
func (c Case) Post(client *http.Client, base, key string) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, base+"/imports/progress-updates", bytes.NewReader(c.Body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "API-KEY "+key)
	req.Header.Set("Content-Type", c.ContentType)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}
