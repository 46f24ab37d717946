// Package uuid holds the oracle's stand-in for github.com/google/uuid's UUID, the Go value
// gotmpl gives a Python UUID: a [16]byte with String, URN and MarshalText.
package uuid

import "encoding/hex"

// UUID is an RFC 4122 UUID.
type UUID [16]byte

// String is the canonical form, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.
func (u UUID) String() string {
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// URN is the String form prefixed with urn:uuid:.
func (u UUID) URN() string {
	return "urn:uuid:" + u.String()
}

// MarshalText is String's text: encoding/json writes it as a JSON string.
func (u UUID) MarshalText() ([]byte, error) {
	return []byte(u.String()), nil
}
