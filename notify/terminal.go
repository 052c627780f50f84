package notify

import (
	"strings"
	"unicode"

	"github.com/callboard/callboard/internal/textsafe"
)

// Terminal notifications: an escape sequence the terminal emulator turns
// into a desktop notification. Unlike notify-send they travel with the
// terminal's output, so they reach an operator whose callboard runs on a
// jump host over SSH, or inside tmux.

// Protocol is the escape sequence a terminal understands.
type Protocol uint8

// The protocols.
const (
	ProtocolOff Protocol = iota // no terminal notifications
	// OSC9 is ESC ] 9 ; message BEL: iTerm2, WezTerm, kitty, Ghostty,
	// Windows Terminal, ConEmu.
	OSC9
	// OSC777 is ESC ] 777 ; notify ; title ; body BEL: urxvt, foot,
	// Ghostty, WezTerm, and terminals built on VTE.
	OSC777
)

// Protocol names, as the configuration writes them.
const (
	ProtocolNameOff    = "off"
	ProtocolNameOSC9   = "osc9"
	ProtocolNameOSC777 = "osc777"
)

// ParseProtocol reads a protocol's name.
func ParseProtocol(s string) (Protocol, bool) {
	switch s {
	case ProtocolNameOff, "":
		return ProtocolOff, true
	case ProtocolNameOSC9:
		return OSC9, true
	case ProtocolNameOSC777:
		return OSC777, true
	}
	return ProtocolOff, false
}

// maxTerminalText bounds a title or body in an escape sequence.
const maxTerminalText = 200

// TerminalSequence is the escape sequence showing a notification with
// title and body ("" for ProtocolOff). Inside tmux (inTmux) it is wrapped
// in tmux's passthrough, ESC P tmux; … ESC \ with every ESC doubled, which
// tmux (set -g allow-passthrough on) hands to the terminal it runs in.
//
// The texts are made plain: a caller's name holding BEL, ESC or ST would
// otherwise end the sequence early and have the terminal act on the rest.
// Semicolons, which separate OSC 777's fields, become commas.
func TerminalSequence(p Protocol, inTmux bool, title, body string) string {
	title, body = terminalText(title), terminalText(body)
	var seq string
	switch p {
	case OSC9:
		msg := title
		if body != "" {
			msg += ": " + body
		}
		// "9;4;…" is a progress report to ConEmu and Windows Terminal, not
		// a notification: a message must not start with a number.
		if msg != "" && unicode.IsDigit(rune(msg[0])) {
			msg = "callboard: " + msg
		}
		seq = "\x1b]9;" + msg + "\a"
	case OSC777:
		seq = "\x1b]777;notify;" + strings.ReplaceAll(title, ";", ",") + ";" + strings.ReplaceAll(body, ";", ",") + "\a"
	default:
		return ""
	}
	if inTmux {
		return TmuxPassthrough(seq)
	}
	return seq
}

// TmuxPassthrough wraps an escape sequence so that tmux passes it to the
// terminal outside instead of acting on it itself.
func TmuxPassthrough(seq string) string {
	return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}

// terminalText is one plain, bounded line.
func terminalText(s string) string { return textsafe.Clip(textsafe.Line(s), maxTerminalText) }
