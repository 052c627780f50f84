package sim

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/callboard/callboard/webex"
)

// apiAction performs one POST /v1/telephony/calls/{name} operation on a body.
type apiAction func(e *engine, body []byte) reply

// lookupAction finds the operation named by the last path segment.
func lookupAction(name string) (apiAction, bool) {
	switch name {
	case "dial":
		return actDial, true
	case "answer":
		return actAnswer, true
	case "reject":
		return actReject, true
	case "hangup":
		return callAction((*engine).hangup), true
	case "hold":
		return callAction((*engine).hold), true
	case "resume":
		return callAction((*engine).resume), true
	case "mute":
		return callAction(func(e *engine, r webex.CallRequest) error { return e.setMuted(r, true) }), true
	case "unmute":
		return callAction(func(e *engine, r webex.CallRequest) error { return e.setMuted(r, false) }), true
	case "divert":
		return actDivert, true
	case "transfer":
		return actTransfer, true
	case "park":
		return actPark, true
	case "retrieve":
		return actRetrieve, true
	case "startRecording":
		return callAction((*engine).startRecording), true
	case "stopRecording":
		return callAction((*engine).stopRecording), true
	case "pauseRecording":
		return callAction((*engine).pauseRecording), true
	case "resumeRecording":
		return callAction((*engine).resumeRecording), true
	case "transmitDtmf":
		return actDTMF, true
	case "push":
		return callAction((*engine).push), true
	case "pickup":
		return actPickup, true
	case "bargeIn":
		return actBargeIn, true
	case "pull":
		return actPull, true
	}
	return nil, false
}

// decodeRequest decodes body into a T and checks its lineOwnerId.
func decodeRequest[T any](body []byte, lineOwner func(*T) string) (T, error) {
	var req T
	if err := decodeJSON(body, &req); err != nil {
		return req, err
	}
	return req, checkLineOwner(lineOwner(&req))
}

// noContent is the 204 reply of an action that returns nothing.
func noContent(err error) reply {
	if err != nil {
		return fail(err)
	}
	return ok(http.StatusNoContent, nil)
}

// created is the 201 reply of an action that creates a call.
func created(nc webex.NewCall, err error) reply {
	if err != nil {
		return fail(err)
	}
	return ok(http.StatusCreated, nc)
}

// callAction adapts an operation whose body is just a callId.
func callAction(fn func(*engine, webex.CallRequest) error) apiAction {
	return func(e *engine, body []byte) reply {
		req, err := decodeRequest(body, func(r *webex.CallRequest) string { return r.LineOwnerID })
		if err != nil {
			return fail(err)
		}
		return noContent(fn(e, req))
	}
}

func actDial(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.DialRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	return created(e.dial(req))
}

func actAnswer(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.AnswerRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	return noContent(e.answer(req))
}

func actReject(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.RejectRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	return noContent(e.reject(req))
}

func actDivert(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.DivertRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	return noContent(e.divert(req))
}

func actTransfer(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.TransferRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	nc, err := e.transfer(req)
	switch {
	case err != nil:
		return fail(err)
	case nc == nil:
		return ok(http.StatusNoContent, nil)
	}
	return ok(http.StatusCreated, *nc)
}

func actPark(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.ParkRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	res, err := e.park(req)
	if err != nil {
		return fail(err)
	}
	return ok(http.StatusOK, res)
}

func actRetrieve(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.RetrieveRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	return created(e.retrieve(req))
}

func actDTMF(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.DTMFRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	return noContent(e.transmitDTMF(req))
}

func actPickup(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.PickupRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	return created(e.pickup(req))
}

func actBargeIn(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.BargeInRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	if req.Target == "" {
		return fail(badRequest("target is required"))
	}
	return created(e.bargeIn(req))
}

func actPull(e *engine, body []byte) reply {
	req, err := decodeRequest(body, func(r *webex.PullRequest) string { return r.LineOwnerID })
	if err != nil {
		return fail(err)
	}
	return created(e.pull(req))
}

// me is the signed-in user as GET /v1/people/me returns them.
func (e *engine) me() webex.Person {
	p := e.personWire(userEntry(), true)
	p.PhoneNumbers = []webex.PhoneNumber{
		{Type: "work", Value: UserNumber, Primary: true},
		{Type: "mobile", Value: MobileNumber},
	}
	return p
}

// apiRoute is an operation a request was matched to: the scope it needs and
// what it does.
type apiRoute struct {
	scope string
	serve func() reply
}

