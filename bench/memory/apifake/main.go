// Command apifake is an import API for bench/memory: it accepts any body
// as a job of -records records and answers every status request with a
// Failed status whose errors list makes a body of -status-mb MiB, written
// as it goes. It prints its base URL on its first line.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
)

func main() {
	records := flag.Int("records", 1, "totalRecords of an accepted job")
	statusMB := flag.Int("status-mb", 60, "the size of a status body, in MiB")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	http.HandleFunc("/imports/progress-updates", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		fmt.Fprintf(w, `{"jobId":"bench-job","totalRecords":%d,"errorRecords":0,"validRecords":%d}`, *records, *records)
	})
	http.HandleFunc("/imports/status/", func(w http.ResponseWriter, r *http.Request) {
		job := strings.TrimPrefix(r.URL.Path, "/imports/status/")
		w.Header().Set("Content-Type", "application/json")
		bw := bufio.NewWriterSize(w, 64<<10)
		fmt.Fprintf(bw, `{"jobId":%q,"created":"2025-07-03T10:00:00.0000000","status":"Failed","errors":[`, job)
		n := 0
		for i := 0; n < *statusMB<<20; i++ {
			if i > 0 {
				bw.WriteByte(',')
			}
			k, _ := fmt.Fprintf(bw, `{"position":%d,"externalId":"ID-%07d","errors":[{"field":"status","value":"Green %d","message":"Status is invalid."}]}`, i, i, i)
			n += k
		}
		bw.WriteString("]}\n")
		bw.Flush()
	})
	log.Fatal(http.Serve(ln, nil))
}
