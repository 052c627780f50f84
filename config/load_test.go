package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeFile writes a configuration file with the given mode into a fresh
// directory and returns its path.
func writeFile(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // WriteFile's mode is filtered by the umask
		t.Fatal(err)
	}
	return path
}

func TestDefaults(t *testing.T) {
	c := Default()
	checks := []struct {
		name      string
		got, want any
	}{
		{"base_url", c.Webex.BaseURL, "https://webexapis.com/v1"},
		{"redirect_port", c.OAuth.RedirectPort, 8976},
		{"scopes", c.OAuth.Scopes, []string{"spark:calls_read", "spark:calls_write", "spark:people_read",
			"spark:telephony_config_read", "spark:telephony_config_write"}},
		{"fast", c.Poll.Fast.Duration, time.Second},
		{"idle", c.Poll.Idle.Duration, 2 * time.Second},
		{"max_backoff", c.Poll.MaxBackoff.Duration, 30 * time.Second},
		{"bell", c.Alerts.Bell, true},
		{"desktop", c.Alerts.Desktop, false},
		{"select_ringing", c.Alerts.SelectRinging, true},
		{"hold_limit", c.Alerts.HoldLimit.Duration, 2 * time.Minute},
		{"ring_alarm", c.Alerts.RingAlarm.Duration, 20 * time.Second},
		{"bell_repeat", c.Alerts.BellRepeat.Duration, 10 * time.Second},
		{"terminal", c.Alerts.Terminal, "off"},
		{"hooks", len(c.Hooks), 0},
		{"theme", c.UI.Theme, "auto"},
		{"mouse", c.UI.Mouse, true},
		{"log.file", filepath.Base(c.Log.File), "callboard.log"},
		{"log dir", filepath.Base(filepath.Dir(c.Log.File)), "callboard"},
		{"default path", filepath.Base(DefaultPath()), "config.toml"},
		{"default dir", filepath.Base(filepath.Dir(DefaultPath())), "callboard"},
	}
	for _, tt := range checks {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.toml")

	// The default file may be absent: the defaults apply.
	cfg, warnings, err := load("", missing)
	if err != nil || len(warnings) != 0 {
		t.Fatalf("missing default file: err %v, warnings %v", err, warnings)
	}
	if cfg.File != "" || !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("missing default file gave %+v, want the defaults", cfg)
	}

	// A file named explicitly must exist.
	_, _, err = load(missing, filepath.Join(dir, "other.toml"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing explicit file: err = %v, want a not-exist error naming the file", err)
	}
}

func TestLoadDefaultPathWhenPresent(t *testing.T) {
	path := writeFile(t, "[ui]\ntheme = \"dark\"\n", 0o600)
	cfg, _, err := load("", path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.UI.Theme != "dark" || cfg.File != path {
		t.Errorf("theme %q from %q, want dark from %q", cfg.UI.Theme, cfg.File, path)
	}
}

func TestLoadGoodFile(t *testing.T) {
	path := writeFile(t, `
[webex]
base_url = "http://127.0.0.1:8765/v1/"
line_owner_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM"

[oauth]
client_id = "C0ffee"
redirect_port = 9000
scopes = ["spark:calls_read", "spark:calls_write"]

[poll]
fast = "1.5s"
idle = "10s"
max_backoff = "1m"

[alerts]
bell = false
desktop = true
select_ringing = false
hold_limit = "0"

[[speed_dial]]
label = "  Front desk "
destination = " 1000 "

[[speed_dial]]
destination = "+1 (222) 333-4444"

[keys]
answer = ["x", "enter"]
dial = ["a"]

[ui]
theme = "Light"
mouse = false

[log]
file = "~/logs/cb.log"

[journal]
path = "~/callboard/journal.db"
url = "postgres://desk:pw@db.example.com:5432/callboard"
retention_days = 90
operator = " Alice Chen "
contacts = "~/contacts.vcf"
`, 0o600)
	cfg, warnings, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %v", warnings)
	}
	home, _ := os.UserHomeDir()
	want := Config{
		Webex: Webex{BaseURL: "http://127.0.0.1:8765/v1", LineOwnerID: "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM"},
		OAuth: OAuth{ClientID: "C0ffee", RedirectPort: 9000, Scopes: []string{"spark:calls_read", "spark:calls_write"}},
		// A file from before poll.quiet with a long idle: quiet lines follow it.
		Poll: Poll{Fast: Duration{1500 * time.Millisecond}, Idle: Duration{10 * time.Second}, MaxBackoff: Duration{time.Minute},
			Quiet: Duration{30 * time.Second}, Settings: Duration{time.Minute}, Budget: 120},
		Alerts: Alerts{Bell: false, Desktop: true, SelectRinging: false, HoldLimit: Duration{0},
			RingAlarm: Duration{20 * time.Second}, BellRepeat: Duration{10 * time.Second}, Terminal: "off"},
		SpeedDial: []SpeedDial{
			{Label: "Front desk", Destination: "1000"},
			{Label: "+12223334444", Destination: "+12223334444"},
		},
		Keys: map[string][]string{"answer": {"x", "enter"}, "dial": {"a"}},
		UI:   UI{Theme: "light", Mouse: false, Order: "ringing-first", FPS: DefaultFPS},
		Log:  Log{File: filepath.Join(home, "logs", "cb.log")},
		Journal: Journal{Path: filepath.Join(home, "callboard", "journal.db"), URL: "postgres://desk:pw@db.example.com:5432/callboard",
			RetentionDays: 90, Operator: "Alice Chen", Contacts: filepath.Join(home, "contacts.vcf")},
		Lines:  Default().Lines,
		Queues: Default().Queues,
		Office: Office{Colleagues: true, PresenceEvery: Duration{time.Second}, CampOnLimit: Duration{2 * time.Minute}},
		File:   path,
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("Load =\n%+v\nwant\n%+v", cfg, want)
	}

	km, err := cfg.KeyMap()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(km.Verb("dial").Keys(), []string{"a"}) || !slices.Equal(km.Verb("answer").Keys(), []string{"x", "enter"}) {
		t.Errorf("key map: dial %q, answer %q", km.Verb("dial").Keys(), km.Verb("answer").Keys())
	}
	if !km.SpeedDial[1].Enabled() || km.SpeedDial[2].Enabled() {
		t.Error("speed-dial keys should be bound for the two configured entries only")
	}
	if got := km.SpeedDial[0].Help().Desc; got != "Front desk" {
		t.Errorf("speed dial 1 help = %q, want the label", got)
	}
}

// TestBadConfig covers every kind of refused setting: each message carries
// the exact file:line:col of the offending key (or array element).
func TestBadConfig(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // "line:col: message fragment", in order
	}{
		{"syntax error", "[poll\nfast = \"1s\"\n",
			[]string{`1:6: invalid TOML: expected ']' to close table name`}},
		{"key defined twice", "[ui]\ntheme = \"dark\"\ntheme = \"light\"\n",
			[]string{`3:1: invalid TOML: key theme is already defined`}},
		{"unknown key with a suggestion", "[ui]\nmouse = true\n  thme = \"dark\"\n",
			[]string{`3:3: unknown key "thme" in [ui] (did you mean "theme"?)`}},
		{"unknown key without a suggestion", "[poll]\nsometimes = \"1s\"\n",
			[]string{`2:1: unknown key "sometimes" in [poll]; expected one of: fast, idle, max_backoff`}},
		{"unknown table", "[uii]\ntheme = \"dark\"\n",
			[]string{`1:2: unknown key "uii" at the top level (did you mean "ui"?)`}},
		{"setting outside its table", "base_url = \"https://x.example/v1\"\n",
			[]string{`1:1: unknown key "base_url" at the top level (it belongs in [webex])`}},
		{"unknown key in a speed-dial entry", "[[speed_dial]]\ndestination = \"1000\"\nnumber = \"1\"\n",
			[]string{`3:1: unknown key "number" in [[speed_dial]]`}},
		{"duration of the wrong type", "[poll]\nfast = 5\n",
			[]string{`2:1: poll.fast: expected a duration in quotes, like "1s" or "500ms"; got the number 5`}},
		{"duration without a unit", "[poll]\nidle = \"5\"\n",
			[]string{`2:1: poll.idle: "5" is not a duration: write a number and a unit, like "1s", "500ms" or "2m"`}},
		{"negative duration", "[poll]\nmax_backoff = \"-30s\"\n",
			[]string{`2:1: poll.max_backoff: -30s is negative: expected a positive duration like "1s"`}},
		{"poll too fast", "[poll]\n  fast = \"10ms\"\n",
			[]string{`2:3: poll.fast: 10ms is too short: at least 250ms`}},
		{"fast slower than idle", "[poll]\nfast = \"10s\"\nidle = \"5s\"\n",
			[]string{`3:1: poll.fast (10s) is longer than poll.idle (5s)`}},
		{"fast slower than the default idle", "[poll]\nfast = \"3s\"\n",
			[]string{`2:1: poll.fast (3s) is longer than poll.idle (2s)`}},
		{"backoff shorter than idle", "[poll]\nmax_backoff = \"1s\"\n",
			[]string{`2:1: poll.max_backoff (1s) is shorter than poll.idle (2s)`}},
		{"negative hold limit", "[alerts]\nhold_limit = \"-2m\"\n",
			[]string{`2:1: alerts.hold_limit: -2m is negative: expected a duration like "2m", or "0" to turn the alert off`}},
		{"boolean of the wrong type", "[alerts]\nbell = \"yes\"\n",
			[]string{`2:1: alerts.bell: expected true or false; got the string "yes"`}},
		{"port out of range", "[oauth]\nredirect_port = 70000\n",
			[]string{`2:1: oauth.redirect_port: 70000 is out of range: expected a port from 1 to 65535 (default 8976)`}},
		{"port of the wrong type", "[oauth]\nredirect_port = \"8976\"\n",
			[]string{`2:1: oauth.redirect_port: expected a whole number; got the string "8976"`}},
		{"port with a fraction", "[oauth]\nredirect_port = 8976.5\n",
			[]string{`2:1: oauth.redirect_port: expected a whole number; got the number 8976.5`}},
		{"scopes not an array", "[oauth]\nscopes = \"spark:calls_read\"\n",
			[]string{`2:1: oauth.scopes: expected an array of strings, like ["one", "two"]; got the string "spark:calls_read"`}},
		{"empty scopes", "[oauth]\nscopes = []\n",
			[]string{`2:1: oauth.scopes is empty: callboard needs at least spark:calls_read and spark:calls_write`}},
		{"bad scope element", "[oauth]\nscopes = [\"spark:calls_read\", \"spark:calls_write spark:people_read\"]\n",
			[]string{`2:31: oauth.scopes #2: "spark:calls_write spark:people_read" is not a scope`}},
		{"scope of the wrong type", "[oauth]\nscopes = [\"spark:calls_read\", 7]\n",
			[]string{`2:31: oauth.scopes #2: expected a string in quotes; got the number 7`}},
		{"base URL not http", "[webex]\nbase_url = \"ftp://webexapis.com/v1\"\n",
			[]string{`2:1: webex.base_url: "ftp://webexapis.com/v1" is not an http or https URL like "https://webexapis.com/v1"`}},
		{"base URL with a query", "[webex]\nbase_url = \"https://webexapis.com/v1?x=1\"\n",
			[]string{`2:1: webex.base_url: "https://webexapis.com/v1?x=1" must not have a query or fragment`}},
		{"base URL with credentials", "[webex]\nbase_url = \"https://me:pw@webexapis.com/v1\"\n",
			[]string{`2:1: webex.base_url: the URL must not carry a user name or password`}},
		{"unknown theme", "[ui]\ntheme = \"blue\"\n",
			[]string{`2:1: ui.theme: "blue" is not a theme: expected "auto", "light" or "dark"`}},
		{"relative log file", "[log]\nfile = \"logs/cb.log\"\n",
			[]string{`2:1: log.file: "logs/cb.log" is a relative path: write an absolute path, or start it with ~/`}},
		{"relative journal path", "[journal]\npath = \"journal.db\"\n",
			[]string{`2:1: journal.path: "journal.db" is a relative path: write an absolute path, or start it with ~/`}},
		{"journal path SQLite cannot open", "[journal]\npath = \"/data/what?.db\"\n",
			[]string{`2:1: journal.path: "/data/what?.db" contains ? or #, which SQLite cannot open`}},
		{"relative contacts file", "[journal]\ncontacts = \"contacts.vcf\"\n",
			[]string{`2:1: journal.contacts: "contacts.vcf" is a relative path`}},
		{"journal URL not postgres", "[journal]\nurl = \"mysql://u:pw@db/x\"\n",
			[]string{`2:1: journal.url: expected a postgres:// URL, like postgres://user:password@host:5432/database`}},
		{"journal URL without a database", "[journal]\nurl = \"postgres://u:pw@db.example.com\"\n",
			[]string{`2:1: journal.url: the URL names no database: end it with /database`}},
		{"journal URL without a host", "[journal]\nurl = \"postgres:///callboard\"\n",
			[]string{`2:1: journal.url: the URL names no host`}},
		{"journal URL of the wrong type", "[journal]\nurl = 5432\n",
			[]string{`2:1: journal.url: expected a string in quotes; got a number (not shown: it is a secret)`}},
		{"negative retention", "[journal]\nretention_days = -1\n",
			[]string{`2:1: journal.retention_days: -1 is out of range: give a number of days from 1 to 36500, or 0 to keep everything`}},
		{"operator with a control character", "[journal]\noperator = \"Al\\u0007ice\"\n",
			[]string{`2:1: journal.operator contains a control character`}},
		{"table of the wrong type", "ui = \"dark\"\n",
			[]string{`1:1: ui: expected a table, written [ui]; got the string "dark"`}},
		{"ten speed-dial entries", strings.Repeat("[[speed_dial]]\ndestination = \"1000\"\n", 10),
			[]string{`19:3: speed_dial: 10 entries, but keys 1 to 9 hold at most 9: remove 1`}},
		{"invalid destination", "[[speed_dial]]\nlabel = \"Desk\"\ndestination = \"12a4\"\n",
			[]string{`3:1: speed dial 1: destination "12a4": unexpected "a" — a number may only contain digits`}},
		{"missing destination", "[[speed_dial]]\nlabel = \"Desk\"\n\n[[speed_dial]]\nlabel = \"Night\"\n",
			[]string{
				`1:3: speed dial 1: the destination is missing: give a number, extension or address`,
				`4:3: speed dial 2: the destination is missing`,
			}},
		{"invalid destination in an inline table", "speed_dial = [{label = \"x\", destination = \"1000\"}, {destination = \"user@\"}]\n",
			[]string{`1:53: speed dial 2: destination "user@": the address needs a domain after @`}},
		{"control character in a label", "[[speed_dial]]\nlabel = \"Desk\\u001b[31m\"\ndestination = \"1000\"\n",
			[]string{`2:1: speed dial 1: the label contains a control character`}},
		{"unknown action", "[keys]\nanwser = [\"x\"]\n",
			[]string{`2:1: [keys] unknown action "anwser" (did you mean "answer"?)`}},
		{"empty key list", "[keys]\npark = []\n",
			[]string{`2:1: [keys] no keys given for park`}},
		{"invalid key name", "[keys]\nmute = [\"m\", \"Enter\"]\n",
			[]string{`2:14: [keys] mute: unknown key name "Enter": key names are lower case ("enter")`}},
		{"key list of the wrong type", "[keys]\nquit = \"q\"\n",
			[]string{`2:1: keys.quit: expected an array of key names, like ["a", "enter"]; got the string "q"`}},
		{"key collision with a default", "[keys]\ndial = [\"d\", \"a\"]\n",
			[]string{`2:14: [keys] key "a" is bound to both answer and dial (answer has it by default: give answer other keys too)`}},
		{"key collision between overrides", "[keys]\npark = [\"z\"]\nbarge = [\"y\", \"z\"]\n",
			[]string{`2:9: [keys] key "z" is bound to both park and barge`}},
		{"key collision with a speed-dial entry", "[[speed_dial]]\ndestination = \"1000\"\n[keys]\nanswer = [\"a\", \"1\"]\n",
			[]string{`4:16: [keys] key "1" is bound to both answer and speed dial 1`}},
		{"every problem at once", "[ui]\ntheme = \"blue\"\nmouse = 1\n[poll]\nfast = \"fast\"\n[keys]\nquit = [\"shift+q\"]\n",
			[]string{
				`2:1: ui.theme: "blue" is not a theme`,
				`3:1: ui.mouse: expected true or false; got the number 1`,
				`5:1: poll.fast: "fast" is not a duration`,
				`7:9: [keys] quit: "shift+q" never matches: a shifted key arrives as its character; write "Q"`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := Parse("bad.toml", []byte(tt.doc))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse error = %v, want a *config.Error", err)
			}
			if len(ce.Problems) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ce.Problems), len(tt.want), err)
			}
			lines := strings.Split(err.Error(), "\n")
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], "bad.toml:"+w) {
					t.Errorf("problem %d:\n got  %s\n want bad.toml:%s...", i+1, lines[i], w)
				}
			}
			if !reflect.DeepEqual(cfg, Default()) {
				t.Error("a refused file must give the defaults, not half a configuration")
			}
		})
	}
}

