package office

import (
	"fmt"
	"strings"

	"github.com/callboard/callboard/webex"
)

// PinStore keeps the colleagues the operator pinned to the colleagues
// pane beside the monitoring list an administrator set.
type PinStore interface {
	LoadPins() ([]Entry, error)
	SavePins(pins []Entry) error
}

// PinFile keeps pins in a private JSON file.
type PinFile struct{ Path string }

// pinFile is the file's shape.
type pinFile struct {
	Version int     `json:"version"`
	Pins    []Entry `json:"pins"`
}

// LoadPins implements PinStore; no file means no pins.
func (f PinFile) LoadPins() ([]Entry, error) {
	var pf pinFile
	if err := loadJSON(f.Path, &pf); err != nil {
		return nil, fmt.Errorf("pinned colleagues: %w", err)
	}
	out := make([]Entry, 0, len(pf.Pins))
	for _, e := range pf.Pins {
		if e = e.clean(); e.ID != "" {
			out = append(out, e)
		}
	}
	return out, nil
}

// SavePins implements PinStore.
func (f PinFile) SavePins(pins []Entry) error {
	if err := saveJSON(f.Path, pinFile{Version: 1, Pins: pins}); err != nil {
		return fmt.Errorf("pinned colleagues: %w", err)
	}
	return nil
}

// ResolveEndpoint finds the device or app text names among the user's
// endpoints: its id, its whole name, or part of its name ("desk" for "Desk
// Phone"), case aside. It returns the endpoint, or the ones the text
// matches when there are several (none when it matches nothing).
func ResolveEndpoint(text string, eps []webex.Endpoint) (webex.Endpoint, []webex.Endpoint, bool) {
	text = strings.TrimSpace(text)
	for _, ep := range eps {
		if ep.ID == text {
			return ep, nil, true
		}
	}
	q := fold(text)
	var whole, part []webex.Endpoint
	for _, ep := range eps {
		name := fold(ep.Name)
		switch {
		case name == q:
			whole = append(whole, ep)
		case q != "" && strings.Contains(name, q):
			part = append(part, ep)
		}
	}
	switch {
	case len(whole) == 1:
		return whole[0], nil, true
	case len(whole) > 1:
		return webex.Endpoint{}, whole, false
	case len(part) == 1:
		return part[0], nil, true
	case len(part) > 1:
		return webex.Endpoint{}, part, false
	}
	return webex.Endpoint{}, nil, false
}

// EndpointKind says what kind of endpoint it is in a word: "device",
// "app", "hot desk".
func EndpointKind(t webex.EndpointType) string {
	switch t {
	case webex.EndpointCallingDevice:
		return "device"
	case webex.EndpointApplication:
		return "app"
	case webex.EndpointHotdeskingGuest:
		return "hot desk"
	}
	return strings.ToLower(string(t))
}
