package desk

import (
	"slices"
	"strings"

	"github.com/callboard/callboard/model"
)

// Target says what a verb acts on.
type Target uint8

// The targets.
const (
	// OnCall verbs act on one call: the selected one, bound when the key was
	// pressed (or the command line opened), or the ID a one-shot verb names.
	OnCall Target = iota + 1
	// NewCall verbs create a call (dial, retrieve, pick up, barge in, pull)
	// and need none.
	NewCall
	// TwoCalls verbs act on two calls at once: join connects them and drops
	// the operator out; conference start joins them with the operator.
	TwoCalls
	// OnConference verbs act on a line's conference as a whole (hold,
	// resume, release, leave): the conference of the selected call's line,
	// or of the line a one-shot verb names.
	OnConference
	// OnUser verbs change the operator's own settings (do not disturb,
	// night service, wrap-up, queues, agent state) and need no call.
	OnUser
)

// Verb is one entry of the verb table: everything keys, the command line,
// help and the one-shot command line need to know about an action, so that
// none of them can disagree with another.
type Verb struct {
	Action  model.Action
	Name    string   // the command-line name: "hold", "record start"
	Aliases []string // other names the command line accepts
	// Key is the [keys] configuration name of the verb's binding. Opposite
	// actions (hold and resume, mute and unmute) share one key name and one
	// binding: the key does whichever the call allows.
	Key     string
	Keys    []string // default keys; empty for verbs reached by name only
	Help    string   // a few words for help: "hold", "pick up"
	Summary string   // one sentence for the one-shot command's help
	Arg     Arg      // what the verb takes besides its call
	Target  Target
	// Hint is what the verb's prompt says under the input; "" for the
	// argument's own hint.
	Hint     string
	Progress string // "holding", for "holding Jane Roe…"
	Done     string // "held", for "held Jane Roe"
	// When says when the verb can act, for the README's key table.
	When string
	// Unsure says what the verb may have done when its reply was lost: it
	// is never sent again by itself, so the operator must look first.
	Unsure string
	// Confirm says the verb changes who talks to whom irreversibly and
	// without a destination the operator typed, or how every call reaches
	// the operator: it is sent only after an explicit confirmation that
	// names the parties or the change.
	Confirm bool
}