func TestPermissionWarning(t *testing.T) {
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		want    string // "" = no warning
	}{
		{"token readable by others", "[webex]\ntoken = \"tok\"\n", 0o644, "2:1: %s holds a secret (webex.token) but other users can read it (mode 0644): run chmod 600 %s"},
		{"client secret readable by the group", "[oauth]\nclient_id = \"id\"\nclient_secret = \"s\"\n", 0o640, "3:1: %s holds a secret (oauth.client_secret) but other users can read it (mode 0640): run chmod 600 %s"},
		{"both secrets", "[webex]\ntoken = \"t\"\n[oauth]\nclient_secret = \"s\"\n", 0o604, "2:1: %s holds a secret (webex.token, oauth.client_secret)"},
		{"private file", "[webex]\ntoken = \"tok\"\n", 0o600, ""},
		{"no secret", "[ui]\ntheme = \"dark\"\n", 0o644, ""},
		{"empty secret", "[webex]\ntoken = \"\"\n", 0o644, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.content, tt.mode)
			_, warnings, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if len(warnings) != 0 {
					t.Errorf("unexpected warnings %v", warnings)
				}
				return
			}
			want := path + ":" + strings.ReplaceAll(tt.want, "%s", path)
			if len(warnings) != 1 || !strings.HasPrefix(warnings[0].String(), want) {
				t.Errorf("warnings = %v\nwant one starting %s", warnings, want)
			}
		})
	}
}

