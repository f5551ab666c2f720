// Package jsonarray reads a JSON array of records (objects) one element at
// a time, by a scanner of its own rather than encoding/json: no reflection
// or interface values per record, memory that does not grow with the
// array, and what encoding/json lets pass silently is reported: invalid
// UTF-8 (named by its byte offset, never replaced), a key given twice in
// one object, a lone UTF-16 surrogate.
//
//	r, err := jsonarray.NewReader("updates.json", f, jsonarray.Options{})
//	for {
//		el, err := r.Next() // io.EOF after the closing bracket
//		...
//		for _, m := range el.Members {
//			fmt.Println(m.Key, m.Value.Kind, m.Value.Text)
//		}
//	}
//
// A string longer than [sheet.Limits].MaxCellBytes, an object with more
// members than MaxColumns, or nesting deeper than 64 is an error: the
// reader holds at most one value in memory.
package jsonarray