// verbs is the table, in help order. It is a function so that nobody can
// alter it.
func verbs() []Verb {
	return []Verb{
		{Action: model.ActionAnswer, When: "a call ringing in (the selected one)", Unsure: "the call may have been answered", Name: "answer", Key: "answer", Keys: []string{"a", "enter"}, Help: "answer",
			Summary: "Answer a ringing call", Target: OnCall, Progress: "answering", Done: "answered"},
		{Action: model.ActionReject, When: "a call ringing in", Unsure: "the call may have ended", Name: "reject", Key: "reject", Keys: []string{"r"}, Help: "reject",
			Summary: "Reject a ringing call", Arg: ArgReject, Target: OnCall, Progress: "rejecting", Done: "rejected"},
		{Action: model.ActionHangup, When: "any live call", Unsure: "the call may have ended", Name: "hangup", Aliases: []string{"end", "hang up"}, Key: "hangup", Keys: []string{"e"},
			Help: "hang up", Summary: "End a call (an unanswered incoming call is rejected as busy)", Target: OnCall,
			Progress: "hanging up", Done: "hung up"},
		{Action: model.ActionHold, When: "connected", Unsure: "the hold may have happened", Name: "hold", Key: "hold", Keys: []string{"h", "space"}, Help: "hold",
			Summary: "Hold a connected call", Target: OnCall, Progress: "holding", Done: "held"},
		{Action: model.ActionResume, When: "held", Unsure: "the resume may have happened", Name: "resume", Key: "hold", Keys: []string{"h", "space"}, Help: "resume",
			Summary: "Resume a held call", Target: OnCall, Progress: "resuming", Done: "resumed"},
		{Action: model.ActionTransfer, When: "connected or held", Unsure: "the transfer may have happened and the call may have left your line", Name: "transfer", Key: "transfer", Keys: []string{"t"}, Help: "transfer",
			Summary: "Transfer a call to a destination (it completes when the destination answers), or to voicemail",
			Arg:     ArgTransfer, Target: OnCall, Progress: "transferring", Done: "transferring"},
		{Action: model.ActionJoinTransfer, When: "two answered calls (asks first, naming both)", Unsure: "the join may have happened and both calls may have left your line", Name: "join", Key: "join", Keys: []string{"J"}, Help: "join two calls",
			Summary: "Connect two of your calls with each other and drop out (after confirmation)",
			Target:  TwoCalls, Progress: "joining", Done: "joined", Confirm: true},
		{Action: model.ActionConsult, When: "connected or held; T again on either call completes", Unsure: "the consult may have begun: the caller may be on hold", Name: "consult", Key: "consult", Keys: []string{"T"}, Help: "consult",
			Summary: "Hold a call and call someone first; T again joins them", Arg: ArgDestination, Target: OnCall,
			Hint:     "then T joins them, or e on the new call aborts",
			Progress: "consulting", Done: "consulting"},
		{Action: model.ActionDivert, When: "a call ringing in", Unsure: "the divert may have happened and the call may have left your line", Name: "divert", Key: "divert", Keys: []string{"v"}, Help: "divert",
			Summary: "Send a ringing call elsewhere without answering it, or to voicemail", Arg: ArgDivert,
			Target: OnCall, Progress: "diverting", Done: "diverted"},
		{Action: model.ActionPark, When: "connected or held", Unsure: "the park may have happened and the call may have left your line", Name: "park", Key: "park", Keys: []string{"p"}, Help: "park",
			Summary: "Park a call; retrieve it from any phone", Arg: ArgPark, Target: OnCall,
			Progress: "parking", Done: "parked"},
		{Action: model.ActionRetrieve, When: "always", Unsure: "the retrieve may have happened and a new call may be ringing", Name: "retrieve", Key: "retrieve", Keys: []string{"P"}, Help: "retrieve parked",
			Summary: "Retrieve a parked call (default: parked on your own line)", Arg: ArgOptionalDestination,
			Hint:   "enter: the call parked on your own line · or where it is parked",
			Target: NewCall, Progress: "retrieving", Done: "retrieved"},
		{Action: model.ActionDial, When: "always", Unsure: "the call may be ringing", Name: "dial", Aliases: []string{"call"}, Key: "dial", Keys: []string{"d"}, Help: "dial",
			Summary: "Place a call: your phone rings first, then the destination is called", Arg: ArgDestination,
			Hint:   "your phone rings first, then the call is placed · a number, extension or address",
			Target: NewCall, Progress: "dialing", Done: "dialing"},
		{Action: model.ActionPickup, When: "always", Unsure: "the pickup may have happened and a new call may be ringing", Name: "pickup", Aliases: []string{"pick up"}, Key: "pickup", Keys: []string{"u"},
			Help: "pick up", Summary: "Pick up a call ringing for a colleague, or anywhere in your pickup group",
			Arg: ArgOptionalDestination, Target: NewCall, Progress: "picking up", Done: "picked up",
			Hint: "enter: any call ringing in your pickup group · or a colleague's extension"},
		{Action: model.ActionBargeIn, When: "always", Unsure: "the barge-in may have happened and a new call may be ringing", Name: "barge", Aliases: []string{"bargein", "barge in"}, Key: "barge", Keys: []string{"b"},
			Help: "barge in", Summary: "Join a colleague's answered call", Arg: ArgDestination, Target: NewCall,
			Hint:     "a colleague's extension or number: you join their answered call",
			Progress: "barging in on", Done: "barged in on"},
		{Action: model.ActionMute, When: "the call can be muted", Unsure: "the mute may have happened", Name: "mute", Key: "mute", Keys: []string{"m"}, Help: "mute",
			Summary: "Mute a call (only calls Webex reports muteCapable)", Target: OnCall, Progress: "muting", Done: "muted"},
		{Action: model.ActionUnmute, When: "muted", Unsure: "the unmute may have happened", Name: "unmute", Key: "mute", Keys: []string{"m"}, Help: "unmute",
			Summary: "Unmute a call", Target: OnCall, Progress: "unmuting", Done: "unmuted"},
		{Action: model.ActionRecordStart, When: "connected", Unsure: "the recording may have started", Name: "record start", Key: "record", Keys: []string{"o"}, Help: "record",
			Summary: "Start recording a call (recording mode On Demand)", Target: OnCall,
			Progress: "starting the recording of", Done: "recording started on"},
		{Action: model.ActionRecordStop, When: "recording", Unsure: "the recording may have stopped", Name: "record stop", Key: "record", Keys: []string{"o"}, Help: "stop recording",
			Summary: "Stop recording a call", Target: OnCall, Progress: "stopping the recording of", Done: "recording stopped on"},
		{Action: model.ActionRecordPause, When: "recording", Unsure: "the recording may have paused", Name: "record pause", Key: "record_pause", Keys: []string{"O"}, Help: "pause recording",
			Summary: "Pause a call's recording", Target: OnCall, Progress: "pausing the recording of", Done: "recording paused on"},
		{Action: model.ActionRecordResume, When: "recording paused", Unsure: "the recording may have resumed", Name: "record resume", Key: "record_pause", Keys: []string{"O"}, Help: "resume recording",
			Summary: "Resume a call's paused recording", Target: OnCall, Progress: "resuming the recording of",
			Done: "recording resumed on"},
		{Action: model.ActionDTMF, When: "connected", Unsure: "the tones may have been sent", Name: "dtmf", Key: "dtmf", Keys: []string{"#"}, Help: "send DTMF",
			Summary: "Send touch tones (0-9 * # A-D; a comma pauses)", Arg: ArgDTMF, Target: OnCall,
			Progress: "sending tones to", Done: "sent tones to"},
		{Action: model.ActionPush, When: "connected or held, for an executive", Unsure: "the push may have happened and the call may have left your line", Name: "push", Help: "push to the executive",
			Summary: "Push a call from an executive assistant to the executive", Target: OnCall,
			Progress: "pushing", Done: "pushed to the executive:"},
		{Action: model.ActionPull, When: "a call on another of your devices", Unsure: "the pull may have happened and a new call may be ringing", Name: "pull", Help: "pull to another device",
			Summary: "Move your active call to another of your devices", Target: NewCall,
			Progress: "pulling your call", Done: "pulled your call"},

		{Action: model.ActionConferenceStart, When: "two answered calls of one line (asks first, naming both); in a conference: its actions",
			Unsure: "the conference may have started", Name: "conference start", Aliases: []string{"conference"}, Key: "conference", Keys: []string{"C"},
			Help: "conference", Summary: "Join two of your calls into a three-way conference with you (after confirmation)",
			Target: TwoCalls, Progress: "starting a conference:", Done: "conference:", Confirm: true},
		{Action: model.ActionConferenceAdd, When: "an answered call beside a conference", Unsure: "the call may have joined the conference",
			Name: "conference add", Help: "add to the conference", Summary: "Add an answered call to your conference",
			Target: OnCall, Progress: "adding to the conference:", Done: "conference: added"},
		{Action: model.ActionConferenceMute, When: "a call in a conference", Unsure: "the participant may be muted",
			Name: "conference mute", Help: "mute in the conference", Summary: "Mute a conference participant: the others stop hearing them",
			Target: OnCall, Progress: "muting in the conference:", Done: "conference: muted"},
		{Action: model.ActionConferenceUnmute, When: "a muted call in a conference", Unsure: "the participant may be unmuted",
			Name: "conference unmute", Help: "unmute in the conference", Summary: "Unmute a conference participant",
			Target: OnCall, Progress: "unmuting in the conference:", Done: "conference: unmuted"},
		{Action: model.ActionConferenceDeafen, When: "a call in a conference", Unsure: "the participant may be deafened",
			Name: "conference deafen", Help: "deafen in the conference", Summary: "Deafen a conference participant: they stop hearing the conference",
			Target: OnCall, Progress: "deafening in the conference:", Done: "conference: deafened"},
		{Action: model.ActionConferenceUndeafen, When: "a deafened call in a conference", Unsure: "the participant may hear the conference again",
			Name: "conference undeafen", Help: "undeafen in the conference", Summary: "Let a deafened conference participant hear the conference again",
			Target: OnCall, Progress: "undeafening in the conference:", Done: "conference: undeafened"},
		{Action: model.ActionConferenceHold, When: "in a conference", Unsure: "the conference may be on hold",
			Name: "conference hold", Help: "hold the conference", Summary: "Hold your conference: the others keep talking",
			Target: OnConference, Progress: "holding", Done: "held"},
		{Action: model.ActionConferenceResume, When: "a conference you held", Unsure: "you may be back in the conference",
			Name: "conference resume", Help: "resume the conference", Summary: "Come back into the conference you held",
			Target: OnConference, Progress: "resuming", Done: "back in"},
		{Action: model.ActionConferenceRelease, When: "in a conference (asks first)", Unsure: "the conference and its calls may have ended",
			Name: "conference release", Help: "end the conference", Summary: "End the conference and every call in it (after confirmation)",
			Target: OnConference, Progress: "releasing", Done: "released", Confirm: true},
		{Action: model.ActionConferenceLeave, When: "a three-way conference (asks first)", Unsure: "you may have stepped out and the calls may have left your line",
			Name: "conference leave", Help: "step out of the conference", Summary: "Step out of a three-way conference, leaving the other two talking (after confirmation)",
			Target: OnConference, Progress: "stepping out:", Done: "stepped out, still talking:", Confirm: true},
		{Action: model.ActionDoNotDisturb, When: "always (asks first)", Unsure: "do not disturb may have changed",
			Name: "dnd", Aliases: []string{"do not disturb"}, Key: "dnd", Keys: []string{"N"}, Help: "do not disturb",
			Summary: "Turn your do not disturb on or off (after confirmation)", Arg: ArgOnOff,
			Target: OnUser, Progress: "turning", Confirm: true},
		{Action: model.ActionNightService, When: "a night service is configured (asks first)", Unsure: "your call forwarding may have changed",
			Name: "night", Aliases: []string{"night service"}, Key: "night", Keys: []string{"F"}, Help: "night service",
			Summary: "Turn the night service on or off: forward every call to the configured destination (after confirmation)", Arg: ArgOnOff,
			Target: OnUser, Progress: "turning", Confirm: true},
		{Action: model.ActionWrapUp, When: "a queue call ended", Unsure: "the wrap-up reasons may have been recorded",
			Name: "wrapup", Aliases: []string{"wrap up"}, Key: "wrapup", Keys: []string{"Y"}, Help: "wrap-up",
			Summary: "Tag your last queue call with wrap-up reasons", Arg: ArgReasons,
			Target: OnUser, Progress: "tagging", Done: "tagged"},
		{Action: model.ActionQueueJoin, When: "a queue you may join", Unsure: "you may have joined the queue",
			Name: "queue join", Help: "join a queue", Summary: "Join one of your call queues: it offers you calls while you are available",
			Arg: ArgQueue, Target: OnUser, Progress: "joining", Done: "joined"},
		{Action: model.ActionQueueLeave, When: "a queue you may leave", Unsure: "you may have left the queue",
			Name: "queue leave", Help: "leave a queue", Summary: "Leave one of your call queues: it stops offering you calls",
			Arg: ArgQueue, Target: OnUser, Progress: "leaving", Done: "left"},
		{Action: model.ActionAgentState, When: "you are a call queue agent", Unsure: "your agent state may have changed",
			Name: "agent", Help: "agent state", Summary: "Change your call queue agent state: available, unavailable, wrap-up or signed out",
			Arg: ArgAgent, Target: OnUser, Progress: "setting your agent state:", Done: "agent state:"},
	}
}

