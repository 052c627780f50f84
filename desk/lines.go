package desk

import (
	"slices"
	"strconv"
	"strings"
)

// Line is a line the desk watches: the operator's own (ID ""), or a
// secondary or virtual line on their devices (the front desk's main
// number, the line of an executive they assist), named by the lineOwnerId
// that every request about its calls carries.
type Line struct {
	ID        string // the lineOwnerId; "" for the operator's own line
	Label     string // what rows show: "Main Line", "Dana Whitfield"
	Number    string // its extension or number, for help and the header
	Executive bool   // the line of an executive the operator assists: its calls are for them
}

// Name is the line as rows show it: its label, else its number, else its
// id; "mine" for the operator's own line.
func (l Line) Name() string {
	switch {
	case l.Label != "":
		return l.Label
	case l.Number != "":
		return l.Number
	case l.ID == "":
		return "mine"
	}
	return "line " + l.ID
}

// LinesFound tells the desk the lines found on the operator's devices. A
// line new to the desk starts being polled; a configured one (Config.Lines)
// keeps its label and takes what the discovery adds (the number, whether
// it is an executive's).
type LinesFound struct{ Lines []Line }

// NextLine shows only the next line's calls (the L key): the operator's
// own line, then each other line, then every line again. A call ringing in
// on another line still shows.
type NextLine struct{}

func (LinesFound) event() {}
func (NextLine) event()   {}

// LineStatus is one watched line and how its polling stands, for the
// screen.
type LineStatus struct {
	Line
	Polled   bool     // a poll of the line has succeeded
	Failures int      // consecutive failed polls
	Failure  *Failure // the last poll's failure; nil after a success
	Live     int      // the line's calls that have not ended
}

// Lines returns the watched lines, the operator's own first.
func (d *Desk) Lines() []LineStatus {
	live := map[string]int{}
	for i := range d.board.Len() {
		if r := d.board.Row(i); !r.Ended() {
			live[r.Call.Line]++
		}
	}
	out := make([]LineStatus, len(d.polls))
	for i, p := range d.polls {
		out[i] = LineStatus{Line: p.line, Polled: !p.lastOK.IsZero(), Failures: p.failures, Failure: p.last, Live: live[p.line.ID]}
	}
	return out
}

// MultiLine reports whether the desk watches more than one line: rows then
// say which line they are on.
func (d *Desk) MultiLine() bool { return len(d.polls) > 1 }

// LineOf returns the line a call is on.
func (d *Desk) LineOf(id string) (Line, bool) {
	row, ok := d.board.Find(id)
	if !ok {
		return Line{}, false
	}
	if p := d.pollerOf(row.Call.Line); p != nil {
		return p.line, true
	}
	return Line{ID: row.Call.Line}, true
}

// LineShown returns the line whose calls alone show (NextLine); ok is
// false while every line shows.
func (d *Desk) LineShown() (Line, bool) {
	id, ok := d.board.LineShown()
	if !ok {
		return Line{}, false
	}
	if p := d.pollerOf(id); p != nil {
		return p.line, true
	}
	return Line{ID: id}, true
}

// addLine starts watching a line, or completes what the desk knows of one
// it watches.
func (d *Desk) addLine(l Line) {
	if p := d.pollerOf(l.ID); p != nil {
		if p.line.Label == "" {
			p.line.Label = l.Label
		}
		if p.line.Number == "" {
			p.line.Number = l.Number
		}
		p.line.Executive = p.line.Executive || l.Executive
		return
	}
	p := &poller{line: l}
	if d.started {
		p.due = d.now
	}
	d.polls = append(d.polls, p)
	if d.cfg.Conference {
		d.addReader(ReadConference, l.ID, 0) // once: is a conference in progress there?
	}
}

// linesFound adds the lines discovered.
func (d *Desk) linesFound(ls []Line) {
	n := len(d.polls)
	for _, l := range ls {
		d.addLine(l)
	}
	if added := len(d.polls) - n; added > 0 {
		names := make([]string, 0, added)
		for _, p := range d.polls[n:] {
			names = append(names, p.line.Name())
		}
		d.say(Notice, "watching "+strconv.Itoa(len(d.polls))+" lines: "+joinNames(append([]string{"yours"}, names...))+" · L shows one line")
	}
}

// joinNames lists names for a message: "a", "a and b", "a, b and c".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// nextLine shows the next line alone, then every line again.
func (d *Desk) nextLine() {
	if len(d.polls) < 2 {
		d.say(Info, "one line: yours — L shows one line at a time when you watch several")
		return
	}
	b := d.board
	shown, ok := b.LineShown()
	next := 0
	if ok {
		next = slices.IndexFunc(d.polls, func(p *poller) bool { return p.line.ID == shown }) + 1
	}
	if next >= len(d.polls) {
		b.ShowAllLines()
		d.say(Info, "every line shows")
		return
	}
	b.ShowLine(d.polls[next].line.ID)
	if b.SelectionHidden() {
		b.First() // a key acts on a call the operator sees
	}
	d.say(Info, "showing "+d.lineName(d.polls[next].line.ID)+" only (a call ringing on another line still shows) · L: next line")
}
