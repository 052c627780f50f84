package sim

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/callboard/callboard/webex"
)

// inboundResult is the 201 body of POST /_sim/inbound.
type inboundResult struct {
	CallID  string `json:"callId"`
	Outcome string `json:"outcome"` // OutcomeRinging, OutcomeForwarded, OutcomeDoNotDisturb or OutcomeQueued
}

// remoteRequest is the body of POST /_sim/calls/{callId}/remote.
type remoteRequest struct {
	Action string `json:"action"`
}

// requestList is the body of GET /_sim/requests.
type requestList struct {
	Items []RequestRecord `json:"items"`
}

// serveControl serves the control plane: same token, same error envelope,
// no faults, not logged.
func (s *Simulator) serveControl(w http.ResponseWriter, r *http.Request, path, tid string) {
	body, err := readBody(w, r)
	_, authorized := s.credentials(r)
	switch {
	case !authorized:
		fail(unauthorized()).write(w, tid)
		return
	case err != nil:
		fail(err).write(w, tid)
		return
	}
	s.mu.Lock()
	s.eng.advance(s.clock.Now())
	rep := s.routeControl(r, path, body)
	s.eng.dispatch()
	s.mu.Unlock()
	rep.write(w, tid)
}

func (s *Simulator) routeControl(r *http.Request, path string, body []byte) reply {
	only := func(allow string, fn func() reply) reply {
		if !strings.Contains(","+allow+",", ","+r.Method+",") {
			return fail(methodNotAllowed(r.Method, path, allow))
		}
		if r.Method == http.MethodPost || r.Method == http.MethodPut {
			if err := checkContentType(r, body); err != nil {
				return fail(err)
			}
		}
		return fn()
	}
	switch path {
	case "/_sim/inbound":
		return only(http.MethodPost, func() reply {
			var in Inbound
			if err := decodeJSON(body, &in); err != nil {
				return fail(err)
			}
			id, outcome, err := s.eng.inbound(in)
			if err != nil {
				return fail(err)
			}
			return ok(http.StatusCreated, inboundResult{CallID: id, Outcome: outcome})
		})
	case "/_sim/faults":
		return only("GET,PUT,DELETE", func() reply {
			switch r.Method {
			case http.MethodPut:
				var f Faults
				if err := decodeJSON(body, &f); err != nil {
					return fail(err)
				}
				if err := f.validate(); err != nil {
					return fail(err)
				}
				s.faults.set(f, s.clock.Now())
			case http.MethodDelete:
				s.faults.set(Faults{}, s.clock.Now())
				return ok(http.StatusNoContent, nil)
			}
			return ok(http.StatusOK, s.faults.f)
		})
	case "/_sim/requests":
		return only(http.MethodGet, func() reply { return ok(http.StatusOK, requestList{Items: s.log.list()}) })
	case "/_sim/messages":
		return only(http.MethodGet, func() reply {
			return ok(http.StatusOK, messageList{Items: append([]webex.Message{}, s.eng.messages...)})
		})
	case "/_sim/reset":
		return only(http.MethodPost, func() reply {
			s.resetLocked()
			return ok(http.StatusNoContent, nil)
		})
	case "/_sim/state":
		return only(http.MethodGet, func() reply { return ok(http.StatusOK, s.stateLocked()) })
	case "/_sim/oauth":
		return only("GET,PUT", func() reply { return s.oauthControl(r.Method, body) })
	case "/_sim/oauth/revoke":
		return only(http.MethodPost, func() reply {
			s.oauth.revokeAll()
			return ok(http.StatusNoContent, nil)
		})
	case "/_sim/tokens":
		return only(http.MethodPost, func() reply { return s.mintReply(body) })
	}
	if rest, found := strings.CutPrefix(path, "/_sim/queues/"); found {
		if escaped, isCallers := strings.CutSuffix(rest, "/callers"); isCallers && escaped != "" && !strings.Contains(escaped, "/") {
			return only(http.MethodPost, func() reply { return s.callerControl(escaped, body) })
		}
	}
	if rest, found := strings.CutPrefix(path, "/_sim/people/"); found {
		if escaped, isPresence := strings.CutSuffix(rest, "/presence"); isPresence && escaped != "" && !strings.Contains(escaped, "/") {
			return only("GET,PUT,DELETE", func() reply { return s.presenceControl(r.Method, escaped, body) })
		}
	}
	if rest, found := strings.CutPrefix(path, "/_sim/calls/"); found {
		if escaped, isRemote := strings.CutSuffix(rest, "/remote"); isRemote && escaped != "" && !strings.Contains(escaped, "/") {
			return only(http.MethodPost, func() reply {
				id, err := url.PathUnescape(escaped)
				if err != nil {
					return fail(noSuchCall(escaped))
				}
				var req remoteRequest
				if err := decodeJSON(body, &req); err != nil {
					return fail(err)
				}
				return noContent(s.eng.remote(id, req.Action))
			})
		}
	}
	return fail(notFound("The requested resource could not be found: %s %s", r.Method, path))
}

