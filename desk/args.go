package desk

import (
	"strings"
	"unicode"

	"github.com/callboard/callboard/model"
)

// Arg is the kind of argument a verb takes.
type Arg uint8

// The argument kinds.
const (
	ArgNone                Arg = iota // nothing
	ArgDestination                    // a destination, required
	ArgOptionalDestination            // a destination, or nothing
	ArgTransfer                       // a destination, "vm" (voicemail) or "vm DEST"
	ArgDivert                         // the same as ArgTransfer
	ArgPark                           // nothing (your line), "group", or a destination
	ArgDTMF                           // touch tones
	ArgReject                         // nothing, or how to reject: busy, temporarilyUnavailable, ignore
	ArgOnOff                          // on or off
	ArgReasons                        // wrap-up reasons, separated by commas
	ArgQueue                          // a call queue: its name, extension, number or id
	ArgAgent                          // an agent state: available, unavailable, wrap-up, signed out
)

// maxReason bounds one wrap-up reason: reasons are short names an
// administrator set up.
const maxReason = 80

// Reject modes, in the API's words.
const (
	RejectBusy                   = "busy"
	RejectTemporarilyUnavailable = "temporarilyUnavailable"
	RejectIgnore                 = "ignore"
)

// Args is a verb's argument, checked and normalised.
type Args struct {
	Dest      string // the destination to send ("" when none)
	Voicemail bool   // to voicemail: Dest's, or the operator's own when Dest is ""
	Group     bool   // park on a free member of the park group
	Digits    string // DTMF digits, as the API takes them
	Reject    string // RejectBusy (the default), RejectTemporarilyUnavailable or RejectIgnore
	With      string // join: the other call's id
	// Endpoint is the device or app a new or answered call rings on, by
	// endpoint id ("" = Webex's choice); SNR is a Single Number Reach number
	// to use instead of the devices.
	Endpoint, SNR string
	On            bool   // do not disturb and night service: turn on (else off)
	Reasons       string // wrap-up reasons, separated by commas
	Queue         string // the queue to join or leave: its id once the desk knows it
	Agent         string // the agent state to take, as Webex writes it (AgentState)
}

// usage is the argument's form in a usage line.
func (a Arg) usage() string {
	switch a {
	case ArgDestination:
		return "DEST"
	case ArgOptionalDestination:
		return "[DEST]"
	case ArgTransfer, ArgDivert:
		return "DEST | vm [DEST]"
	case ArgPark:
		return "[DEST | group]"
	case ArgDTMF:
		return "DIGITS"
	case ArgReject:
		return "[busy | temporarilyUnavailable | ignore]"
	case ArgOnOff:
		return "on | off"
	case ArgReasons:
		return "REASON[,REASON...]"
	case ArgQueue:
		return "QUEUE"
	case ArgAgent:
		return "available | unavailable | wrap-up | signed-out"
	}
	return ""
}

// Hint is what a prompt for the argument says under the input.
func (a Arg) Hint() string {
	switch a {
	case ArgDestination:
		return "a number, extension or address"
	case ArgOptionalDestination:
		return "enter: the default · or a number, extension or address"
	case ArgTransfer:
		return "a number, extension or address: the transfer completes when it answers · vm: voicemail"
	case ArgDivert:
		return "a number, extension or address · vm: your voicemail · vm 1234: the voicemail of 1234"
	case ArgPark:
		return "enter: your own line · group: a free member of your park group · or a number or extension"
	case ArgDTMF:
		return "0-9 * # A-D · a comma pauses: 1,234"
	case ArgReject:
		return "busy (default), temporarilyUnavailable or ignore"
	case ArgOnOff:
		return "on or off"
	case ArgReasons:
		return "one or more wrap-up reasons, separated by commas"
	case ArgQueue:
		return "a queue's name, extension or number"
	case ArgAgent:
		return "available, unavailable, wrap-up or signed out"
	}
	return ""
}

