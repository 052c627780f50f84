// Package webex is a thin client for the Webex Calling Call Controls REST API
// (third-party call control): one method per operation, typed errors, and
// bearer authentication from an oauth2.TokenSource. It imports nothing of the
// user interface.
package webex