// verbTable is the table with its indexes, built once and read only: the
// console looks verbs up on every frame.
type verbTable struct {
	verbs     []Verb
	byAction  map[model.Action]int
	keyNames  []string
	keyIndex  map[string]int
	keyGroups map[string][]model.Action
	names     []string
}

// table is the verb table. Nothing writes to it after it is built.
var table = buildTable()

func buildTable() verbTable {
	t := verbTable{verbs: verbs(), byAction: map[model.Action]int{}, keyIndex: map[string]int{}, keyGroups: map[string][]model.Action{}}
	for i, v := range t.verbs {
		t.byAction[v.Action] = i
		t.names = append(t.names, v.Name)
		t.names = append(t.names, v.Aliases...)
		if v.Key == "" {
			continue
		}
		if _, ok := t.keyIndex[v.Key]; !ok {
			t.keyIndex[v.Key] = len(t.keyNames)
			t.keyNames = append(t.keyNames, v.Key)
		}
		t.keyGroups[v.Key] = append(t.keyGroups[v.Key], v.Action)
	}
	return t
}

// Verbs returns the verb table in help order. The slice is new on every
// call.
func Verbs() []Verb { return verbs() }

// VerbOf returns the table entry of an action. Its slices are the table's:
// read them, never change them.
func VerbOf(a model.Action) (Verb, bool) {
	i, ok := table.byAction[a]
	if !ok {
		return Verb{}, false
	}
	return table.verbs[i], true
}

