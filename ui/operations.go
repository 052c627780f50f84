package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// opKind says what to do once an operation succeeds.
type opKind int

const (
	opPlain       opKind = iota // nothing beyond a message and a poll
	opNewCall                   // select the new call when it appears
	opPark                      // remember where the call was parked
	opRetrieve                  // forget the park, select the new call
	opConsultHold               // consult step 1 done: dial the consult party
	opConsultDial               // consult step 2 done: the consult leg exists
	opConsultDone               // the consult was completed or aborted
	opAbortHangup               // abort step 1 done: resume the original call
)

// An action refused with 429 is resent at most rateLimitRetries times, and
// only when Webex asks to wait no longer than maxResendWait: an action sent
// minutes after the key press would surprise the operator.
const (
	rateLimitRetries = 3
	maxResendWait    = 10 * time.Second
)

// operation is one request that changes a call. It carries everything its
// reply handler needs, so replies never depend on what the screen shows by
// the time they arrive.
type operation struct {
	kind     opKind
	verb     string       // "hold", "transfer"...: for messages
	callID   string       // the call acted on; "" for dial, pickup...
	subject  string       // who the operator sees: "Jane Roe"
	progress string       // "holding Jane Roe"
	done     string       // "held Jane Roe"
	dest     string       // destination or target, when there is one
	other    string       // the other call of a consult or join
	outcome  string       // why the call leaves the line when this succeeds ("parked"); "" if it stays
	act      model.Action // the action, re-checked against the call before a resend; 0 when none applies
	selected string       // the selection when the operator acted (a new call takes it only if unchanged)
	attempt  int
	run      func(ctx context.Context, api API) (any, error)
}

// key identifies an operation for the in-flight check: the same verb on the
// same call or destination.
func (op operation) key() string { return op.verb + "\x00" + op.callID + "\x00" + op.dest }

// send starts op: a progress message now, the request in a command. The same
// operation is never in flight twice: a double tap, or a key the terminal
// repeats, must not place two calls.
func (a *App) send(op operation) tea.Cmd {
	if op.attempt == 0 {
		if a.inflight[op.key()] {
			return a.status.set(statusInfo, op.progress+"… (already sent, waiting for Webex)", infoTTL)
		}
		op.selected = a.board.SelectedID()
	}
	a.inflight[op.key()] = true
	a.poll.busy = a.now().Add(busyWindow)
	status := a.status.set(statusBusy, op.progress+"…", 0)
	ctx, api, timeout := a.ctx, a.opts.API, a.opts.ActionTimeout
	a.opts.Logger.Debug("action", "verb", op.verb, "attempt", op.attempt)
	return tea.Batch(status, func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		result, err := op.run(ctx, api)
		return actionMsg{op: op, result: result, err: err}
	})
}

// failure turns an action's error into what the operator reads, and says
// whether (and when) the action may be resent. Only a 429 is resent: Webex
// did not act on it. Anything else that changes a call is never retried
// blindly, since a duplicate dial is a real phone call.
func failure(op operation, err error) (text string, retryAfter time.Duration) {
	what := strings.TrimSpace(op.verb + " " + op.subject)
	var limited *webex.RateLimitError
	var apiErr *webex.APIError
	switch {
	case errors.As(err, &limited):
		if op.attempt < rateLimitRetries && limited.RetryAfter <= maxResendWait {
			wait := max(limited.RetryAfter, time.Second)
			return fmt.Sprintf("Webex is rate limiting: %s will be resent in %s", op.verb, secondsText(wait)), wait
		}
		return fmt.Sprintf("%s not sent: Webex is still rate limiting after %d tries; try again in %s", op.verb, op.attempt+1, secondsText(limited.RetryAfter)), 0
	case errors.Is(err, webex.ErrUnauthenticated):
		return op.verb + " refused: " + signInHint, 0
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && op.callID != "":
		return what + ": call already ended", 0
	case errors.As(err, &apiErr) && apiErr.StatusCode >= 500:
		// A gateway may time out after Webex acted: the operator must look
		// before trying again, or a transfer or a dial could happen twice.
		return fmt.Sprintf("%s: Webex answered %s; it may or may not have happened — check the list before trying again",
			what, problemText(err)), 0
	case errors.As(err, &apiErr):
		text := fmt.Sprintf("%s failed: %s (%d", what, apiErr.Text(), apiErr.StatusCode)
		if apiErr.TrackingID != "" {
			text += " · tracking ID " + apiErr.TrackingID
		}
		return text + ")", 0
	case errors.Is(err, context.Canceled):
		return op.verb + " cancelled", 0
	default:
		return fmt.Sprintf("%s: no answer from Webex (%s); it may or may not have happened — check the list before trying again",
			what, shortError(err)), 0
	}
}

// signInHint tells the operator how to get a working token.
const signInHint = "Webex does not accept the sign-in: run `callboard login` (or set a fresh WEBEX_TOKEN) and restart callboard"

// shortError is the innermost part of a network error, which is the part a
// person can act on ("connection refused", "context deadline exceeded").
func shortError(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
