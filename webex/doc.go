// Package webex is a thin client for the Webex Calling REST API: the Call
// Controls operations (third-party call control of the user's own line and
// of the secondary lines on their devices, by lineOwnerId) and the office
// operations a receptionist console needs beside them (directory search, the
// monitoring list, call park settings, the user's endpoints and lines,
// People and presence, call queues and their waiting callers, wrap-up,
// conference, do not disturb, call forwarding, the executives the user
// assists, and any member's calls with an administrator's token). One method
// per operation, typed errors (a 403 names the scope the operation needs, see
// MissingScope), and bearer authentication from an oauth2.TokenSource. It
// imports nothing of the user interface.
//
// A call queue's name is not part of the user's queue settings
// (QueueSettings): it is in each waiting caller's QueueName (QueueCalls), and
// a call a queue offers the user names the queue as the redirecting party of
// its first redirection (reason "callQueue").
package webex