// KeyGroup returns the actions that share the [keys] name key, in table
// order: ["hold", "resume"] for "hold". A key bound there does the first of
// them the call allows. The slice is the table's: never change it.
func KeyGroup(key string) []model.Action { return table.keyGroups[key] }

// KeyNames returns the [keys] names of the verbs that have a binding, each
// once, in table order. The slice is the table's: never change it.
func KeyNames() []string { return table.keyNames }

// KeyIndex returns the position of a [keys] name in KeyNames, or -1.
func KeyIndex(name string) int {
	if i, ok := table.keyIndex[name]; ok {
		return i
	}
	return -1
}

// Names returns every command-line name and alias, for completion.
func Names() []string { return slices.Clone(table.names) }

// normalName folds case and runs of spaces, "-" and "_" into single spaces,
// so "Record-Start" and "record  start" name the same verb.
func normalName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	}), " ")
}

// Lookup finds the verb a command line starts with, taking the longest name
// that matches whole words ("record start 1" is "record start", "1"), and
// returns the rest of the line as its argument text.
func Lookup(line string) (v Verb, rest string, ok bool) {
	words := strings.Fields(line)
	best := 0
	for _, cand := range table.verbs {
		for _, name := range append([]string{cand.Name}, cand.Aliases...) {
			n := len(strings.Fields(name))
			if n <= best || n > len(words) || normalName(strings.Join(words[:n], " ")) != name {
				continue
			}
			v, best = cand, n
		}
	}
	if best == 0 {
		return Verb{}, "", false
	}
	return v, strings.Join(words[best:], " "), true
}

// PromptHint is what the verb's prompt says under the input.
func (v Verb) PromptHint() string {
	if v.Hint != "" {
		return v.Hint
	}
	return v.Arg.Hint()
}

// Usage is the verb's command-line form: "park [DEST|group]".
func (v Verb) Usage() string {
	if u := v.Arg.usage(); u != "" {
		return v.Name + " " + u
	}
	return v.Name
}
