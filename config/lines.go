package config

import (
	"strings"
	"unicode"

	"github.com/callboard/callboard/model"
)

// pollShare checks the settings of [poll] that the lines, queues and
// settings share: the quiet interval no shorter than idle, the settings'
// interval sensible, the budget within its range.
func (v *validator) pollShare(p *Poll, idleGood bool) {
	switch {
	case v.bad["poll.quiet"]:
	case idleGood && !v.doc.has("poll.quiet") && p.Quiet.Duration < p.Idle.Duration:
		// A file from before poll.quiet, with a long idle: quiet lines
		// follow it rather than refuse it.
		p.Quiet = Duration{3 * p.Idle.Duration}
	case p.Quiet.Duration < minPoll:
		v.addf("poll.quiet", "poll.quiet: %s is too short: at least %s, or Webex's rate limits will be hit", p.Quiet, Duration{minPoll})
	case idleGood && p.Quiet.Duration < p.Idle.Duration:
		v.addf(v.later("poll.idle", "poll.quiet"), "poll.quiet (%s) is shorter than poll.idle (%s): a quiet line must not be polled more often than your own",
			p.Quiet, p.Idle)
	}
	if !v.bad["poll.settings"] && p.Settings.Duration < 10*seconds(1).Duration {
		v.addf("poll.settings", "poll.settings: %s is too short: settings change rarely; at least 10s", p.Settings)
	}
	if !v.bad["poll.budget"] && (p.Budget < MinBudget || p.Budget > MaxBudget) {
		v.addf("poll.budget", "poll.budget: %d requests a minute is out of range: use %d to %d (default 120)", p.Budget, MinBudget, MaxBudget)
	}
}

// lines checks [lines]: every watched line has an id without spaces, once,
// and a printable label.
func (v *validator) lines(cfg *Config) {
	seen := map[string]bool{}
	for i := range cfg.Lines.Watch {
		w := &cfg.Lines.Watch[i]
		entry := keyPath("lines.watch").index(i)
		id := entry.key("id")
		w.ID = strings.TrimSpace(w.ID)
		switch {
		case v.bad[id]:
		case w.ID == "":
			v.addf(v.present(id, entry), "lines.watch %d: the id is missing: give the lineOwnerId of the line's person, workspace or virtual line", i+1)
		case hasSpace(w.ID) || strings.ContainsFunc(w.ID, unicode.IsControl):
			v.addf(id, "lines.watch %d: the id %s contains spaces: paste the id alone", i+1, shorten(w.ID))
		case seen[w.ID]:
			v.addf(id, "lines.watch %d: line %s is listed twice", i+1, shorten(w.ID))
		case w.ID == cfg.Webex.LineOwnerID:
			v.addf(id, "lines.watch %d: line %s is webex.line_owner_id, the line the console acts on already", i+1, shorten(w.ID))
		}
		seen[w.ID] = true
		w.Label = strings.TrimSpace(w.Label)
		if strings.ContainsFunc(w.Label, unicode.IsControl) {
			v.addf(entry.key("label"), "lines.watch %d: the label contains a control character", i+1)
		}
	}
}

// queues checks [queues]: the intervals and the wrap-up reasons, which go
// to Webex separated by commas.
func (v *validator) queues(q *Queues) {
	if !v.bad["queues.refresh"] && q.Refresh.Duration < seconds(1).Duration {
		v.addf("queues.refresh", "queues.refresh: %s is too short: at least 1s", q.Refresh)
	}
	if !v.bad["queues.wait_alarm"] && q.WaitAlarm.Duration < 0 {
		v.addf("queues.wait_alarm", "queues.wait_alarm: %s is negative: expected a duration like \"1m\", or \"0\" to turn the alarm off", q.WaitAlarm)
	}
	if !v.bad["queues.alarm_repeat"] && q.AlarmRepeat.Duration < MinAlarmRepeat {
		v.addf("queues.alarm_repeat", "queues.alarm_repeat: %s is too short: at least %s", q.AlarmRepeat, Duration{MinAlarmRepeat})
	}
	if v.bad["queues.wrap_up_reasons"] {
		return
	}
	if n := len(q.WrapUpReasons); n > MaxReasons {
		v.addf(keyPath("queues.wrap_up_reasons").index(MaxReasons), "queues.wrap_up_reasons: %d reasons; at most %d fit the prompt", n, MaxReasons)
	}
	for i, r := range q.WrapUpReasons {
		r = strings.Join(strings.Fields(r), " ")
		q.WrapUpReasons[i] = r
		path := keyPath("queues.wrap_up_reasons").index(i)
		switch {
		case r == "":
			v.addf(path, "queues.wrap_up_reasons #%d is empty", i+1)
		case strings.Contains(r, ","):
			v.addf(path, "queues.wrap_up_reasons #%d: %s contains a comma, which separates reasons: write each reason on its own", i+1, shorten(r))
		case len(r) > MaxReasonChars || strings.ContainsFunc(r, unicode.IsControl):
			v.addf(path, "queues.wrap_up_reasons #%d: a reason is a short name of plain text (at most %d characters)", i+1, MaxReasonChars)
		}
	}
}

// night checks [night]: the destination, normalised as a speed dial's.
func (v *validator) night(n *Night) {
	if v.bad["night.forward_to"] || strings.TrimSpace(n.ForwardTo) == "" {
		n.ForwardTo = strings.TrimSpace(n.ForwardTo)
		return
	}
	d, err := model.ParseDestination(n.ForwardTo)
	if err != nil {
		v.addf("night.forward_to", "night.forward_to: %v", err)
		return
	}
	n.ForwardTo = d.Value
}
