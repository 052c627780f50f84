// Package ui is callboard's console: a Bubble Tea program that shows every
// call on the operator's line, live, and drives it from the keyboard.
//
// The root App is thin: it handles the window size once, global keys, then
// app messages (poll results, action results, ticks), then the focused child
// (a prompt, the history view, or the call list). Every I/O is a tea.Cmd that
// returns a typed message; commands capture values, never the App. The domain
// rules (which action a call allows, the order of the list, what changed
// between polls) live in package model; this package maps keys to them and
// draws the result.
package ui
