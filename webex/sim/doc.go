// Package sim is a Webex Calling simulator: an http.Handler that serves the
// user-level Call Controls REST API under /v1 for one signed-in user, with a
// call state machine that follows the documented service, the office
// operations around it (directory, monitoring list, call park settings,
// endpoints, People with presence, and any member's calls for an
// administrator's token), the front desk's (secondary lines, call queues and
// wrap-up, conference, do not disturb, call forwarding, the executive the
// user assists), plus a control plane under /_sim for tests and demos. It
// backs callboard's demo mode, the `callboard sim` command, and tests. Its state
// machine is written independently of callboard's domain model on purpose,
// so that each can catch the other's transition bugs.
//
// # The API
//
// Every operation of the Call Controls API is served at its real path with
// its documented status: 201 {callId, callSessionId} for dial, retrieve,
// pickup, bargeIn, pull and a transfer to a destination; 200 for park and
// the GETs; 204 for everything else. Responses carry a Trackingid header (the
// client's TrackingID when it sends one, otherwise ROUTER_<uuid>) and errors
// come in Webex's envelope {"message","errors":[{"description"}],"trackingId"}.
// A missing, wrong or expired bearer token gets 401; bodies are strict JSON (unknown
// fields, wrong types and missing required fields get 400 with a message
// naming the field); a non-JSON Content-Type gets 415; a wrong method 405; an
// unknown path 404; an unknown or ended call id what real Webex answers, 400
// {"message":"Call not found","errors":[{"description":"Call not found",
// "errorCode":101002}],"trackingId":...}; an action the call's state does not
// allow 400 with the reason.
//
// The office operations, with the shapes of Cisco's documents (the flat form
// of the monitoring example):
//
//   - GET /v1/telephony/config/people/me/settings/speedDials/availableMembers
//     → {"members"}: the directory, people (not the user), workspaces and
//     virtual lines. name (repeatable) is contained in the first or last
//     name, phoneNumber (repeatable) in the number or extension; locationId,
//     order (firstName or lastName, -asc or -desc), start and max (default
//     2,000). A member without a number gives its extension as phoneNumber,
//     which the document requires.
//   - GET /v1/telephony/config/people/me/settings/monitoring: the user's 25
//     monitored lines (people, workspaces, virtual lines, park extensions
//     7001-7004), no live state.
//   - GET /v1/telephony/config/people/me/settings/callPark: the user's park
//     group, "Front Desk Park Group" (the user, 101-104 and the Front Desk
//     Line). A group park still parks against the first free park
//     extension, 7001-7004.
//   - GET /v1/telephony/config/people/me/endpoints: the desk phone
//     (CALLING_DEVICE) and the Webex App (APPLICATION), by the ids the call
//     actions take.
//   - GET /v1/people/me, GET /v1/people/{personId} and GET /v1/people: people
//     with presence (status, lastActivity). List People needs displayName
//     (the display, first or last name starts with it), email or id (a
//     lookup by id leaves presence out), as for a user who is not an
//     administrator; pages of max (default 100) are linked by a Link header
//     rel="next" with a cursor.
//   - GET /v1/telephony/calls/members/{memberId}/calls: any person's,
//     workspace's or virtual line's calls. The user's are their line; a
//     colleague's show their own call (ringing, with the caller, or
//     connected) and their side of any call with the user (its id is the
//     user's call id with ":1" for ":0"); workspaces and virtual lines have
//     none. POST .../members/{memberId}/pickup and .../bargeIn act for the
//     user as the user-level operations do, and for a colleague on the
//     colleague's line (their line must be free; the user is barge-in
//     exempt; a colleague may pick up a call ringing on the user's line).
//     orgId, when given, must be the simulated organisation's. No other
//     member operation is served.
//
// # Messages
//
// POST /v1/messages sends a private message to a person of the organisation,
// named by toPersonId or toPersonEmail, with text or markdown of at most 7439
// bytes: 200 with the message (roomType "direct"); an unknown person gets
// 404, a room, two recipients or no text 400. The simulator keeps the last
// 500 messages (Simulator.Messages, GET /_sim/messages) and delivers them
// nowhere.
//
// # Scopes
//
// Every token carries scopes, and an operation whose scope the token lacks
// gets 403 in Webex's envelope (checked after 404 and 405): spark:calls_read
// for the Call Controls GETs, spark:calls_write for its actions,
// spark:people_read for /people, spark:telephony_config_read for the GETs
// of /telephony/config/people/me and spark:telephony_config_write for its
// PUTs (queues, do not disturb, forwarding), spark:calls_read and
// spark:calls_write for the Conference Controls, a queue's calls and
// .../members/me/wrapupreasons, spark-admin:calls_read and
// spark-admin:calls_write for the other member operations,
// spark:messages_write for POST /messages. The static token
// carries every scope (AllScopes) unless Options.TokenScopes lists fewer; a
// sign-in grants the scopes it asked for; POST /_sim/tokens (and
// Simulator.MintToken) mints a token with exactly the scopes given. The
// control plane needs a valid token but no scope.
//
// # Signing in (OAuth)
//
// Beside the static token (Options.Token), the simulator signs clients in
// the way Webex does, with the authorization-code flow and PKCE, so that a
// whole `callboard login` runs on loopback. The integration it knows by
// default is client ID "callboard-sim" with secret "sim-secret"
// (Options.OAuthClients replaces it). These endpoints take no bearer token,
// are never subject to faults and never appear in the request log.
//
//   - GET /v1/authorize?client_id=&response_type=code&redirect_uri=&scope=
//     &state=&code_challenge=&code_challenge_method=S256: there is no person
//     to ask, so the user consents at once and the answer is a 302 to
//     redirect_uri?code=...&state=... (or ?error=access_denied&state=...
//     when Options.DenyConsent or PUT /_sim/oauth says the user declines).
//     redirect_uri must be http:// on 127.0.0.1 or localhost; an unknown
//     client_id or a bad redirect_uri gets 400 and no redirect. Other
//     problems go back to redirect_uri as error=invalid_request (PKCE is
//     required, with S256; plain is refused), invalid_scope (scope must
//     include spark:calls_read and spark:calls_write) or
//     unsupported_response_type. A code can be redeemed once, within 60 s
//     of the simulator's clock.
//   - POST /v1/access_token (application/x-www-form-urlencoded), the client
//     authenticated by HTTP Basic or by client_id and client_secret fields:
//     grant_type=authorization_code (code, redirect_uri as in the
//     authorization request, code_verifier whose base64url SHA-256 is the
//     code_challenge) or grant_type=refresh_token (refresh_token). The answer
//     is Webex's {access_token, expires_in, refresh_token,
//     refresh_token_expires_in, token_type: "Bearer", scope}. Refreshing
//     does not rotate the refresh token: the same one comes back with the
//     rest of its life. Refusals are RFC 6749 JSON {"error",
//     "error_description"}: 401 invalid_client for a wrong client, 400
//     invalid_grant for an unknown, expired, spent or revoked code or token,
//     a redirect_uri mismatch or a failed PKCE check, 400 invalid_request or
//     unsupported_grant_type for a malformed request. Presenting a spent
//     code again also revokes the tokens it was exchanged for.
//   - The device grant, for machines without a browser: POST
//     /v1/device/authorize (client_id, scope; no secret) answers
//     {device_code, user_code, verification_uri, verification_uri_complete,
//     expires_in: 300, interval: 1}; GET /v1/device/verify?user_code= is
//     the page where the user approves, and with nobody to ask, a visit
//     approves at once (or declines, as above); POST /v1/device/token
//     (grant_type=urn:ietf:params:oauth:grant-type:device_code,
//     device_code, the client by HTTP Basic as Webex asks, or in the form)
//     answers 428 authorization_pending until then, the tokens once after,
//     and 400 access_denied, expired_token or invalid_grant otherwise.
//
// Issued access tokens are accepted by /v1 and /_sim until they expire on
// the simulator's clock (Options.AccessTokenTTL, 14 days by default, as
// Webex's expires_in), then they get 401; refresh tokens last
// Options.RefreshTokenTTL (90 days). Codes and tokens outlive a reset; at
// most 1,024 of each kind are kept, the expired ones dropped first.
//
// # The world
//
// The world is fixed, so demos and tests can rely on it:
//
//   - The user: Alex Morgan, +1 415 555 0100, extension 100,
//     alex.morgan@example.com, Single Number Reach phone +1 415 555 0177,
//     recording mode "On Demand". Their devices carry two secondary lines:
//     the front desk's main number, the Main Line virtual line (extension
//     500, +1 415 555 0400), and the line of the executive they assist.
//   - Two answer endpoints: the desk phone (type DEVICE, DeskPhoneEndpointID)
//     and the Webex App (type APPLICATION, WebexAppEndpointID), the primary
//     device. Calls on the Webex App are muteCapable; on the desk phone (or
//     the Single Number Reach phone) they are not.
//   - Colleagues on extensions 101-108 (+1 415 555 0101-0108): Jordan Lee,
//     Sam Rivera, Priya Shah and Chen Wei (the user's call pickup group),
//     Maria Garcia, Tom Becker, Aisha Okafor and Lucas Martin. When the world
//     starts (and after a reset) Maria Garcia (105) is on a call with
//     Northwind Traders that lasts all day: a barge-in target that is always
//     there.
//   - Two locations: San Francisco, the user's, with 15 more colleagues on
//     110-124 (+1 415 555 0310-0324), the Lobby Phone workspace (150) and the
//     Front Desk Line virtual line (160); and Austin, with 20 colleagues on
//     201-220 (+1 512 555 0201-0220; Olga Ivanova, 219, has never signed
//     in), the Austin Reception (250) and Training Room (251) workspaces and
//     the Austin After Hours virtual line (260). Calls with Austin are of
//     type "organization". Workspaces ring out; virtual lines answer.
//   - The executive the user assists: Dana Whitfield, extension 109, whose
//     line is one of the user's secondary lines.
//   - The user's call park group: park extensions 7001-7004.
//   - Sales Hunt Group (5000), which redirects some of the random
//     scenario's calls to the user; Support Queue (5100, +1 415 555 0510) and
//     Sales Queue (5200, +1 415 555 0520), the call queues the user is an
//     agent of (see below).
//   - Numbers that never answer: extension 199 (Conference Room B) and the
//     other workspaces, any extension nobody has, and +1 212 555 0199.
//     Everything else answers.
//
// # Lines
//
// GET /v1/telephony/config/people/me/endpoints lists the secondary lines on
// both endpoints ({id, memberType}: the Main Line's virtual line id, VIRTUAL_LINE;
// Dana Whitfield's person id, PEOPLE); the directory names them. List Calls
// without lineOwnerId (or with the user's own person id) shows the user's own
// line only; with a secondary line's id, that line's calls only. Every call
// operation takes the lineOwnerId of the line the call is on: a call of
// another line is refused exactly as an unknown call is ("Call not found"),
// since Webex looks a call up among the calls of the line the request names
// (the real refusal is not documented; this is the simulator's choice). Any
// other lineOwnerId gets 400. Calls that dial, retrieve, pick up, barge in or
// pull with a lineOwnerId are placed on that line; a parked call recalls to
// the line it was parked from. The random scenario rings the Main Line with
// about one incoming call in six; calls on the executive's line are flagged
// for the executive (push takes them to Dana). GET
// /v1/telephony/config/people/me/settings/executive/assistant names Dana as
// the executive the user assists. List Calls by Member ID of a secondary
// line's owner includes that line's calls. Appearances are numbered across
// all lines, as one device's line keys are, and taking up a call on any line
// holds the call the user was talking on, on any line.
//
// # Call queues
//
// GET /v1/telephony/config/people/me/settings/queues → agentACDState
// (AVAILABLE as the world starts) and both queues ({id, available (joined:
// Support yes, Sales no), skillLevel, phoneNumber, extension,
// allowLogOffEnabled: true}; Webex gives no queue name there). PUT the same
// path {"agentACDState","queues":[{"id","available"}]} → 204 changes the
// state and joins or leaves; an unknown state or queue, or a queue listed
// twice, gets 400 and changes nothing.
//
// Callers wait in a queue (at most 20 each; more get 409 from the control
// plane) in arrival order. When the user is AVAILABLE and not talking on
// any of their lines, and no queue call rings them already, the best caller of
// the queues they joined (priority highest, high, medium, low; then the
// longest wait, counting preservedWaitTime) rings their own line: a new
// terminator call in the caller's session, alerting, with
// redirections[0] = {reason "callQueue", redirectingParty: the queue}. An
// offer unanswered for Options.QueueOfferTimeout (15 s), or rejected or hung
// up, bounces: the caller goes back to the queue with bounced true, the wait
// so far moved into preservedWaitTime and addTime restarted; an offer that
// rang out leaves a missed record. Answered, the caller leaves the queue and
// the call goes on like any other. A caller another agent answers, or who
// hangs up, leaves the queue; a call ringing the user for them ends (missed
// only when they hung up). Do not disturb and forwarding do not apply to
// queue calls: the agent state does.
//
// GET /v1/telephony/queues/{queueId}/calls → {"items"}: the callers of one
// of the user's queues in serving order, with callId, callSessionId,
// remoteParty, addTime, bounced, preservedWaitTime (ms), queueNumber,
// queueName, priority, and answeringAgentId/Type/CallId while one rings the
// user; an unknown queue gets 404.
//
// POST /v1/telephony/calls/members/me/wrapupreasons {"wrapupReasons":[...]}
// → 204 tags the user's last completed call (the last answered call on their
// own line to end) when it came from a queue; 400 when there is no completed
// call, when the last one did not come from a queue, or without reasons.
//
// With Options.InboundEvery > 0, callers also arrive at random (on average
// every one and a half InboundEvery, in either queue, some with a priority
// or a wait carried over from another queue); most are answered by another
// agent after 20-90 s unless the user takes them first, the rest give up
// after two to six minutes. These choices come from their own random stream
// seeded with Options.Seed.
//
// # Conference
//
// POST /v1/telephony/conference {"callIds":[two or more],"lineOwnerId"?} →
// 204 joins answered calls of one line into that line's conference (one per
// line; another start gets 409). The calls stay listed, in their sessions:
// connected while the host is in the conference, held while the host holds
// it (the simulator's choice, as Webex does not document how the calls
// look); every other call of the user's goes on hold, and taking up another
// call holds the conference. GET /v1/telephony/conference?lineOwnerId= →
// {state connected|held, appearance, created, muted (the host), participants
// [{callId, muted, deafened}]}, or {} without a conference. POST
// .../addParticipant {"callId","lineOwnerId"?} adds an answered call; .../mute
// and .../unmute {"callId"} a participant, or the host of the user's own
// line without a body; .../deafen and .../undeafen {"callId"} a participant;
// .../hold and .../resume (no body, lineOwnerId in the query) the host; each
// answers 204, and 400 when the state does not allow it (already muted, not
// in a conference, and so on). Holding or resuming a participant's call by
// itself is refused: hold the conference. A participant whose call ends
// leaves; a conference down to one call dissolves and that call goes on.
// DELETE /v1/telephony/conference → 204 ends every call in it. To leave the
// others talking, transfer two calls to each other: both leave the line and
// the conference with them.
//
// # Do not disturb and call forwarding
//
// GET|PUT /v1/telephony/config/people/me/settings/doNotDisturb ({enabled,
// ringSplashEnabled, webexGoOverrideEnabled}; the PUT requires
// webexGoOverrideEnabled) and .../callForwarding ({callForwarding: {always,
// busy, noAnswer}, businessContinuity}, each with enabled and destination;
// noAnswer numberOfRings 2-20, systemMaxNumberOfRings 20 read only). A PUT
// changes the fields it names; an enabled rule needs a destination that is
// not the user. Everything starts off. They act on calls for the user's own
// line: forwarding always, or busy while the user has an answered call,
// sends the call on without ringing and without a history record; do not
// disturb sends it to voicemail, which leaves a missed record; no-answer
// forwarding ends the ringing after numberOfRings rings of 6 s (a missed
// record). Forwarding is checked before do not disturb. Secondary lines keep
// ringing (their own settings are not served).
//
// # Presence
//
// A colleague's presence is drawn from the seed, the colleague and the
// simulated time, so it moves with the clock and is the same for the same
// seed: out of office on about one day in sixteen, lunch (inactive) for 45
// minutes between 11:30 and 14:15 UTC, a meeting in one half hour in six
// (presenting in a quarter of those), do not disturb in one quarter hour in
// twenty, active otherwise. A colleague who is talking (their own call, or an
// answered call with the user) is "call" unless do not disturb, a meeting,
// out of office or presenting outranks it, as in Webex; a ringing phone is
// not a call. The user is "call" while on an answered call, "active"
// otherwise. The control plane can set a colleague's presence.
//
// # How calls behave
//
// Dial creates a clickToDial call alerting the user's devices (all of them,
// or the endpointId, or the Single Number Reach phone); DeviceAnswerDelay
// later the device picks up (the Webex App when all alert): the call becomes
// an originator call, connecting, and a placed record is added. The far end
// answers RemoteAnswerDelay (plus a random RemoteAnswerSpread) later and
// hangs up TalkTime (plus TalkTimeSpread) after answering. A number that
// never answers rings for RingTimeout, then the call ends.
//
// An incoming call alerts (with its redirections, if any) until it is
// answered (received record, time = answered), rejected, diverted, or
// RingTimeout passes (missed record). Reject with "ignore" stops alerting the
// user (the call leaves the list) while the caller hears ringback until
// RingTimeout; hangup on an alerting incoming call rejects it to busy. Hold
// and resume toggle held; the far end can hold through the control plane
// (remoteHeld). Whatever puts the user on a new call (answering, a
// click-to-dial call picked up on a device, retrieve, pickup, barge-in,
// resuming a held call) holds the call they were talking on, as Webex does:
// it shows held, and nothing resumes it by itself. Muting a muted call, or unmuting an unmuted one, is refused
// with 400 rather than ignored.
//
// Transfer joins two answered calls (both leave the line, 204), or
// mute-transfers one to a destination: the call is held and a new leg in the
// same session connects to the destination (201); when it answers both leave
// the line, when it does not within TransferTimeout the leg ends and the call
// stays held. Park (200) moves an answered call to the user, a destination
// or the first free park extension (isGroupPark); retrieve (201) brings it
// back connected in the same session; after ParkRecall an unretrieved call
// rings the user back with recall {type: park}. Pickup answers a colleague's
// ringing call; barge-in joins a colleague's answered call; pull alerts the
// other endpoint with a temporary call that is released when it picks up
// (DeviceAnswerDelay), moving the call there. Recording goes pending, then
// started after RecordingStartDelay; it can be paused, resumed and stopped.
// Push is allowed only for calls flagged forExecutive.
//
// Call ids are base64 of ciscospark://us/CALL/BCLD/callhalf-<n>:0 and are
// never reused, even across resets. Appearances are the lowest free number
// from 1. History keeps 20 records per type, newest first; callers with
// privacy enabled appear without name or number. The line holds at most 24
// calls.
//
// # Time
//
// Time-driven behaviour is lazy and deterministic: events wait in a priority
// queue and every event due at the Clock's time is processed, each at its own
// time, at the start of every request and on Advance. With a FakeClock and
// the same Seed, the same requests give the same responses. With the real
// clock, Start also calls Advance in the background.
//
// # The random scenario
//
// With Options.InboundEvery > 0, random events arrive on average that often:
// calls to the user (outside callers, colleagues, the odd private caller,
// some redirected by a hunt group, a call queue or a colleague, some for the
// executive, some callers giving up early), colleagues' phones ringing
// (pickup targets, mostly in the pickup group; half are answered by the
// colleague), and colleagues taking calls (barge-in targets). All choices
// come from a rand seeded with Options.Seed.
//
// # Control plane (not part of the Webex API)
//
// Under /_sim, with the same bearer tokens and error envelope; never subject
// to faults and never logged:
//
//   - POST /_sim/inbound {"name","number","callType","to","line","privacy",
//     "forExecutive","redirectedFrom","redirectReason"} → 201 {"callId",
//     "outcome"}: a call starts alerting the user, or one of their secondary
//     lines named by "line" (500 or 109, by extension, number or
//     lineOwnerId), or rings the colleague named by "to" (an extension,
//     number or address): that is how to ring a colleague's phone. outcome
//     is "ringing", or "forwarded" or "doNotDisturb" when the user's
//     settings kept it from ringing.
//   - POST /_sim/queues/{queue}/callers {"name","number","privacy",
//     "priority","waitedSeconds"} → 201 {"callId","outcome":"queued"}: a
//     caller starts waiting in a queue (its id, extension or number);
//     waitedSeconds comes back as preservedWaitTime.
//   - POST /_sim/calls/{callId}/remote {"action":"answer"|"hangup"|"hold"|
//     "resume"} → 204: the far end acts (answer a connecting outgoing call or
//     a colleague's ringing call; hang up any call, including a parked one;
//     hold and resume an answered call); an unknown call gets 404. A
//     colleague's side of a call with the user (from their member call list)
//     names the user's call. For a caller waiting in a queue, "answer" is
//     another agent answering them and "hangup" the caller giving up.
//   - PUT /_sim/people/{who}/presence {"status","minutes"} → 200
//     PersonPresence: sets a colleague's presence (any documented status
//     but "call", which follows their calls) for minutes, or until cleared
//     or reset when minutes is 0; GET reports it; DELETE → 204 returns them
//     to their day. who is an extension, number, address or person id.
//   - POST /_sim/tokens {"scopes":[...]} → 201 {"token","scopes",
//     "expiresIn"}: an access token with exactly those scopes ([] for none),
//     to try a feature without a scope.
//   - PUT /_sim/faults (Faults) → 200 with the faults in force; GET shows
//     them; DELETE /_sim/faults → 204 clears them.
//   - GET /_sim/messages → {"items":[message]}: the messages sent through
//     POST /v1/messages, oldest first.
//   - GET /_sim/requests → {"items":[RequestRecord]}: the /v1 requests so
//     far, oldest first, at most Options.RequestLogLimit.
//   - POST /_sim/reset → 204: back to the initial world.
//   - GET /_sim/state → State: the user's calls, their secondary lines with
//     their calls, every colleague (line and presence), parked calls, the
//     agent state and queues with their callers, conferences, the last
//     completed call's wrap-up, do not disturb, forwarding and counters.
//   - GET /_sim/oauth → OAuthStatus: whether the user declines sign-ins and
//     how many codes and tokens are live; PUT /_sim/oauth {"denyConsent"}
//     → 200 OAuthStatus sets it.
//   - POST /_sim/oauth/revoke → 204: every issued code, access token and
//     refresh token is revoked (the static token keeps working).
package sim
