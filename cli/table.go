package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/dispatch"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// The call verbs are built from the desk's verb table, as the console's
// keys, command line and help are: the same names, the same arguments
// checked the same way, the same request sent for each.

// tableCommands returns a command for every verb of the table. Verbs whose
// names share a first word ("record start", "record stop") become one
// command taking the second word ("record start ID").
func (a *app) tableCommands() []*cobra.Command {
	var cmds []*cobra.Command
	grouped := map[string][]desk.Verb{}
	var order []string
	for _, v := range desk.Verbs() {
		first, _, multi := strings.Cut(v.Name, " ")
		if !multi {
			cmds = append(cmds, a.tableVerb(v))
			continue
		}
		if _, ok := grouped[first]; !ok {
			order = append(order, first)
		}
		grouped[first] = append(grouped[first], v)
	}
	for _, first := range order {
		cmds = append(cmds, a.groupVerb(first, grouped[first]))
	}
	return cmds
}

// verbFlags are the flags a table verb may take; each verb registers those
// its argument and target need.
type verbFlags struct {
	to, at, action, with string
	voicemail, group     bool
	dev                  deviceFlags
}

// register adds the flags v takes to cmd.
func (f *verbFlags) register(cmd *cobra.Command, v desk.Verb) {
	fl := cmd.Flags()
	switch v.Arg {
	case desk.ArgTransfer, desk.ArgDivert:
		fl.StringVar(&f.to, "to", "", "the destination: number, extension, user@domain, or a colleague's name")
		fl.BoolVar(&f.voicemail, "voicemail", false, "to voicemail: yours, or that of --to")
	case desk.ArgPark:
		fl.StringVar(&f.at, "at", "", "park against this number or extension (default: your own line)")
		fl.BoolVar(&f.group, "group", false, "park against a free member of your call park group")
	case desk.ArgReject:
		fl.StringVar(&f.action, "action", desk.RejectBusy, "busy, temporarilyUnavailable, or ignore (stop ringing, caller keeps hearing ringback)")
	}
	switch v.Action {
	case model.ActionTransfer:
		fl.StringVar(&f.with, "with", "", "join the call with this other call instead (the same as `callboard join ID ID2`)")
	case model.ActionConsult:
		fl.StringVar(&f.to, "to", "", "who to consult: number, extension, user@domain, or a colleague's name")
	case model.ActionAnswer, model.ActionPull:
		fl.StringVar(&f.dev.endpoint, "endpoint", "", "the device or app to use instead of the primary device: its endpoint ID, or its name (\"desk phone\")")
	}
	if v.Target == desk.NewCall && v.Action != model.ActionPull {
		f.dev.register(cmd)
	}
}

// argText turns the flags into the text the verb's argument parses, the
// way the command line reads "vm 102" or "group".
func (f *verbFlags) argText(v desk.Verb, positional []string) (string, error) {
	switch v.Arg {
	case desk.ArgTransfer, desk.ArgDivert:
		switch {
		case f.voicemail:
			return strings.TrimSpace("vm " + f.to), nil
		case f.to == "" && v.Action == model.ActionDivert:
			return "", usagef("divert needs --to DEST or --voicemail")
		case f.to == "":
			return "", usagef("transfer needs --to DEST or --voicemail (to connect two of your calls: callboard join ID ID2)")
		}
		return f.to, nil
	case desk.ArgPark:
		switch {
		case f.group && f.at != "":
			return "", usagef("--group picks the park place itself: drop --at")
		case f.group:
			return "group", nil
		}
		return f.at, nil
	case desk.ArgReject:
		return f.action, nil
	case desk.ArgReasons:
		// Each argument is one reason: "Tech support" Billing.
		return strings.Join(positional, ","), nil
	case desk.ArgDestination:
		if v.Action == model.ActionConsult {
			if f.to == "" {
				return "", usagef("consult needs --to DEST")
			}
			return f.to, nil
		}
	}
	return strings.Join(positional, " "), nil
}

// tableVerb builds the one-shot command of a verb.
func (a *app) tableVerb(v desk.Verb) *cobra.Command {
	var f verbFlags
	use, positional := verbUse(v)
	cmd := a.verb(use, v.Summary, positionalArgs(v.Name, positional), func(_ *cobra.Command, args []string) (verbFunc, error) {
		return a.verbWork(v, args, &f)
	})
	f.register(cmd, v)
	return cmd
}

