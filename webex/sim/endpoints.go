package sim

import "strings"

// checkEndpoint refuses an endpointId that is not one of the user's endpoints.
func checkEndpoint(id string) error {
	if id != DeskPhoneEndpointID && id != WebexAppEndpointID {
		return badRequest("endpointId %q is not one of the user's endpoints (desk phone %s, Webex App %s)",
			id, DeskPhoneEndpointID, WebexAppEndpointID)
	}
	return nil
}

// newCallEndpoint resolves the endpointId and singleNumberReachPhoneNumber of
// an action that creates a call (dial, retrieve, pickup, barge-in) to the
// endpoint that takes it; "" means the API's default (every device alerts for
// a dial; the primary device takes the others).
func newCallEndpoint(endpointID, snr string) (string, error) {
	switch {
	case endpointID != "" && snr != "":
		return "", badRequest("endpointId and singleNumberReachPhoneNumber are mutually exclusive; give one of them")
	case endpointID != "":
		if err := checkEndpoint(endpointID); err != nil {
			return "", err
		}
		return endpointID, nil
	case snr != "":
		if normalizeNumber(snr) != MobileNumber {
			return "", badRequest("singleNumberReachPhoneNumber %q is not one of the user's Single Number Reach numbers", snr)
		}
		return snrEndpoint, nil
	}
	return "", nil
}

// orPrimary returns endpoint, or the primary device (the Webex App) when it is "".
func orPrimary(endpoint string) string {
	if endpoint == "" {
		return WebexAppEndpointID
	}
	return endpoint
}

// normalizeNumber turns "tel:+14155550177", "14155550177" and "4155550177"
// into "+14155550177"; anything else is returned unchanged.
func normalizeNumber(s string) string {
	if strings.HasPrefix(strings.ToLower(s), "tel:") {
		s = s[len("tel:"):]
	}
	switch {
	case len(s) == 10 && allDigits(s):
		return "+1" + s
	case len(s) == 11 && s[0] == '1' && allDigits(s):
		return "+" + s
	}
	return s
}

// endpointName names an endpoint in messages.
func endpointName(id string) string {
	switch id {
	case DeskPhoneEndpointID:
		return "the desk phone (" + id + ")"
	case WebexAppEndpointID:
		return "the Webex App (" + id + ")"
	case snrEndpoint:
		return "the Single Number Reach phone " + MobileNumber
	}
	return id
}
