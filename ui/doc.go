// Package ui is callboard's console: a Bubble Tea program that shows every
// call on the operator's line, live, and drives it from the keyboard.
//
// The root App only routes. The window size is handled once; a key goes to
// an open prompt, then the help, then the global keys, then the verbs (read
// from the desk's verb table, so keys, the command line and help agree),
// then the focused component; app messages (poll and action replies, the
// one timer) step the desk. The call workflows live in package desk, a pure
// step function; the components draw and move: calllist, detail, history,
// prompt. Every I/O is a tea.Cmd that returns a typed message, every timer
// goes through the Clock, and the screen is redrawn only when something
// changed or a time on it ticks.
package ui