// callerControl serves POST /_sim/queues/{queue}/callers: a caller starts
// waiting in the queue named by id, extension or number.
func (s *Simulator) callerControl(escaped string, body []byte) reply {
	name, err := url.PathUnescape(escaped)
	if err != nil {
		return fail(notFound("call queue %q not found", escaped))
	}
	q, err := s.eng.findQueue(name)
	if err != nil {
		return fail(err)
	}
	var in QueueCaller
	if err := decodeJSON(body, &in); err != nil {
		return fail(err)
	}
	c, err := s.eng.addCaller(q, in)
	if err != nil {
		return fail(err)
	}
	return ok(http.StatusCreated, inboundResult{CallID: c.id, Outcome: OutcomeQueued})
}

// mintReply serves POST /_sim/tokens.
func (s *Simulator) mintReply(body []byte) reply {
	var req mintRequest
	if err := decodeJSON(body, &req); err != nil {
		return fail(err)
	}
	if req.Scopes == nil {
		return fail(badRequest("scopes is required: list the scopes the token carries ([] for none)"))
	}
	tok, err := s.MintToken(*req.Scopes)
	if err != nil {
		return fail(err)
	}
	return ok(http.StatusCreated, mintResult{Token: tok, Scopes: newScopeSet(*req.Scopes).list(), ExpiresIn: seconds(s.cfg.accessTTL)})
}

// presenceSettings is the body of PUT /_sim/people/{who}/presence.
type presenceSettings struct {
	Status  webex.Presence `json:"status"`
	Minutes int            `json:"minutes,omitempty"` // how long it lasts; 0: until cleared or reset
}

// PersonPresence is a person's presence as GET /_sim/people/{who}/presence
// reports it.
type PersonPresence struct {
	PersonID     string          `json:"personId"`
	Name         string          `json:"name"`
	Extension    string          `json:"extension"`
	Status       webex.Presence  `json:"status"`                // what GET /v1/people/{personId} says now
	LastActivity webex.Timestamp `json:"lastActivity,omitzero"` // as GET /v1/people/{personId} says
	Overridden   bool            `json:"overridden"`            // set through the control plane rather than drawn from their day
	Until        webex.Timestamp `json:"until,omitzero"`        // when the override ends
}

// presenceControl serves GET, PUT and DELETE /_sim/people/{who}/presence;
// who is an extension, a number, an e-mail address or a person id.
func (s *Simulator) presenceControl(method, escaped string, body []byte) reply {
	who, err := url.PathUnescape(escaped)
	if err != nil {
		return fail(notFound("no person %q", escaped))
	}
	ent, err := findPerson(who)
	if err != nil {
		return fail(err)
	}
	switch method {
	case http.MethodPut:
		var set presenceSettings
		if err := decodeJSON(body, &set); err != nil {
			return fail(err)
		}
		if set.Minutes < 0 {
			return fail(badRequest("minutes must not be negative"))
		}
		if err := s.eng.setPresence(ent, set.Status, time.Duration(set.Minutes)*time.Minute); err != nil {
			return fail(err)
		}
	case http.MethodDelete:
		s.eng.clearPresence(ent)
		return ok(http.StatusNoContent, nil)
	}
	return ok(http.StatusOK, s.eng.presenceView(ent))
}
