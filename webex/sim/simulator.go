package sim

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	mrand "math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callboard/callboard/webex"
)

// Simulator is a Webex Calling service for one user: an http.Handler serving
// the Call Controls API under /v1 and a control plane under /_sim. It is
// safe for concurrent use.
type Simulator struct {
	token       string
	tokenScopes scopeSet // what the static token carries
	clock       Clock
	cfg         config
	seed        int64

	trackMu sync.Mutex
	track   *mrand.Rand // tracking ids

	delayed atomic.Int64 // /v1 requests waiting out an injected latency

	oauth *oauthState // issued codes and tokens; they outlive resets

	mu     sync.Mutex
	ids    *idSource // outlives resets: ids are never reused
	eng    *engine
	faults *faultState
	log    *requestLog
}

// New returns a simulator in its initial world.
func New(opts Options) *Simulator {
	scopes := opts.TokenScopes
	if scopes == nil {
		scopes = AllScopes()
	}
	s := &Simulator{
		token:       opts.Token,
		tokenScopes: newScopeSet(scopes),
		clock:       opts.Clock,
		cfg:         opts.config(),
		seed:        opts.Seed,
		track:       mrand.New(mrand.NewPCG(uint64(opts.Seed), 0x7ac)),
		ids:         newIDSource(opts.Seed),
	}
	s.oauth = newOAuthState(opts.OAuthClients, opts.DenyConsent, s.cfg)
	if s.clock == nil {
		s.clock = realClock{}
	}
	if s.token == "" {
		s.token = randomToken()
	}
	s.resetLocked()
	return s
}

// randomToken makes a bearer token. It is the one random thing not drawn
// from the seed: a credential should not be guessable from a seed.
func randomToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return "sim_" + hex.EncodeToString(b[:])
}

// resetLocked builds the initial world. The identifier source carries on.
func (s *Simulator) resetLocked() {
	now := s.clock.Now()
	s.eng = newEngine(s.cfg, s.ids, s.seed, now)
	s.faults = newFaultState(s.seed)
	s.faults.set(Faults{}, now)
	s.log = newRequestLog(s.cfg.requestLogLimit)
}

// Token returns the static bearer token the simulator accepts (besides the
// access tokens it issues through OAuth).
func (s *Simulator) Token() string { return s.token }

// Handler serves /v1 (the Webex API and its OAuth endpoints), /_sim (the
// control plane) and a JSON 404 anywhere else.
func (s *Simulator) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Advance processes every scheduled event due at the clock's current time.
// Every request does the same before it acts.
func (s *Simulator) Advance() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eng.advance(s.clock.Now())
}

// Reset returns to the initial world (same options and seed): no calls, no
// history, no faults, an empty request log. Call ids keep counting, so an id
// from before the reset never names a new call.
func (s *Simulator) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetLocked()
}

// Inbound starts an incoming call (see Inbound) and returns its call id.
// The user's do not disturb and call forwarding may keep it from ringing:
// see the outcome POST /_sim/inbound reports.
func (s *Simulator) Inbound(in Inbound) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eng.advance(s.clock.Now())
	id, _, err := s.eng.inbound(in)
	s.eng.dispatch()
	return id, err
}

// QueueCaller puts a caller in one of the user's call queues (named by id,
// extension or number) and returns the caller's call id.
func (s *Simulator) QueueCaller(queue string, in QueueCaller) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eng.advance(s.clock.Now())
	q, err := s.eng.findQueue(queue)
	if err != nil {
		return "", err
	}
	c, err := s.eng.addCaller(q, in)
	if err != nil {
		return "", err
	}
	s.eng.dispatch()
	return c.id, nil
}

// Remote performs the far end's action (RemoteAnswer, RemoteHangup,
// RemoteHold, RemoteResume) on a call.
func (s *Simulator) Remote(callID, action string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eng.advance(s.clock.Now())
	defer s.eng.dispatch()
	return s.eng.remote(callID, action)
}

// SetFaults replaces the injected faults.
func (s *Simulator) SetFaults(f Faults) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.set(f, s.clock.Now())
	return nil
}

// ClearFaults removes every injected fault.
func (s *Simulator) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.set(Faults{}, s.clock.Now())
}

// Faults returns the injected faults, with defaults filled in.
func (s *Simulator) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.f
}

// Requests returns the logged /v1 requests, oldest first.
func (s *Simulator) Requests() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.list()
}

// State returns a snapshot of the world as of the last request or Advance;
// it does not move time itself.
func (s *Simulator) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stateLocked()
}