func TestOtherWarnings(t *testing.T) {
	_, warnings, err := Parse("w.toml", []byte("[webex]\nbase_url = \"http://calls.example.com/v1\"\n[oauth]\nscopes = [\"spark:calls_read\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"w.toml:2:1: webex.base_url uses plain http to a remote host",
		"w.toml:4:1: oauth.scopes lacks spark:calls_write",
	}
	if len(warnings) != len(want) {
		t.Fatalf("warnings = %v, want %d", warnings, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(warnings[i].String(), w) {
			t.Errorf("warning %d = %q, want prefix %q", i, warnings[i], w)
		}
	}
	// Plain http to this machine (the simulator) is fine.
	for _, u := range []string{"http://127.0.0.1:8765/v1", "http://localhost:8765/v1", "http://[::1]:8765/v1"} {
		if _, w, err := Parse("w.toml", []byte("[webex]\nbase_url = \""+u+"\"\n")); err != nil || len(w) != 0 {
			t.Errorf("%s: err %v, warnings %v", u, err, w)
		}
	}
}

func TestKeyPaths(t *testing.T) {
	tests := []struct {
		path            keyPath
		parent, display string
	}{
		{"poll.fast", "poll", "poll.fast"},
		{"poll", "", "poll"},
		{"speed_dial[2].label", "speed_dial[2]", "speed_dial #3 label"},
		{"speed_dial[2]", "speed_dial", "speed_dial #3"},
		{"keys.answer[1]", "keys.answer", "keys.answer #2"},
		{`keys."a.b"`, "keys", `keys."a.b"`},
		{`"x\"y.z"`, "", `"x\"y.z"`},
	}
	for _, tt := range tests {
		if got := tt.path.parent(); string(got) != tt.parent {
			t.Errorf("%s.parent() = %q, want %q", tt.path, got, tt.parent)
		}
		if got := tt.path.display(); got != tt.display {
			t.Errorf("%s.display() = %q, want %q", tt.path, got, tt.display)
		}
	}
	if got := keyPath("keys").key("a.b"); got != `keys."a.b"` {
		t.Errorf("key(a.b) = %s", got)
	}
}