// verbWork checks a verb's arguments and flags and returns the work that
// sends it; nothing is sent when they are wrong.
func (a *app) verbWork(v desk.Verb, args []string, f *verbFlags) (verbFunc, error) {
	op := desk.Operation{Action: v.Action}
	var rest []string
	switch v.Target {
	case desk.OnCall:
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		op.CallID, rest = id, args[1:]
	case desk.TwoCalls:
		if len(args) == 1 || (len(args) == 0 && v.Action == model.ActionConferenceStart) {
			if v.Action == model.ActionConferenceStart {
				return nil, usagef("conference start takes the two call ids: callboard conference start ID ID2")
			}
			return nil, usagef("join takes two call ids, or none to join your only two calls")
		}
		for i, arg := range args {
			id, err := callID(arg)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				op.CallID = id
			} else if op.With = id; id == op.CallID {
				return nil, usagef("cannot %s a call with itself", v.Name)
			}
		}
	default:
		rest = args
	}
	if f.with != "" {
		return a.joinWith(op, *f)
	}
	text, err := f.argText(v, rest)
	if err != nil {
		return nil, err
	}
	args2, problem := v.Arg.Parse(text)
	_, isName := v.Arg.NameIn(text) // the directory finds it before anything is sent
	switch {
	case problem != "" && v.Arg == desk.ArgReject:
		return nil, usagef("--action %q: use busy, temporarilyUnavailable or ignore", f.action)
	case problem != "" && !isName:
		return nil, usagef("%s: %s", strings.TrimSpace(v.Name+" "+flagOf(v)), problem)
	}
	if err := f.dev.validate(); err != nil {
		return nil, err
	}
	args2.Endpoint, args2.SNR = f.dev.endpoint, f.dev.snr
	op2 := desk.OperationFor(v.Action, op.CallID, args2)
	op2.With = op.With
	if needsResolving(v, text, args2.Endpoint) {
		return a.resolved(v, op2, text), nil
	}
	return a.tableWork(v, op2), nil
}

// joinWith is `transfer ID --with ID2`, the contract's older spelling of
// `join ID ID2`.
func (a *app) joinWith(op desk.Operation, f verbFlags) (verbFunc, error) {
	if f.to != "" || f.voicemail {
		return nil, usagef("use either --to/--voicemail or --with, not both")
	}
	with, err := callID(f.with)
	if err != nil {
		return nil, err
	}
	if with == op.CallID {
		return nil, usagef("cannot transfer a call to itself")
	}
	join, _ := desk.VerbOf(model.ActionJoinTransfer)
	return a.tableWork(join, desk.Operation{Action: model.ActionJoinTransfer, CallID: op.CallID, With: with}), nil
}

// groupVerb builds the command of verbs sharing a first word: its first
// argument picks the verb ("record start ID", "conference mute ID",
// "queue join QUEUE"), and the rest are that verb's.
func (a *app) groupVerb(first string, verbs []desk.Verb) *cobra.Command {
	var subs, summaries []string
	var uses []string
	for _, v := range verbs {
		sub := strings.TrimPrefix(v.Name, first+" ")
		subs = append(subs, sub)
		summaries = append(summaries, sub+": "+strings.ToLower(v.Summary[:1])+v.Summary[1:])
		_, pos := verbUse(v)
		uses = append(uses, strings.Join(pos, " "))
	}
	tail := uses[0]
	for _, u := range uses[1:] {
		if u != tail {
			tail = "ARGS" // each verb takes its own: see the summaries
		}
	}
	use := strings.TrimSpace(first + " " + strings.Join(subs, "|") + " " + tail)
	short := "Control a call's " + first + "ing (" + strings.Join(summaries, "; ") + ")"
	if first != "record" {
		// Too many verbs for their summaries: their forms say enough, and
		// `callboard help` lists the console's keys for the rest.
		forms := make([]string, len(subs))
		for i, sub := range subs {
			forms[i] = strings.TrimSpace(sub + " " + uses[i])
		}
		short = "Act on your " + first + ": " + strings.Join(forms, ", ")
	}
	return a.verb(use, short, cobra.MinimumNArgs(1), func(cmd *cobra.Command, args []string) (verbFunc, error) {
		for i, sub := range subs {
			if args[0] != sub {
				continue
			}
			_, pos := verbUse(verbs[i])
			if err := positionalArgs(verbs[i].Name, pos)(cmd, args[1:]); err != nil {
				return nil, usageError{err}
			}
			return a.verbWork(verbs[i], args[1:], &verbFlags{})
		}
		return nil, usagef("%s %q: use %s or %s", first, args[0], strings.Join(subs[:len(subs)-1], ", "), subs[len(subs)-1])
	})
}