// Parse checks text as the argument and returns what to send. The problem,
// when there is one, is in the operator's words; nothing may be sent then.
func (a Arg) Parse(text string) (Args, string) {
	text = strings.TrimSpace(text)
	switch a {
	case ArgNone:
		if text != "" {
			return Args{}, "takes nothing after the verb"
		}
		return Args{}, ""
	case ArgDestination:
		if text == "" {
			return Args{}, "enter a number, extension or address"
		}
		return destination(text)
	case ArgOptionalDestination:
		if text == "" {
			return Args{}, ""
		}
		return destination(text)
	case ArgTransfer, ArgDivert:
		return voicemailOrDestination(text)
	case ArgPark:
		switch {
		case text == "":
			return Args{}, ""
		case strings.EqualFold(text, "group"):
			return Args{Group: true}, ""
		}
		return destination(text)
	case ArgDTMF:
		digits, err := model.ParseDTMF(text)
		if err != nil {
			return Args{}, err.Error()
		}
		return Args{Digits: digits}, ""
	case ArgReject:
		if text == "" {
			return Args{Reject: RejectBusy}, ""
		}
		for _, m := range []string{RejectBusy, RejectTemporarilyUnavailable, RejectIgnore} {
			if strings.EqualFold(text, m) {
				return Args{Reject: m}, ""
			}
		}
		return Args{}, "reject with busy, temporarilyUnavailable or ignore"
	case ArgOnOff:
		switch strings.ToLower(text) {
		case "on":
			return Args{On: true}, ""
		case "off":
			return Args{}, ""
		}
		return Args{}, "say on or off"
	case ArgReasons:
		return reasons(text)
	case ArgQueue:
		if text == "" || strings.ContainsFunc(text, unicode.IsControl) {
			return Args{}, "name a queue: its name, extension or number"
		}
		return Args{Queue: text}, ""
	case ArgAgent:
		a, ok := ParseAgentState(text)
		if !ok {
			return Args{}, "say available, unavailable, wrap-up or signed out"
		}
		return Args{Agent: string(a)}, ""
	}
	return Args{}, "unknown argument"
}

// reasons parses wrap-up reasons separated by commas into their one form,
// "a,b".
func reasons(text string) (Args, string) {
	var out []string
	for _, r := range strings.Split(text, ",") {
		r = strings.Join(strings.Fields(r), " ")
		switch {
		case r == "":
			continue
		case len(r) > maxReason:
			return Args{}, "a wrap-up reason is a short name (at most 80 characters)"
		case strings.ContainsFunc(r, unicode.IsControl):
			return Args{}, "a wrap-up reason is plain text"
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return Args{}, "enter one or more wrap-up reasons, separated by commas"
	}
	return Args{Reasons: strings.Join(out, ",")}, ""
}

// destination parses one destination.
func destination(text string) (Args, string) {
	d, err := model.ParseDestination(text)
	if err != nil {
		return Args{}, err.Error()
	}
	return Args{Dest: d.Value}, ""
}

// IsVoicemail reports whether text asks for voicemail: "vm", "voicemail",
// "vm 1234".
func IsVoicemail(text string) bool {
	f := strings.Fields(text)
	return len(f) > 0 && (strings.EqualFold(f[0], "vm") || strings.EqualFold(f[0], "voicemail"))
}

// voicemailOrDestination parses "vm", "vm DEST" or a destination.
func voicemailOrDestination(text string) (Args, string) {
	if !IsVoicemail(text) {
		if text == "" {
			return Args{}, "enter a destination, or vm for voicemail"
		}
		return destination(text)
	}
	rest := strings.Join(strings.Fields(text)[1:], " ")
	if rest == "" {
		return Args{Voicemail: true}, ""
	}
	args, problem := destination(rest)
	args.Voicemail = true
	return args, problem
}

// Where says where a verb with these arguments sends a call, in the
// operator's words: "101", "your voicemail", "the voicemail of 101", "your
// park group", "your line".
func (a Args) Where() string {
	switch {
	case a.Voicemail && a.Dest == "":
		return "your voicemail"
	case a.Voicemail:
		return "the voicemail of " + a.Dest
	case a.Group:
		return "your park group"
	case a.Dest == "":
		return "your line"
	}
	return a.Dest
}