func (s *Simulator) stateLocked() State {
	st := s.eng.snapshot()
	st.RequestLog = s.log.len()
	st.Delayed = int(s.delayed.Load())
	return st
}

// trackingID echoes a client's TrackingID header, or makes a router id.
func (s *Simulator) trackingID(r *http.Request) string {
	if id := r.Header.Get("TrackingID"); id != "" && len(id) <= 128 && printable(id) {
		return id
	}
	s.trackMu.Lock()
	defer s.trackMu.Unlock()
	return trackingID(s.track)
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// credentials checks the bearer token and returns the scopes it carries:
// the static token (compared in constant time) or an issued or minted access
// token that has not expired on the simulator's clock.
func (s *Simulator) credentials(r *http.Request) (scopeSet, bool) {
	scheme, tok, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, false
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) == 1 {
		return s.tokenScopes, true
	}
	scope, ok := s.oauth.accessScope(tok, s.clock.Now())
	if !ok {
		return nil, false
	}
	return parseScope(scope), true
}

// unauthorized is Webex's refusal of a missing or wrong token.
func unauthorized() error {
	return newError(http.StatusUnauthorized, "The request requires a valid access token set in the Authorization request header.")
}

func (s *Simulator) serveHTTP(w http.ResponseWriter, r *http.Request) {
	tid := s.trackingID(r)
	w.Header().Set("Trackingid", tid)
	w.Header().Set("Cache-Control", "no-cache")
	path := r.URL.EscapedPath()
	switch {
	case path == "/v1/authorize" || path == "/v1/access_token" || strings.HasPrefix(path, "/v1/device/"):
		s.serveOAuth(w, r, path)
	case path == "/v1" || strings.HasPrefix(path, "/v1/"):
		s.serveAPI(w, r, path, tid)
	case path == "/_sim" || strings.HasPrefix(path, "/_sim/"):
		s.serveControl(w, r, path, tid)
	default:
		fail(notFound("The requested resource could not be found: %s", path)).write(w, tid)
	}
}

// serveAPI serves one /v1 request: authenticate, apply faults, bring the
// world up to date, act, log.
func (s *Simulator) serveAPI(w http.ResponseWriter, r *http.Request, path, tid string) {
	body, readErr := readBody(w, r)
	record := RequestRecord{Method: r.Method, Path: path, Query: r.URL.RawQuery, Body: logBody(body)}

	granted, ok := s.credentials(r)
	if !ok {
		s.finish(w, tid, record, fail(unauthorized()))
		return
	}
	s.mu.Lock()
	latency := s.faults.latency()
	s.mu.Unlock()
	if latency > 0 && !s.delay(r.Context(), latency) {
		// The client gave up or the server is closing: no response at all,
		// rather than an empty 200.
		s.mu.Lock()
		record.Time = webex.NewTimestamp(s.clock.Now())
		s.log.add(record)
		s.mu.Unlock()
		dropConnection(w)
		return
	}

	s.mu.Lock()
	now := s.clock.Now()
	s.eng.advance(now)
	record.Time = webex.NewTimestamp(s.eng.now)
	drop, refusal := s.faults.judge(now)
	var rep reply
	switch {
	case drop:
		s.log.add(record)
		s.mu.Unlock()
		dropConnection(w)
		return
	case refusal != nil:
		rep = fail(refusal)
	case readErr != nil:
		rep = fail(readErr)
	default:
		rep = s.routeAPI(r, path, body, granted)
		// A call that ended or a queue just joined may let a queue offer
		// the user its next caller at once.
		s.eng.dispatch()
	}
	record.Status = rep.statusOf()
	s.log.add(record)
	s.mu.Unlock()
	rep.write(w, tid)
}

// finish logs and writes a reply produced without the world lock.
func (s *Simulator) finish(w http.ResponseWriter, tid string, record RequestRecord, rep reply) {
	s.mu.Lock()
	record.Time = webex.NewTimestamp(s.clock.Now())
	record.Status = rep.statusOf()
	s.log.add(record)
	s.mu.Unlock()
	rep.write(w, tid)
}

// delay holds a request for d unless ctx ends first; it reports whether d passed.
func (s *Simulator) delay(ctx context.Context, d time.Duration) bool {
	s.delayed.Add(1)
	defer s.delayed.Add(-1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// dropConnection closes the connection without a response.
func dropConnection(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
		return
	}
	// Not hijackable (HTTP/2, or a recorder): the server aborts the response.
	panic(http.ErrAbortHandler)
}
