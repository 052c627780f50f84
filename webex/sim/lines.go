package sim

import (
	"github.com/callboard/callboard/webex"
)

// The front desk's main number: a virtual line on the user's devices.
const (
	MainLineExtension = "500"
	MainLineNumber    = "+14155550400"
)

// SalesQueueExtension is the second call queue the user belongs to (the
// first is the Support Queue, 5100).
const SalesQueueExtension = "5200"

// secondaryLineExtensions are the lines the user's devices carry besides
// their own, in the order the endpoints list them: the main number and the
// line of the executive the user assists. Read only.
var secondaryLineExtensions = [...]string{MainLineExtension, ExecutiveExtension}

// isSecondaryLine reports whether ent owns one of the user's secondary lines.
func isSecondaryLine(ent *entry) bool {
	for _, ext := range secondaryLineExtensions {
		if ent.extension == ext {
			return true
		}
	}
	return false
}

// secondaryLineList is the user's secondary lines as an endpoint lists them.
func secondaryLineList() []webex.SecondaryLine {
	out := make([]webex.SecondaryLine, 0, len(secondaryLineExtensions))
	for _, ext := range secondaryLineExtensions {
		ent := lookupExtension(ext)
		out = append(out, webex.SecondaryLine{ID: ent.id(), MemberType: ent.memberType()})
	}
	return out
}

// lineKey is the line a lineOwnerId names: "" for none or the user's own id,
// the owner's entry key for a secondary line, and the id itself otherwise,
// which matches no call (checkLineOwner refuses it first).
func lineKey(lineOwnerID string) string {
	if lineOwnerID == "" || lineOwnerID == personID(UserExtension) {
		return ""
	}
	if ent := lookupID(lineOwnerID); ent != nil && isSecondaryLine(ent) {
		return ent.key()
	}
	return lineOwnerID
}

// checkLineOwner accepts no lineOwnerId, the user's own id, or the id of
// one of the user's secondary lines.
func checkLineOwner(id string) error {
	if id == "" || id == personID(UserExtension) {
		return nil
	}
	if ent := lookupID(id); ent != nil && isSecondaryLine(ent) {
		return nil
	}
	return badRequest("lineOwnerId %q is not a secondary line on the user's devices", id)
}

// lineOwnerOf is the lineOwnerId of a line ("" for the user's own).
func lineOwnerOf(line string) string {
	if line == "" {
		return ""
	}
	return lookupExtension(line).id()
}

// findLine resolves what POST /_sim/inbound names as "line" (an extension,
// a number or a lineOwnerId) to one of the user's secondary lines.
func findLine(value string) (string, error) {
	if value == "" {
		return "", nil
	}
	ent := lookupID(value)
	if ent == nil {
		if t, err := resolveDestination("line", value); err == nil {
			ent = t.entry
		}
	}
	if ent == nil || !isSecondaryLine(ent) {
		return "", badRequest("line %q is not one of the user's secondary lines (%s or %s)", value, MainLineExtension, ExecutiveExtension)
	}
	return ent.key(), nil
}

// executiveAssistant is the user's executive assistant settings: they assist
// the executive at ExecutiveExtension.
func executiveAssistant() webex.AssistantSettings {
	exec := lookupExtension(ExecutiveExtension)
	return webex.AssistantSettings{Executives: []webex.Executive{{
		ID: exec.id(), FirstName: exec.firstName(), LastName: exec.lastName(), DirectNumber: exec.number,
		Extension: exec.extension, OptInEnabled: true,
	}}}
}
