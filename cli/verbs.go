package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/internal/convert"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// result is what a verb prints: JSON (the API's response; nil prints nothing)
// or a human sentence.
type result struct {
	json  any
	human string
}

// session is what a verb acts with: the client and the line it acts on.
type session struct {
	*webex.Client
	lineOwner string // the secondary line's owner; "" for the user's own line
}

// verbFunc performs a verb in a ready session. It runs only after every
// argument has been validated, so a usage error never follows a request.
type verbFunc func(ctx context.Context, s session) (result, error)

// prepareFunc validates arguments and returns the work to do.
type prepareFunc func(cmd *cobra.Command, args []string) (verbFunc, error)

// verb builds a one-shot command.
func (a *app) verb(use, short string, args cobra.PositionalArgs, prepare prepareFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:     use,
		Short:   short,
		GroupID: "verbs",
		Args: func(cmd *cobra.Command, given []string) error {
			if err := args(cmd, given); err != nil {
				return usageError{err}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, given []string) error {
			// A deadline already past would fail every request as if Webex
			// were unreachable.
			if a.timeout <= 0 {
				return usagef("--timeout %s: give a positive duration, such as 20s", a.timeout)
			}
			work, err := prepare(cmd, given)
			if err != nil {
				return err
			}
			return a.runVerb(cmd.Context(), cmd.Name(), work)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&a.jsonOut, "json", false, "print the API's JSON instead of a sentence")
	f.DurationVar(&a.timeout, "timeout", 20*time.Second, "give up waiting for Webex after this long")
	return cmd
}

func (a *app) runVerb(ctx context.Context, name string, work verbFunc) error {
	cfg, _, err := a.settings(false)
	if err != nil {
		return err
	}
	log, closer, err := a.logger(cfg)
	if err != nil {
		return err
	}
	defer closer.Close()
	client, err := a.verbClient(ctx, cfg, log)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	res, err := work(ctx, session{Client: client, lineOwner: cfg.Webex.LineOwnerID})
	if err != nil {
		return runtimeError{mayHaveActed(name, err)}
	}
	if a.jsonOut {
		if res.json == nil {
			return nil
		}
		// The request was sent: a failure here is not a usage error.
		out, err := json.MarshalIndent(res.json, "", "  ")
		if err != nil {
			return runtimeError{fmt.Errorf("encode the reply: %w", err)}
		}
		// Scripts often print what they get: C1 controls and bidirectional
		// overrides from the server leave as \uXXXX, the same JSON value.
		if _, err := a.env.Stdout.Write(append(textsafe.JSON(out), '\n')); err != nil {
			return runtimeError{fmt.Errorf("write the reply: %w", err)}
		}
		return nil
	}
	if res.human != "" {
		fmt.Fprintln(a.env.Stdout, strings.TrimRight(res.human, "\n"))
	}
	return nil
}

// callID validates a call id argument: opaque, but never empty or spaced.
func callID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", usagef("empty call id: `callboard calls` lists the ids")
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return "", usagef("call id %s contains spaces: `callboard calls` lists the ids", strconv.QuoteToASCII(s))
	}
	if err := opaqueID("call id", s); err != nil {
		return "", err
	}
	return s, nil
}

// opaqueID refuses an id holding anything but printable characters. Ids
// are echoed in messages; one with an escape sequence or a bidirectional
// override would act on the terminal. The refusal shows it escaped.
func opaqueID(what, s string) error {
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.Is(unicode.Bidi_Control, r) {
			return usagef("%s %s holds a control character (%U): `callboard calls` lists the ids", what, strconv.QuoteToASCII(s), r)
		}
	}
	return nil
}

// destination validates a destination argument before anything is sent.
func destination(what, s string) (string, error) {
	d, err := model.ParseDestination(s)
	if err != nil {
		return "", usagef("%s: %v", what, err)
	}
	return d.Value, nil
}

// simpleCallVerb covers the verbs whose request is just the call id.
func (a *app) simpleCallVerb(use, short, done string, do func(*webex.Client, context.Context, webex.CallRequest) error) *cobra.Command {
	return a.verb(use, short, cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			err := do(s.Client, ctx, webex.CallRequest{CallID: id, LineOwnerID: s.lineOwner})
			return result{human: done + " " + id}, err
		}, nil
	})
}