// flagOf names the flag that carries a verb's argument, for messages.
func flagOf(v desk.Verb) string {
	switch {
	case v.Arg == desk.ArgTransfer, v.Arg == desk.ArgDivert, v.Action == model.ActionConsult:
		return "--to"
	case v.Arg == desk.ArgPark:
		return "--at"
	}
	return ""
}

// verbUse is a verb's usage line and its positional arguments.
func verbUse(v desk.Verb) (string, []string) {
	var pos []string
	switch {
	case v.Target == desk.OnCall:
		pos = append(pos, "ID")
	case v.Action == model.ActionConferenceStart:
		pos = append(pos, "ID", "ID2")
	case v.Target == desk.TwoCalls:
		pos = append(pos, "[ID ID2]")
	}
	switch {
	case v.Target == desk.NewCall && v.Arg == desk.ArgDestination:
		pos = append(pos, "DEST")
	case v.Target == desk.NewCall && v.Arg == desk.ArgOptionalDestination:
		pos = append(pos, "[DEST]")
	case v.Arg == desk.ArgDTMF:
		pos = append(pos, "DIGITS")
	case v.Arg == desk.ArgOnOff:
		pos = append(pos, "on|off")
	case v.Arg == desk.ArgReasons:
		pos = append(pos, "REASON...")
	case v.Arg == desk.ArgQueue:
		pos = append(pos, "QUEUE")
	case v.Arg == desk.ArgAgent:
		pos = append(pos, "STATE")
	}
	use := v.Name + " " + strings.Join(pos, " ")
	switch v.Arg {
	case desk.ArgTransfer:
		use += " (--to DEST | --voicemail | --with ID2)"
	case desk.ArgDivert:
		use += " (--to DEST | --voicemail)"
	case desk.ArgPark:
		use += " [--at DEST | --group]"
	case desk.ArgReject:
		use += " [--action busy|temporarilyUnavailable|ignore]"
	}
	if v.Action == model.ActionConsult {
		use += " --to DEST"
	}
	return strings.TrimSpace(use), pos
}

// positionalArgs checks the count of positional arguments, saying what is
// missing in words rather than cobra's "accepts 1 arg(s)".
func positionalArgs(name string, pos []string) cobra.PositionalArgs {
	required, optional := 0, 0
	for _, p := range pos {
		switch {
		case strings.HasSuffix(p, "..."):
			required++
			optional = 1 << 20 // as many more as given
		case strings.HasPrefix(p, "["):
			optional += len(strings.Fields(p))
		default:
			required++
		}
	}
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) < required:
			missing := pos[len(args)]
			hint := ""
			if missing == "ID" {
				hint = ": `callboard calls` lists the ids"
			}
			return fmt.Errorf("%s needs %s%s (usage: callboard %s %s)", name, article(missing), hint, name, strings.Join(pos, " "))
		case len(args) > required+optional:
			return fmt.Errorf("%s takes %s, not %d arguments (usage: callboard %s %s)", name, strings.Join(pos, " "), len(args), name, strings.Join(pos, " "))
		}
		return nil
	}
}

// article names a missing argument for a message: "a call id", "a destination".
func article(arg string) string {
	switch arg {
	case "ID":
		return "a call id"
	case "DEST":
		return "a destination"
	case "DIGITS":
		return "the digits to send"
	case "on|off":
		return "on or off"
	case "REASON...":
		return "at least one wrap-up reason"
	case "QUEUE":
		return "a queue (its extension or number)"
	case "STATE":
		return "an agent state (available, unavailable, wrap-up or signed-out)"
	}
	return strings.ToLower(arg)
}

