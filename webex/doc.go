// Package webex is a thin client for the Webex Calling REST API: the Call
// Controls operations (third-party call control of the user's own line) and
// the office operations a receptionist console needs beside them (directory
// search, the monitoring list, call park settings, the user's endpoints,
// People and presence, and any member's calls with an administrator's
// token). One method per operation, typed errors (a 403 names the scope the
// operation needs, see MissingScope), and bearer authentication from an
// oauth2.TokenSource. It imports nothing of the user interface.
package webex