// routeAPI performs a /v1 request with the scopes its token carries. path is
// the escaped URL path. An unknown path gets 404, a wrong method 405, and a
// token without the operation's scope 403, in that order.
func (s *Simulator) routeAPI(r *http.Request, path string, body []byte, granted scopeSet) reply {
	route, refusal := s.findRoute(r, path, body)
	if route == nil {
		return refusal
	}
	if !granted[route.scope] {
		return fail(forbidden(route.scope))
	}
	return route.serve()
}

// findRoute matches a /v1 request to an operation, or returns the refusal.
func (s *Simulator) findRoute(r *http.Request, path string, body []byte) (*apiRoute, reply) {
	p := strings.TrimPrefix(path, "/v1")
	q := r.URL.Query()
	route := func(method string, fn func() reply) (*apiRoute, reply) {
		if r.Method != method {
			return nil, fail(methodNotAllowed(r.Method, path, method))
		}
		if method == http.MethodPost || method == http.MethodPut {
			inner := fn
			fn = func() reply {
				if err := checkContentType(r, body); err != nil {
					return fail(err)
				}
				return inner()
			}
		}
		return &apiRoute{scope: requiredScope(method, p), serve: fn}, reply{}
	}
	// either serves a path with several methods.
	either := func(fns map[string]func() reply) (*apiRoute, reply) {
		if fn, found := fns[r.Method]; found {
			return route(r.Method, fn)
		}
		allow := slices.Sorted(maps.Keys(fns))
		return nil, fail(methodNotAllowed(r.Method, path, strings.Join(allow, ", ")))
	}
	if found, rt, refusal := s.deskRoute(r, p, body, route, either); found {
		return rt, refusal
	}
	switch p {
	case "/people/me":
		return route(http.MethodGet, func() reply { return ok(http.StatusOK, s.eng.me()) })
	case "/people":
		return route(http.MethodGet, func() reply { return s.peopleReply(r, q) })
	case "/messages":
		return route(http.MethodPost, func() reply { return s.eng.createMessage(body) })
	case "/telephony/calls":
		return route(http.MethodGet, func() reply {
			if err := checkLineOwner(q.Get("lineOwnerId")); err != nil {
				return fail(err)
			}
			return ok(http.StatusOK, webex.CallList{Items: s.eng.wireCalls(lineKey(q.Get("lineOwnerId")))})
		})
	case "/telephony/calls/history":
		return route(http.MethodGet, func() reply { return s.historyReply(q) })
	case configRoot + "/settings/speedDials/availableMembers":
		return route(http.MethodGet, func() reply { return availableMembersReply(q) })
	case configRoot + "/settings/monitoring":
		return route(http.MethodGet, func() reply { return ok(http.StatusOK, monitoringList()) })
	case configRoot + "/settings/callPark":
		return route(http.MethodGet, func() reply { return ok(http.StatusOK, callParkSettings()) })
	case configRoot + "/endpoints":
		return route(http.MethodGet, func() reply { return ok(http.StatusOK, endpointList()) })
	}
	if escaped, found := strings.CutPrefix(p, "/people/"); found && escaped != "" && !strings.Contains(escaped, "/") {
		return route(http.MethodGet, func() reply { return s.personReply(escaped) })
	}
	if rest, found := strings.CutPrefix(p, "/telephony/calls/members/"); found {
		return s.memberRoute(r, path, rest, body, route)
	}
	rest, found := strings.CutPrefix(p, "/telephony/calls/")
	if !found || rest == "" || strings.Contains(rest, "/") {
		return nil, fail(notFound("The requested resource could not be found: %s %s", r.Method, path))
	}
	if act, isAction := lookupAction(rest); isAction {
		return route(http.MethodPost, func() reply { return act(s.eng, body) })
	}
	if r.Method == http.MethodPost {
		return nil, fail(notFound("no such operation: POST %s", path))
	}
	return route(http.MethodGet, func() reply {
		id, err := url.PathUnescape(rest)
		if err != nil {
			return fail(callNotFound(rest))
		}
		if err := checkLineOwner(q.Get("lineOwnerId")); err != nil {
			return fail(err)
		}
		c, err := s.eng.lookup(q.Get("lineOwnerId"), "callId", id)
		if err != nil {
			return fail(err)
		}
		return ok(http.StatusOK, c.wire())
	})
}

// historyReply answers List Call History.
func (s *Simulator) historyReply(q url.Values) reply {
	typ := webex.HistoryType(q.Get("type"))
	switch typ {
	case "", webex.HistoryPlaced, webex.HistoryMissed, webex.HistoryReceived:
	default:
		return fail(badRequest("type %q is invalid; use placed, missed or received", typ))
	}
	items := s.eng.hist.list(typ)
	if items == nil {
		items = []webex.HistoryRecord{}
	}
	return ok(http.StatusOK, webex.HistoryList{Items: items})
}
