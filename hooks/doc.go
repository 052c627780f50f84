// Package hooks runs the operator's commands when something happens on the
// line — a call rings, is answered, is held too long, ends, is missed, a
// parked call comes back, a caller waits too long in a queue, the
// operator's own state changes — and describes those events for `callboard
// watch`. It is fed the desk's effects (Happened, OperatorChanged) by
// whatever hosts the desk: the console or the headless host. It imports
// neither the console nor Bubble Tea.
//
// A hook's command is an argument list run without a shell (unless the
// hook asks for one); the event reaches it in CALLBOARD_* environment
// variables, and in {field} placeholders of its arguments. Every value
// comes from the network and is made one plain line first. Runs never
// block the caller: they are bounded (MaxRunning processes at once, one at
// a time per group), coalesced (a burst of events does not become a burst
// of processes), timed out (a hung hook is killed with its children), and
// a failing hook is reported once, not once per event.
package hooks
