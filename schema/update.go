package schema

import (
	_ "embed"
)

// Update is one progress update, as AchieveIt imports it.
//
// MetricValue holds the number as canonical decimal text ("0.543", never an
// exponent), so that what was typed is what is sent; "" means no metric.
// AsOfDate is always YYYY-MM-DD.
type Update struct {
	ExternalID  string
	Status      string
	MetricValue string
	AsOfDate    string
	Comment     string
}

// Field names as the API spells them in JSON.
const (
	FieldExternalID  = "externalId"
	FieldStatus      = "status"
	FieldMetricValue = "metricValue"
	FieldAsOfDate    = "asOfDate"
	FieldComment     = "comment"
)

// The index of each field in Fields and CSVHeader.
const (
	IndexExternalID = iota
	IndexStatus
	IndexMetricValue
	IndexAsOfDate
	IndexComment

	// NumFields is the number of a record's fields.
	NumFields
)

// Fields lists the record's JSON keys in their canonical order.
var Fields = []string{FieldExternalID, FieldStatus, FieldMetricValue, FieldAsOfDate, FieldComment}

// CSVHeader is the exact header row of CSV imports, in the article's order.
var CSVHeader = []string{"External ID", "Status", "Metric Value", "As Of Date", "Comment"}

// JSON is the JSON Schema (draft 2020-12) of an array of updates. The schema
// of a single record is its "$defs/update".
//
//go:embed update.schema.json
var JSON []byte
