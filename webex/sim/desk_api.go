package sim

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/callboard/callboard/webex"
)

// routeFunc and eitherFunc are findRoute's helpers: one method, or several.
type (
	routeFunc  func(method string, fn func() reply) (*apiRoute, reply)
	eitherFunc func(fns map[string]func() reply) (*apiRoute, reply)
)

// deskRoute matches the front desk's operations: the user's queue, do not
// disturb, forwarding and executive assistant settings, a queue's calls,
// wrap-up and the Conference Controls. found is false for any other path.
func (s *Simulator) deskRoute(r *http.Request, p string, body []byte, route routeFunc, either eitherFunc) (found bool, rt *apiRoute, refusal reply) {
	e := s.eng
	q := r.URL.Query()
	done := func(err error) reply { return noContent(err) }
	switch p {
	case configRoot + "/settings/queues":
		rt, refusal = either(map[string]func() reply{
			http.MethodGet: func() reply { return ok(http.StatusOK, e.queueSettings()) },
			http.MethodPut: func() reply {
				var req webex.QueueSettingsUpdate
				if err := decodeJSON(body, &req); err != nil {
					return fail(err)
				}
				return done(e.updateQueues(req))
			},
		})
	case configRoot + "/settings/doNotDisturb":
		rt, refusal = either(map[string]func() reply{
			http.MethodGet: func() reply { return ok(http.StatusOK, e.dnd) },
			http.MethodPut: func() reply { return done(e.setDND(body)) },
		})
	case configRoot + "/settings/callForwarding":
		rt, refusal = either(map[string]func() reply{
			http.MethodGet: func() reply { return ok(http.StatusOK, e.fwd) },
			http.MethodPut: func() reply { return done(e.setForwarding(body)) },
		})
	case configRoot + "/settings/executive/assistant":
		rt, refusal = route(http.MethodGet, func() reply { return ok(http.StatusOK, executiveAssistant()) })
	case "/telephony/calls/members/me/wrapupreasons":
		rt, refusal = route(http.MethodPost, func() reply {
			var req webex.WrapUpRequest
			if err := decodeJSON(body, &req); err != nil {
				return fail(err)
			}
			return done(e.setWrapUp(req))
		})
	case conferenceRoot:
		rt, refusal = either(map[string]func() reply{
			http.MethodPost: func() reply {
				var req webex.ConferenceStartRequest
				if err := decodeJSON(body, &req); err != nil {
					return fail(err)
				}
				return done(e.startConference(req))
			},
			http.MethodGet:    func() reply { return e.conferenceReply(q.Get("lineOwnerId")) },
			http.MethodDelete: func() reply { return done(e.releaseConference(q.Get("lineOwnerId"))) },
		})
	default:
		if action, isConference := strings.CutPrefix(p, conferenceRoot+"/"); isConference {
			fn, known := conferenceAction(e, action, q, body)
			if !known {
				return true, nil, fail(notFound("no such operation: %s %s", r.Method, r.URL.EscapedPath()))
			}
			rt, refusal = route(http.MethodPost, fn)
			return true, rt, refusal
		}
		rest, isQueue := strings.CutPrefix(p, "/telephony/queues/")
		escaped, isCalls := strings.CutSuffix(rest, "/calls")
		if !isQueue || !isCalls || escaped == "" || strings.Contains(escaped, "/") {
			return false, nil, reply{}
		}
		rt, refusal = route(http.MethodGet, func() reply { return s.queueCallsReply(escaped) })
	}
	return true, rt, refusal
}

// conferenceRoot is the Conference Controls' path below /v1.
const conferenceRoot = "/telephony/conference"

// conferenceAction is POST /telephony/conference/{action}.
func conferenceAction(e *engine, action string, q url.Values, body []byte) (func() reply, bool) {
	// participant decodes the {"callId"} body of mute, unmute, deafen and undeafen.
	participant := func(act func(callID string) error) func() reply {
		return func() reply {
			var req struct {
				CallID string `json:"callId"`
			}
			if err := decodeJSON(body, &req); err != nil {
				return fail(err)
			}
			return noContent(act(req.CallID))
		}
	}
	switch action {
	case "addParticipant":
		return func() reply {
			var req webex.ConferenceCallRequest
			if err := decodeJSON(body, &req); err != nil {
				return fail(err)
			}
			if err := checkLineOwner(req.LineOwnerID); err != nil {
				return fail(err)
			}
			return noContent(e.addToConference(req))
		}, true
	case "mute":
		return participant(func(id string) error { return e.muteInConference(id, true) }), true
	case "unmute":
		return participant(func(id string) error { return e.muteInConference(id, false) }), true
	case "deafen":
		return participant(func(id string) error { return e.deafenInConference(id, true) }), true
	case "undeafen":
		return participant(func(id string) error { return e.deafenInConference(id, false) }), true
	case "hold", "resume":
		return func() reply {
			// There is no request body; the line is a query parameter.
			if err := decodeJSON(body, &struct{}{}); err != nil {
				return fail(err)
			}
			return noContent(e.holdConference(q.Get("lineOwnerId"), action == "hold"))
		}, true
	}
	return nil, false
}
