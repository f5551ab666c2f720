// Package record holds the AchieveIt progress-update record's two forms,
// a JSON array and an import CSV: their streaming writers ([NewWriter]),
// their streaming readers of records as written ([NewReader]: the keys as
// spelled, each value with its JSON type, for a checker that judges
// records the way the import API does), the record's errors
// ([FieldError], [RowError], [APIError] and the sentinels such as
// [ErrBadStatus]) and the API's wording of them ([FieldError.Message]).
//
// It is where the packages that read, check and send records meet:
// convert produces records and writes them here, validate checks what is
// read here, submit and the import server send and receive these forms.
// It knows no spreadsheets.
//
//	w := record.NewWriter(os.Stdout, record.CSV)
//	w.Write(&schema.Update{ExternalID: "A-1", Status: "On Track", AsOfDate: "2025-07-03"})
//	w.Close()
package record
