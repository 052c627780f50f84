package cli

import (
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/ui"
	"github.com/callboard/callboard/ui/queues"
	"github.com/callboard/callboard/webex"
)

// withFrontDesk adds to the console's options what watches every line, the
// queues, do not disturb, the night service and conferences: the desk's
// reads and their budget, the front desk operations, the queues pane.
func withFrontDesk(opts *ui.Options, cfg config.Config, client *webex.Client, keys keymap.KeyMap) {
	d := &opts.Desk
	d.PollQuiet = cfg.Poll.Quiet.Duration
	d.Budget = cfg.Poll.Budget
	for _, w := range cfg.Lines.Watch {
		d.Lines = append(d.Lines, desk.Line{ID: w.ID, Label: w.Label})
	}
	d.Queues = cfg.Queues.Enabled
	d.QueuePoll = cfg.Queues.Refresh.Duration
	d.QueueAlarm = cfg.Queues.WaitAlarm.Duration
	d.QueueAlarmRepeat = cfg.Queues.AlarmRepeat.Duration
	d.Settings = true
	d.SettingsEvery = cfg.Poll.Settings.Duration
	d.NightForward = cfg.Night.ForwardTo
	d.Conference = true
	opts.FrontDesk = client
	opts.DiscoverLines = cfg.Lines.Discover
	opts.WrapUpReasons = cfg.Queues.WrapUpReasons
	if cfg.Queues.Enabled {
		opts.Panes = append(opts.Panes, queues.New(queues.DefaultKeyMap(keys.Up, keys.Down)))
	}
}
