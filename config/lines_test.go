package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// The lines, queues and night settings load, normalised.
func TestLoadLinesQueuesNight(t *testing.T) {
	path := writeFile(t, `[poll]
quiet = "10s"
budget = 60

[lines]
discover = false

[[lines.watch]]
id = " Y2lzY29zcGFyazovL3VzL1BMQUNFL21haW4 "
label = " Main Line "

[queues]
wait_alarm = "2m"
wrap_up_reasons = ["Billing", "  Tech   support "]

[night]
forward_to = "+1 415 555 0300"
`, 0o600)
	cfg, _, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Poll.Quiet.Duration != 10*time.Second || cfg.Poll.Budget != 60 || cfg.Lines.Discover {
		t.Errorf("poll %+v, lines %+v", cfg.Poll, cfg.Lines)
	}
	if len(cfg.Lines.Watch) != 1 || cfg.Lines.Watch[0].ID != "Y2lzY29zcGFyazovL3VzL1BMQUNFL21haW4" || cfg.Lines.Watch[0].Label != "Main Line" {
		t.Errorf("watch %+v", cfg.Lines.Watch)
	}
	if !slices.Equal(cfg.Queues.WrapUpReasons, []string{"Billing", "Tech support"}) || cfg.Queues.WaitAlarm.Duration != 2*time.Minute {
		t.Errorf("queues %+v", cfg.Queues)
	}
	if cfg.Night.ForwardTo != "+14155550300" {
		t.Errorf("night %q", cfg.Night.ForwardTo)
	}
}

// Each refused setting is pointed at, with what to write instead.
func TestLinesQueuesNightProblems(t *testing.T) {
	path := writeFile(t, `[poll]
quiet = "1s"
budget = 5
settings = "1s"

[[lines.watch]]
label = "no id"

[[lines.watch]]
id = "a b"

[queues]
refresh = "100ms"
wait_alarm = "-1m"
alarm_repeat = "1s"
wrap_up_reasons = ["a,b", ""]

[night]
forward_to = "not a number!"
`, 0o600)
	_, _, err := Load(path)
	var cerr *Error
	if !errors.As(err, &cerr) {
		t.Fatalf("Load = %v, want problems", err)
	}
	text := err.Error()
	for _, want := range []string{
		":2:", "shorter than poll.idle",
		":3:", "poll.budget: 5 requests a minute is out of range",
		":4:", "poll.settings",
		"lines.watch 1: the id is missing",
		"lines.watch 2: the id \"a b\" contains spaces",
		"queues.refresh", "queues.wait_alarm", "queues.alarm_repeat",
		"wrap_up_reasons #1", "contains a comma", "wrap_up_reasons #2 is empty",
		"night.forward_to",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the problems do not say %q:\n%s", want, text)
		}
	}
}
