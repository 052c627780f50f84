// Package office is what a receptionist needs besides their own line: the
// organisation's directory (searched by name as the operator types, kept in
// memory and on disk), the colleagues they watch with each one's status,
// the budget that keeps presence requests within what Webex tolerates, the
// colleagues they pinned, the devices they answer on, and the calls they
// parked, kept across restarts.
//
// It does no drawing and knows nothing of Bubble Tea: the console and the
// one-shot verbs both use it. The pure parts (the index, the request
// budget, the debounce) are tested without a network; the Directory and
// the stores are safe for concurrent use, since the console runs their
// requests in commands of their own.
package office
