// Package civil holds the oracle's stand-in for cloud.google.com/go/civil's Date, the Go value
// gotmpl gives a Python date: the same fields, String and MarshalText.
package civil

import (
	"fmt"
	"time"
)

// Date is a date without a time or a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String is the date in RFC 3339 full-date form, 2006-01-02.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalText is String's text: encoding/json writes it as a JSON string.
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}