func (a *app) verbCommands() []*cobra.Command {
	cmds := []*cobra.Command{
		a.callsCommand(), a.showCommand(), a.historyCommand(), a.dialCommand(), a.answerCommand(),
		a.rejectCommand(),
		a.simpleCallVerb("hangup ID", "End a call (an unanswered incoming call is rejected as busy)", "hung up", (*webex.Client).Hangup),
		a.simpleCallVerb("hold ID", "Hold a connected call", "held", (*webex.Client).Hold),
		a.simpleCallVerb("resume ID", "Resume a held call", "resumed", (*webex.Client).Resume),
		a.simpleCallVerb("mute ID", "Mute a call (only calls that report muteCapable)", "muted", (*webex.Client).Mute),
		a.simpleCallVerb("unmute ID", "Unmute a call", "unmuted", (*webex.Client).Unmute),
		a.simpleCallVerb("push ID", "Push a call from an executive assistant to the executive", "pushed", (*webex.Client).Push),
		a.divertCommand(), a.transferCommand(), a.parkCommand(), a.retrieveCommand(), a.recordCommand(),
		a.dtmfCommand(), a.pickupCommand(), a.bargeCommand(), a.pullCommand(),
	}
	return cmds
}

func (a *app) callsCommand() *cobra.Command {
	return a.verb("calls", "List the active calls on your line", cobra.NoArgs, func(*cobra.Command, []string) (verbFunc, error) {
		return func(ctx context.Context, s session) (result, error) {
			calls, err := s.ListCalls(ctx, s.lineOwner)
			if err != nil {
				return result{}, err
			}
			return result{json: webex.CallList{Items: nonNil(calls)}, human: formatCalls(calls, time.Now())}, nil
		}, nil
	})
}

func (a *app) showCommand() *cobra.Command {
	return a.verb("show ID", "Show every detail of one call", cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			call, err := s.GetCall(ctx, id, s.lineOwner)
			if err != nil {
				return result{}, err
			}
			return result{json: call, human: formatCall(call, time.Now())}, nil
		}, nil
	})
}

func (a *app) historyCommand() *cobra.Command {
	var kind string
	cmd := a.verb("history", "List recent placed, missed and received calls", cobra.NoArgs, func(*cobra.Command, []string) (verbFunc, error) {
		t := webex.HistoryType(kind)
		switch t {
		case "", webex.HistoryPlaced, webex.HistoryMissed, webex.HistoryReceived:
		default:
			return nil, usagef("--type %q: use placed, missed or received", kind)
		}
		return func(ctx context.Context, s session) (result, error) {
			records, err := s.ListHistory(ctx, t)
			if err != nil {
				return result{}, err
			}
			return result{json: webex.HistoryList{Items: nonNil(records)}, human: formatHistory(records)}, nil
		}, nil
	})
	cmd.Flags().StringVar(&kind, "type", "", "only placed, missed or received calls")
	return cmd
}

// deviceFlags are the mutually exclusive ways to choose where a new call rings.
type deviceFlags struct{ endpoint, snr string }

func (d *deviceFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&d.endpoint, "endpoint", "", "ring only this device or app (its endpoint ID)")
	cmd.Flags().StringVar(&d.snr, "snr", "", "use this Single Number Reach phone number instead of your devices")
}

func (d *deviceFlags) validate() error {
	if err := opaqueID("--endpoint", d.endpoint); err != nil {
		return err
	}
	if d.endpoint != "" && d.snr != "" {
		return usagef("--endpoint and --snr cannot be used together")
	}
	if d.snr != "" {
		if _, err := destination("--snr", d.snr); err != nil {
			return err
		}
	}
	return nil
}

func newCallText(verb string, n webex.NewCall) string {
	return fmt.Sprintf("%s: new call %s (session %s)", verb, textsafe.Line(n.CallID), textsafe.Line(n.CallSessionID))
}

func (a *app) dialCommand() *cobra.Command {
	var dev deviceFlags
	cmd := a.verb("dial DEST", "Place a call: your phone rings first, then DEST is called", cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		dest, err := destination("dial", args[0])
		if err != nil {
			return nil, err
		}
		if err := dev.validate(); err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			n, err := s.Dial(ctx, webex.DialRequest{Destination: dest, EndpointID: dev.endpoint,
				SingleNumberReachPhoneNumber: dev.snr, LineOwnerID: s.lineOwner})
			return result{json: n, human: newCallText("dialing "+dest+"; answer your phone to place the call", n)}, err
		}, nil
	})
	dev.register(cmd)
	return cmd
}

func (a *app) answerCommand() *cobra.Command {
	var endpoint string
	cmd := a.verb("answer ID", "Answer a ringing call", cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		if err := opaqueID("--endpoint", endpoint); err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			err := s.Answer(ctx, webex.AnswerRequest{CallID: id, EndpointID: endpoint, LineOwnerID: s.lineOwner})
			return result{human: "answered " + id}, err
		}, nil
	})
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "answer on this device or app (its endpoint ID) instead of the primary device")
	return cmd
}

