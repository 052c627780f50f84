// Package model is callboard's domain: calls, parties and their states as the
// operator reads them, which actions each state allows, the Board that keeps
// the call list stable across polls, destinations and DTMF as the operator
// types them, and call history.
//
// The package is pure: it imports only the standard library, performs no I/O,
// starts no goroutines and never reads the clock; every function that needs
// the time takes it as an argument. The user interface maps the webex wire
// types into these types.
package model
