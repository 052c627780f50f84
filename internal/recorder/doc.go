// Package recorder keeps the journal up to date with what the console sees,
// without ever holding up a key or a frame.
//
// A Follower turns the desk's effects after every step (a call rang, was
// answered, held, parked, transferred, ended; what Webex returned for an
// operation; the missed calls seen) into journal events, and a Writer
// commits them from a goroutine of its own. The console pays for an append
// to a queue; the Writer takes everything queued while the previous commit
// ran and commits it in one transaction (group commit), so a burst of
// events waits for one flush of the disk instead of one each. Flush waits
// until what was recorded before it is committed.
//
// Restore reads back what the console must not forget across a restart
// (parked calls, the missed count, holds in progress) as the desk's
// Restore event; Retain applies the retention period in the background;
// ImportContacts reads the operator's contacts file into the journal.
package recorder
