package schema

// The longest value of each field, in characters. AchieveIt documents
// none: External IDs are UUIDs or numbers, statuses at most 25 characters
// (custom ones included), dates at most about 35 with a time and zone, so
// these are far above anything real and far below what could cost memory.
// A comment may be as long as a spreadsheet cell holds (32,767
// characters); --max-comment raises that.
const (
	MaxExternalIDLen     = 255
	MaxStatusLen         = 100
	MaxMetricLen         = 100
	MaxDateLen           = 100
	DefaultMaxCommentLen = 32_767
)

// MaxLen is the longest value a field may have; maxComment is the comment's
// (0 for the default).
func MaxLen(field string, maxComment int) int {
	switch field {
	case FieldExternalID:
		return MaxExternalIDLen
	case FieldStatus:
		return MaxStatusLen
	case FieldMetricValue:
		return MaxMetricLen
	case FieldAsOfDate:
		return MaxDateLen
	}
	if maxComment > 0 {
		return maxComment
	}
	return DefaultMaxCommentLen
}
