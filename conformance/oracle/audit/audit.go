package audit

// Flipt v1.61.1's audit event as its webhook template sees it. The struct shapes and json tags
// follow internal/server/audit/events.go at tag v1.61.1 (read there, written here); avro tags are
// left out because nothing in a template or in json.Marshal can observe them.

import (
	"encoding/json"
)

// Event is audit.Event; the package is named audit so that %T and error messages name the
// types exactly as Flipt's do (audit.Event, *audit.Actor).
type Event struct {
	Version   string   `json:"version"`
	Type      string   `json:"type"`
	Action    string   `json:"action"`
	Metadata  Metadata `json:"metadata"`
	Payload   any      `json:"payload"`
	Timestamp string   `json:"timestamp"`
	Status    string   `json:"status"`
}

type Metadata struct {
	Actor *Actor `json:"actor,omitempty"`
}

type Actor struct {
	Authentication string `json:"authentication,omitempty"`
	IP             string `json:"ip,omitempty"`
	Email          string `json:"email,omitempty"`
	Name           string `json:"name,omitempty"`
	Picture        string `json:"picture,omitempty"`
}

// FromJSON decodes an event as Flipt marshals it, then applies the span-attribute round trip
// Flipt performs before any sink sees the event: the actor is JSON-encoded and decoded back
// into a fresh Actor (so the pointer is never nil afterwards, even for "null"), and a non-nil
// payload is JSON-encoded and decoded back into `any` (float64 numbers). A nil payload stays nil.
func FromJSON(raw json.RawMessage) (*Event, error) {
	var in Event
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, err
	}
	out := Event{
		Version:   in.Version,
		Type:      in.Type,
		Action:    in.Action,
		Timestamp: in.Timestamp,
		Status:    in.Status,
	}
	actorJSON, err := json.Marshal(in.Metadata.Actor)
	if err != nil {
		return nil, err
	}
	var actor Actor
	if err := json.Unmarshal(actorJSON, &actor); err != nil {
		return nil, err
	}
	out.Metadata.Actor = &actor
	if in.Payload != nil {
		payloadJSON, err := json.Marshal(in.Payload)
		if err != nil {
			return nil, err
		}
		var payload any
		if err := json.Unmarshal(payloadJSON, &payload); err != nil {
			return nil, err
		}
		out.Payload = payload
	}
	return &out, nil
}