func (a *app) rejectCommand() *cobra.Command {
	var action string
	cmd := a.verb("reject ID", "Reject a ringing call", cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		act := webex.RejectAction(action)
		switch act {
		case webex.RejectBusy, webex.RejectTemporarilyUnavailable, webex.RejectIgnore:
		default:
			return nil, usagef("--action %q: use busy, temporarilyUnavailable or ignore", action)
		}
		return func(ctx context.Context, s session) (result, error) {
			err := s.Reject(ctx, webex.RejectRequest{CallID: id, Action: act, LineOwnerID: s.lineOwner})
			return result{human: "rejected " + id + " (" + string(act) + ")"}, err
		}, nil
	})
	cmd.Flags().StringVar(&action, "action", string(webex.RejectBusy), "busy, temporarilyUnavailable, or ignore (stop ringing, caller keeps hearing ringback)")
	return cmd
}

func (a *app) divertCommand() *cobra.Command {
	var to string
	var voicemail bool
	cmd := a.verb("divert ID (--to DEST | --voicemail)", "Send a ringing call elsewhere without answering it", cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		if to == "" && !voicemail {
			return nil, usagef("divert needs --to DEST or --voicemail")
		}
		dest := ""
		if to != "" {
			if dest, err = destination("divert --to", to); err != nil {
				return nil, err
			}
		}
		return func(ctx context.Context, s session) (result, error) {
			err := s.Divert(ctx, webex.DivertRequest{CallID: id, Destination: dest, ToVoicemail: voicemail, LineOwnerID: s.lineOwner})
			return result{human: "diverted " + id + " to " + model.DivertPlace(dest, voicemail)}, err
		}, nil
	})
	cmd.Flags().StringVar(&to, "to", "", "destination: number, extension, or user@domain")
	cmd.Flags().BoolVar(&voicemail, "voicemail", false, "to voicemail: yours, or that of --to")
	return cmd
}

func (a *app) transferCommand() *cobra.Command {
	var to, with string
	cmd := a.verb("transfer [ID] (--to DEST | --with ID2)", "Transfer a call to a destination, or join two calls", cobra.MaximumNArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		var req webex.TransferRequest
		switch {
		case len(args) == 0 && to == "" && with == "":
			// Exactly two calls: Webex picks them.
		case len(args) == 0:
			return nil, usagef("transfer --to/--with needs the call ID to transfer")
		case to != "" && with != "":
			return nil, usagef("use either --to or --with, not both")
		case to == "" && with == "":
			return nil, usagef("transfer ID needs --to DEST (blind) or --with ID2 (join two calls)")
		}
		var err error
		if len(args) == 1 {
			if req.CallID1, err = callID(args[0]); err != nil {
				return nil, err
			}
		}
		if to != "" {
			if req.Destination, err = destination("transfer --to", to); err != nil {
				return nil, err
			}
		}
		if with != "" {
			if req.CallID2, err = callID(with); err != nil {
				return nil, err
			}
			if req.CallID2 == req.CallID1 {
				return nil, usagef("cannot transfer a call to itself")
			}
		}
		return func(ctx context.Context, s session) (result, error) {
			req.LineOwnerID = s.lineOwner
			n, err := s.Transfer(ctx, req)
			if err != nil {
				return result{}, err
			}
			if n == nil {
				return result{human: "transferred: the two calls are joined"}, nil
			}
			return result{json: n, human: newCallText("transferring to "+req.Destination+" once it answers", *n)}, nil
		}, nil
	})
	cmd.Flags().StringVar(&to, "to", "", "transfer to this destination once it answers")
	cmd.Flags().StringVar(&with, "with", "", "join the call with this other call (consultative transfer)")
	return cmd
}

func (a *app) parkCommand() *cobra.Command {
	var at string
	var group bool
	cmd := a.verb("park ID", "Park a call; retrieve it from any phone", cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		if group && at != "" {
			return nil, usagef("--group picks the park place itself: drop --at")
		}
		dest := ""
		if at != "" {
			if dest, err = destination("park --at", at); err != nil {
				return nil, err
			}
		}
		return func(ctx context.Context, s session) (result, error) {
			res, err := s.Park(ctx, webex.ParkRequest{CallID: id, Destination: dest, IsGroupPark: group, LineOwnerID: s.lineOwner})
			if err != nil {
				return result{}, err
			}
			return result{json: res, human: parkText(res.ParkedAgainst)}, nil
		}, nil
	})
	cmd.Flags().StringVar(&at, "at", "", "park against this number or extension (default: your own line)")
	cmd.Flags().BoolVar(&group, "group", false, "park against a free member of your call park group")
	return cmd
}