// tableWork sends the operation and words the outcome.
func (a *app) tableWork(v desk.Verb, op desk.Operation) verbFunc {
	return func(ctx context.Context, s session) (result, error) {
		op.Line = s.lineOwner
		if v.Action == model.ActionNightService {
			if op.Args.On && s.night == "" {
				return result{}, errors.New("night service: no destination configured: set forward_to in the [night] table")
			}
			op.Args.Dest = s.night
		}
		if v.Action == model.ActionConsult {
			return consult(ctx, s, op)
		}
		res, raw, err := dispatch.RunRaw(ctx, s.Client, op)
		if err != nil {
			return result{}, err
		}
		return result{json: raw, human: outcomeText(v, op, res, raw)}, nil
	}
}

// consult holds the call, then calls the consult party: the one-shot form
// of the console's consult. Completing it is `callboard join ID NEW`.
func consult(ctx context.Context, s session, op desk.Operation) (result, error) {
	if err := s.Hold(ctx, webex.CallRequest{CallID: op.CallID, LineOwnerID: op.Line}); err != nil {
		return result{}, fmt.Errorf("consult: hold %s: %w", op.CallID, err)
	}
	n, err := s.Dial(ctx, webex.DialRequest{Destination: op.Args.Dest, LineOwnerID: op.Line})
	if err != nil {
		return result{}, fmt.Errorf("consult: %s is on hold; dial %s: %w", op.CallID, op.Args.Dest, err)
	}
	return result{json: n, human: newCallText(fmt.Sprintf("consulting %s while %s holds; complete with: callboard join %s %s",
		op.Args.Dest, op.CallID, op.CallID, textsafe.Line(n.CallID)), n)}, nil
}

// outcomeText words what a verb did, in the table's words.
func outcomeText(v desk.Verb, op desk.Operation, res desk.Result, raw any) string {
	id := op.CallID
	switch v.Action {
	case model.ActionReject:
		return "rejected " + id + " (" + op.Args.Reject + ")"
	case model.ActionDTMF:
		return "sent " + op.Args.Digits + " to " + id
	case model.ActionDivert, model.ActionTransfer:
		if n, ok := raw.(*webex.NewCall); ok && n != nil {
			return newCallText("transferring "+id+" to "+op.Args.Dest+" once it answers", *n)
		}
		return v.Done + " " + id + " to " + op.Args.Where()
	case model.ActionJoinTransfer:
		if id == "" {
			return "transferred: your two calls are joined"
		}
		return "transferred: joined " + id + " and " + op.With
	case model.ActionPark:
		return parkText(res.ParkedAt)
	case model.ActionDial:
		return newCallText("dialing "+op.Args.Dest+"; answer your phone to place the call", raw.(webex.NewCall))
	case model.ActionDoNotDisturb:
		return "do not disturb " + onOff(op.Args.On)
	case model.ActionNightService:
		if op.Args.On {
			return "night service on: every call goes to " + op.Args.Dest
		}
		return "night service off"
	case model.ActionWrapUp:
		return "tagged your last queue call: " + strings.ReplaceAll(op.Args.Reasons, ",", ", ")
	case model.ActionQueueJoin, model.ActionQueueLeave:
		return v.Done + " queue " + op.Args.Queue
	case model.ActionAgentState:
		return "agent state: " + desk.AgentState(op.Args.Agent).Word()
	case model.ActionConferenceStart:
		return "conference: " + id + " and " + op.With + " talk with you"
	case model.ActionConferenceHold, model.ActionConferenceResume, model.ActionConferenceRelease:
		return v.Done + " the conference"
	case model.ActionConferenceLeave:
		return "stepped out of the conference: the others talk on"
	}
	if n, ok := raw.(webex.NewCall); ok {
		return newCallText(strings.TrimSpace(v.Done+" "+op.Args.Dest), n)
	}
	return v.Done + " " + id
}

// newCallText names the call a verb created.
func newCallText(verb string, n webex.NewCall) string {
	return fmt.Sprintf("%s: new call %s (session %s)", verb, textsafe.Line(n.CallID), textsafe.Line(n.CallSessionID))
}

// parkText says where a call was parked and how to get it back.
func parkText(p model.Party) string {
	if p.Number == "" {
		return "parked against " + p.Display()
	}
	return fmt.Sprintf("parked against %s; retrieve with: callboard retrieve %s", p.Describe(), p.Number)
}

// onOff words a switch.
func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
