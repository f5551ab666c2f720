package schema

import "strings"

// The import API's own messages, where it has one.
const (
	MsgStatusInvalid = "Status is invalid."
	MsgUnknownID     = "External ID is invalid or its associated plan item has been deleted."
)

// APIName is how the API's messages name a field: "External ID",
// "Status", "MetricValue", "AsOfDate", "Comment"; "The record" for the
// record as a whole.
func APIName(field string) string {
	switch field {
	case FieldExternalID:
		return "External ID"
	case "":
		return "The record"
	}
	return strings.ToUpper(field[:1]) + field[1:]
}

// MsgRequired is the API's message for a missing field: "AsOfDate is
// required."
func MsgRequired(field string) string { return APIName(field) + " is required." }