func parkText(wire webex.Party) string {
	p := convert.Party(&wire)
	if p.Number == "" {
		return "parked against " + p.Display()
	}
	return fmt.Sprintf("parked against %s; retrieve with: callboard retrieve %s", p.Describe(), p.Number)
}

func (a *app) retrieveCommand() *cobra.Command {
	var dev deviceFlags
	cmd := a.verb("retrieve [DEST]", "Retrieve a parked call (default: parked against you)", cobra.MaximumNArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		dest := ""
		if len(args) == 1 {
			var err error
			if dest, err = destination("retrieve", args[0]); err != nil {
				return nil, err
			}
		}
		if err := dev.validate(); err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			n, err := s.Retrieve(ctx, webex.RetrieveRequest{Destination: dest, EndpointID: dev.endpoint,
				SingleNumberReachPhoneNumber: dev.snr, LineOwnerID: s.lineOwner})
			return result{json: n, human: newCallText("retrieved", n)}, err
		}, nil
	})
	dev.register(cmd)
	return cmd
}

func (a *app) recordCommand() *cobra.Command {
	ops := map[string]struct {
		do   func(*webex.Client, context.Context, webex.CallRequest) error
		done string
	}{
		"start":  {(*webex.Client).StartRecording, "recording started on"},
		"stop":   {(*webex.Client).StopRecording, "recording stopped on"},
		"pause":  {(*webex.Client).PauseRecording, "recording paused on"},
		"resume": {(*webex.Client).ResumeRecording, "recording resumed on"},
	}
	return a.verb("record start|stop|pause|resume ID", "Control a call's recording (recording mode On Demand)", cobra.ExactArgs(2), func(_ *cobra.Command, args []string) (verbFunc, error) {
		op, ok := ops[args[0]]
		if !ok {
			return nil, usagef("record %q: use start, stop, pause or resume", args[0])
		}
		id, err := callID(args[1])
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			err := op.do(s.Client, ctx, webex.CallRequest{CallID: id, LineOwnerID: s.lineOwner})
			return result{human: op.done + " " + id}, err
		}, nil
	})
}

func (a *app) dtmfCommand() *cobra.Command {
	return a.verb("dtmf ID DIGITS", "Send touch tones (0-9 * # A-D; a comma pauses)", cobra.ExactArgs(2), func(_ *cobra.Command, args []string) (verbFunc, error) {
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		digits, err := model.ParseDTMF(args[1])
		if err != nil {
			return nil, usagef("dtmf: %v", err)
		}
		return func(ctx context.Context, s session) (result, error) {
			err := s.TransmitDTMF(ctx, webex.DTMFRequest{CallID: id, DTMF: digits, LineOwnerID: s.lineOwner})
			return result{human: "sent " + digits + " on " + id}, err
		}, nil
	})
}

func (a *app) pickupCommand() *cobra.Command {
	var dev deviceFlags
	cmd := a.verb("pickup [TARGET]", "Pick up a call ringing for TARGET, or in your pickup group", cobra.MaximumNArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		target := ""
		if len(args) == 1 {
			var err error
			if target, err = destination("pickup", args[0]); err != nil {
				return nil, err
			}
		}
		if err := dev.validate(); err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			n, err := s.Pickup(ctx, webex.PickupRequest{Target: target, EndpointID: dev.endpoint,
				SingleNumberReachPhoneNumber: dev.snr, LineOwnerID: s.lineOwner})
			return result{json: n, human: newCallText("picked up", n)}, err
		}, nil
	})
	dev.register(cmd)
	return cmd
}

func (a *app) bargeCommand() *cobra.Command {
	var dev deviceFlags
	cmd := a.verb("barge TARGET", "Join TARGET's answered call", cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
		target, err := destination("barge", args[0])
		if err != nil {
			return nil, err
		}
		if err := dev.validate(); err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			n, err := s.BargeIn(ctx, webex.BargeInRequest{Target: target, EndpointID: dev.endpoint,
				SingleNumberReachPhoneNumber: dev.snr, LineOwnerID: s.lineOwner})
			return result{json: n, human: newCallText("barged in on "+target, n)}, err
		}, nil
	})
	dev.register(cmd)
	return cmd
}

func (a *app) pullCommand() *cobra.Command {
	var endpoint string
	cmd := a.verb("pull", "Move your active call to another of your devices", cobra.NoArgs, func(*cobra.Command, []string) (verbFunc, error) {
		if err := opaqueID("--endpoint", endpoint); err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			n, err := s.Pull(ctx, webex.PullRequest{EndpointID: endpoint, LineOwnerID: s.lineOwner})
			return result{json: n, human: newCallText("pulled", n)}, err
		}, nil
	})
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "the device or app (endpoint ID) to move the call to")
	return cmd
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
