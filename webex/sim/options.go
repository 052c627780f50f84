package sim

import "time"

// Default timings, used when the matching Options field is zero.
const (
	DefaultDeviceAnswerDelay   = 2 * time.Second        // the user's device picks up a click-to-dial call
	DefaultRemoteAnswerDelay   = 3 * time.Second        // shortest time before a far end answers
	DefaultRemoteAnswerSpread  = 5 * time.Second        // random extra on top: far ends answer after 3-8 s
	DefaultTalkTime            = time.Minute            // shortest conversation before the far end hangs up
	DefaultTalkTimeSpread      = 3 * time.Minute        // random extra on top: far ends hang up after 1-4 min
	DefaultRingTimeout         = 30 * time.Second       // an unanswered call stops ringing (missed, or no answer)
	DefaultParkRecall          = 60 * time.Second       // an unretrieved parked call rings back
	DefaultTransferTimeout     = 20 * time.Second       // a mute transfer whose destination does not answer gives up
	DefaultRecordingStartDelay = 500 * time.Millisecond // recording goes from pending to started
	DefaultRequestLogLimit     = 5000                   // /v1 requests kept for GET /_sim/requests
	DefaultTickEvery           = 200 * time.Millisecond // Start's background Advance with the real clock
)

// Options configure a Simulator. Every zero value means the documented default.
type Options struct {
	// Token is the bearer token accepted by /v1 and /_sim; "" generates a random one.
	Token string
	// TokenScopes are the scopes Token carries; nil means every scope the
	// simulated API knows (AllScopes). An operation whose scope the token
	// lacks gets 403; the control plane needs none.
	TokenScopes []string
	// Seed seeds every random choice the simulator makes (caller names, delays,
	// scenario, identifiers, injected faults), so equal seeds and equal inputs
	// give equal runs.
	Seed int64
	// Clock supplies the time; nil means the real clock.
	Clock Clock
	// InboundEvery is the mean interval between random scenario events
	// (inbound calls, colleagues' calls); 0 turns the random scenario off.
	InboundEvery time.Duration

	// DeviceAnswerDelay is how long the user's device takes to pick up a
	// click-to-dial call (and a pull). Default 2 s.
	DeviceAnswerDelay time.Duration
	// RemoteAnswerDelay is the shortest time before a far end answers; a random
	// amount up to RemoteAnswerSpread is added. Defaults 3 s and 5 s (3-8 s).
	// A negative spread means none.
	RemoteAnswerDelay  time.Duration
	RemoteAnswerSpread time.Duration // see RemoteAnswerDelay
	// TalkTime is the shortest conversation before a far end hangs up; a random
	// amount up to TalkTimeSpread is added. Defaults 1 min and 3 min (1-4 min).
	// A negative spread means none.
	TalkTime       time.Duration
	TalkTimeSpread time.Duration // see TalkTime
	// RingTimeout ends an unanswered call: an incoming call becomes missed, an
	// outgoing call to a number that never answers ends. Default 30 s.
	RingTimeout time.Duration
	// ParkRecall is how long a parked call waits before it rings back. Default 60 s.
	ParkRecall time.Duration
	// TransferTimeout is how long a mute transfer waits for its destination. Default 20 s.
	TransferTimeout time.Duration
	// RecordingStartDelay is how long a recording stays pending. Default 500 ms.
	RecordingStartDelay time.Duration
	// RequestLogLimit caps the request log (oldest entries go first). Default 5,000.
	RequestLogLimit int
	// TickEvery is how often Start calls Advance when the clock is real. Default 200 ms.
	TickEvery time.Duration
	// QueueOfferTimeout is how long a call queue's call rings the user before
	// it bounces back to the queue. Default DefaultQueueOfferTimeout (15 s).
	QueueOfferTimeout time.Duration

	// OAuthClients are the integrations that may sign in through
	// /v1/authorize and /v1/access_token: client ID → client secret. nil
	// means one client, DefaultOAuthClientID with DefaultOAuthClientSecret;
	// an empty map means none.
	OAuthClients map[string]string
	// AccessTokenTTL is how long an issued access token is accepted.
	// Default DefaultAccessTokenTTL (Webex's 14 days).
	AccessTokenTTL time.Duration
	// RefreshTokenTTL is how long an issued refresh token can be used.
	// Default DefaultRefreshTokenTTL (Webex's 90 days).
	RefreshTokenTTL time.Duration
	// DenyConsent makes the simulated user decline every sign-in
	// (error=access_denied); PUT /_sim/oauth changes it while running.
	DenyConsent bool
}

// config is Options with every default applied.
type config struct {
	inboundEvery    time.Duration
	deviceAnswer    time.Duration
	remoteAnswer    time.Duration
	remoteSpread    time.Duration
	talk            time.Duration
	talkSpread      time.Duration
	ringTimeout     time.Duration
	parkRecall      time.Duration
	transferTimeout time.Duration
	recordingStart  time.Duration
	requestLogLimit int
	tickEvery       time.Duration
	queueOffer      time.Duration
	accessTTL       time.Duration
	refreshTTL      time.Duration
}

// orDefault returns d, or def when d is not positive.
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// spread returns d, def when d is zero, and no spread when d is negative.
func spread(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

func (o Options) config() config {
	c := config{
		inboundEvery:    o.InboundEvery,
		deviceAnswer:    orDefault(o.DeviceAnswerDelay, DefaultDeviceAnswerDelay),
		remoteAnswer:    orDefault(o.RemoteAnswerDelay, DefaultRemoteAnswerDelay),
		remoteSpread:    spread(o.RemoteAnswerSpread, DefaultRemoteAnswerSpread),
		talk:            orDefault(o.TalkTime, DefaultTalkTime),
		talkSpread:      spread(o.TalkTimeSpread, DefaultTalkTimeSpread),
		ringTimeout:     orDefault(o.RingTimeout, DefaultRingTimeout),
		parkRecall:      orDefault(o.ParkRecall, DefaultParkRecall),
		transferTimeout: orDefault(o.TransferTimeout, DefaultTransferTimeout),
		recordingStart:  orDefault(o.RecordingStartDelay, DefaultRecordingStartDelay),
		requestLogLimit: o.RequestLogLimit,
		tickEvery:       orDefault(o.TickEvery, DefaultTickEvery),
		queueOffer:      orDefault(o.QueueOfferTimeout, DefaultQueueOfferTimeout),
		accessTTL:       orDefault(o.AccessTokenTTL, DefaultAccessTokenTTL),
		refreshTTL:      orDefault(o.RefreshTokenTTL, DefaultRefreshTokenTTL),
	}
	if c.inboundEvery < 0 {
		c.inboundEvery = 0
	}
	if c.requestLogLimit <= 0 {
		c.requestLogLimit = DefaultRequestLogLimit
	}
	return c
}
