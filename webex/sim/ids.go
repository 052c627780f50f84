package sim

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
)

// idSource makes call and session identifiers that look like Webex's: opaque
// base64 of a "ciscospark://" URI or of a UUID. It outlives resets, so an
// identifier is never handed out twice by one Simulator.
type idSource struct {
	rnd      *rand.Rand
	callHalf int
}

func newIDSource(seed int64) *idSource {
	rnd := rand.New(rand.NewPCG(uint64(seed), 0x1d5))
	return &idSource{rnd: rnd, callHalf: 400 + rnd.IntN(500)}
}

// callID returns a fresh call id, base64 of ciscospark://us/CALL/BCLD/callhalf-<n>:0.
func (s *idSource) callID() string {
	// Real call-half numbers are not consecutive for one user.
	s.callHalf += 1 + s.rnd.IntN(5)
	return encodeID(fmt.Sprintf("ciscospark://us/CALL/BCLD/callhalf-%d:0", s.callHalf))
}

// sessionID returns a fresh call session id, base64 of a random UUID.
func (s *idSource) sessionID() string { return encodeID(randomUUID(s.rnd)) }

// encodeID is how Webex wraps identifiers: URL-safe base64 without padding,
// which also keeps them safe in a URL path.
func encodeID(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// randomUUID formats 16 random bytes as a version 4 UUID.
func randomUUID(rnd *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rnd.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	return formatUUID(b)
}

// nameUUID is a stable UUID derived from name (version 5 style), so the
// world's people and places keep their ids across runs.
func nameUUID(name string) string {
	sum := sha1.Sum([]byte("callboard-sim/" + name))
	var b [16]byte
	copy(b[:], sum[:16])
	b[6] = b[6]&0x0f | 0x50
	return formatUUID(b)
}

// formatUUID writes b as a UUID with the RFC 4122 variant bits set.
func formatUUID(b [16]byte) string {
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// trackingID returns a Webex-style router tracking id.
func trackingID(rnd *rand.Rand) string {
	return "ROUTER_" + strings.ToUpper(randomUUID(rnd))
}

// personID is the stable Webex person id of the directory entry with key.
func personID(key string) string {
	return encodeID("ciscospark://us/PEOPLE/" + nameUUID("person/"+key))
}

// placeID is the stable Webex place (workspace) id of the directory entry with key.
func placeID(key string) string { return encodeID("ciscospark://us/PLACE/" + nameUUID("place/"+key)) }

// orgID is the simulated organisation's id.
func orgID() string { return encodeID("ciscospark://us/ORGANIZATION/" + nameUUID("org")) }

// virtualLineID is the stable Webex id of the virtual line with key.
func virtualLineID(key string) string {
	return encodeID("ciscospark://us/VIRTUAL_LINE/" + nameUUID("virtual-line/"+key))
}

// callParkExtensionID is the stable Webex id of the call park extension with key.
func callParkExtensionID(key string) string {
	return encodeID("ciscospark://us/CALL_PARK_EXTENSION/" + nameUUID("park/"+key))
}

// callQueueID is the stable Webex id of the call queue with key.
func callQueueID(key string) string {
	return encodeID("ciscospark://us/CALL_QUEUE/" + nameUUID("queue/"+key))
}

// locationID is the stable Webex id of the location with key.
func locationID(key string) string {
	return encodeID("ciscospark://us/LOCATION/" + nameUUID("location/"+key))
}

// mirrorCallID is the id of the other half of one of the user's calls: the
// colleague's side, as a member call list shows it.
func mirrorCallID(id string) string {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return encodeID("ciscospark://us/CALL/BCLD/mirror-" + id)
	}
	return encodeID(strings.TrimSuffix(string(raw), ":0") + ":1")
}
