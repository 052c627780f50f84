// Package config reads callboard's configuration file (TOML), checks it with
// every problem pointed at its file:line:col, and applies the precedence
// command-line flag > environment > file > default.
//
// The file's tables and keys are documented in config.example.toml at the
// root of the repository; the struct tags below are the same names.
package config

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"time"

	"github.com/adrg/xdg"

	"github.com/callboard/callboard/hooks"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/notify"
)

// Defaults that other packages and the example file share.
const (
	DefaultBaseURL      = "https://webexapis.com/v1" // the real Webex API
	DefaultRedirectPort = 8976                       // the OAuth redirect listener on 127.0.0.1
	MaxSpeedDial        = keymap.SpeedDialSlots      // speed-dial entries, on keys 1 to 9
)

// The environment variables config reads. WEBEX_TOKEN is a credential, not a
// setting: package auth reads it.
const (
	EnvBaseURL = "WEBEX_BASE_URL"
	// EnvOfficeToken is the office's administrator or Service App token,
	// over [office] token.
	EnvOfficeToken = "CALLBOARD_OFFICE_TOKEN"
)

// The themes.
const (
	ThemeAuto  = "auto"  // follow the terminal's background
	ThemeLight = "light" // dark text on a light background
	ThemeDark  = "dark"  // light text on a dark background
)

// DefaultScopes are the OAuth scopes callboard asks for: reading and
// controlling calls, reading people (the signed-in person, the directory's
// fallback, colleagues' presence), and reading and changing the user's own
// telephony settings (the directory, the monitoring list, park places,
// devices, the lines on their devices, call queues, do not disturb,
// forwarding). A token without the last two keeps working: the parts that
// need them say so.
func DefaultScopes() []string {
	return []string{"spark:calls_read", "spark:calls_write", "spark:people_read",
		"spark:telephony_config_read", "spark:telephony_config_write"}
}

// Config is the whole configuration. Each section is a TOML table.
type Config struct {
	Webex     Webex               `toml:"webex"`
	OAuth     OAuth               `toml:"oauth"`
	Poll      Poll                `toml:"poll"`
	Alerts    Alerts              `toml:"alerts"`
	SpeedDial []SpeedDial         `toml:"speed_dial"` // at most 9, on keys 1 to 9 in order
	Keys      map[string][]string `toml:"keys"`       // action name → keys, over keymap.Default
	UI        UI                  `toml:"ui"`
	Log       Log                 `toml:"log"`
	Journal   Journal             `toml:"journal"`
	Lines     Lines               `toml:"lines"`
	Queues    Queues              `toml:"queues"`
	Night     Night               `toml:"night"`
	Office    Office              `toml:"office"`
	Hooks     []Hook              `toml:"hooks"` // commands run on line events; see package hooks

	// File is the file the settings came from; "" when defaults alone apply.
	File string `toml:"-"`
}

// Webex is the [webex] table: which API to talk to, as whom.
type Webex struct {
	BaseURL     string `toml:"base_url"`      // the API root, e.g. https://webexapis.com/v1
	Token       Secret `toml:"token"`         // a personal access token; discouraged, prefer `callboard login`
	LineOwnerID string `toml:"line_owner_id"` // act on a secondary line owned by this person, workspace or virtual line
}

// OAuth is the [oauth] table: the Webex integration used by `callboard login`.
type OAuth struct {
	ClientID     string   `toml:"client_id"`
	ClientSecret Secret   `toml:"client_secret"`
	RedirectPort int      `toml:"redirect_port"` // http://127.0.0.1:PORT/callback must be registered with the integration
	Scopes       []string `toml:"scopes"`
}

// Poll is the [poll] table: how often the call list is refreshed.
type Poll struct {
	Fast       Duration `toml:"fast"`        // while something rings or just changed
	Idle       Duration `toml:"idle"`        // when nothing happens
	MaxBackoff Duration `toml:"max_backoff"` // the longest wait after repeated errors
	Quiet      Duration `toml:"quiet"`       // another line while nothing happens on it
	Settings   Duration `toml:"settings"`    // do not disturb, forwarding and the queue membership
	Budget     int      `toml:"budget"`      // requests a minute, every line, queue and setting together
}

// Alerts is the [alerts] table.
type Alerts struct {
	Bell          bool     `toml:"bell"`           // ring the terminal bell for a new incoming call
	Desktop       bool     `toml:"desktop"`        // send a desktop notification for a new incoming call
	SelectRinging bool     `toml:"select_ringing"` // move the selection to a new incoming call
	HoldLimit     Duration `toml:"hold_limit"`     // flag calls held longer than this; 0 turns it off
	RingAlarm     Duration `toml:"ring_alarm"`     // repeat the bell for a call ringing this long; 0 turns it off
	BellRepeat    Duration `toml:"bell_repeat"`    // how often the bell repeats, until acknowledged
	Terminal      string   `toml:"terminal"`       // desktop notifications through the terminal: off, osc9 or osc777
}

// Hook is one [[hooks]] entry: on these events, run this command.
type Hook struct {
	Name    string            `toml:"name"`    // how messages name it; the command when empty
	Events  Names             `toml:"events"`  // an event name, or a list of them
	Command []string          `toml:"command"` // the program and its arguments (with shell, one script)
	Shell   bool              `toml:"shell"`   // run the command as a /bin/sh script
	Timeout Duration          `toml:"timeout"` // a run taking longer is killed; 0: the default
	Filter  map[string]string `toml:"filter"`  // field → pattern; every one must match
	Group   string            `toml:"group"`   // hooks of one group run one at a time, in order
}

// SpeedDial is one [[speed_dial]] entry.
type SpeedDial struct {
	Label       string `toml:"label"`       // what help and the screen show; the destination when empty
	Destination string `toml:"destination"` // a number, extension or address, normalised
}

// UI is the [ui] table.
type UI struct {
	Theme string `toml:"theme"` // auto, light or dark
	Mouse bool   `toml:"mouse"` // clicks select calls
	Order string `toml:"order"` // ringing-first or appearance
	FPS   int    `toml:"fps"`   // frames drawn per second at most, 1 to 60
}

// Log is the [log] table.
type Log struct {
	File string `toml:"file"` // where --debug writes; an absolute path, "~/" allowed
}

// Journal is the [journal] table: where calls, notes, messages and the
// call-back worklist are kept.
type Journal struct {
	Path          string `toml:"path"`           // the SQLite file; absolute, "~/" allowed
	URL           Secret `toml:"url"`            // postgres://… for a team's shared journal; wins over path
	RetentionDays int    `toml:"retention_days"` // delete entries older than this many days; 0 keeps everything
	Operator      string `toml:"operator"`       // the name claims, notes and messages carry; "" for the login name
	Contacts      string `toml:"contacts"`       // a CSV or vCard file of personal contacts; "" for none
}

// Lines is the [lines] table: the lines watched besides the operator's own.
type Lines struct {
	// Discover finds the secondary and virtual lines on the operator's
	// devices (the main number, an executive's line) and watches them.
	Discover bool        `toml:"discover"`
	Watch    []WatchLine `toml:"watch"` // lines to watch by lineOwnerId, with a label
}

// WatchLine is one [[lines.watch]] entry.
type WatchLine struct {
	ID    string `toml:"id"`    // the lineOwnerId of the person, workspace or virtual line
	Label string `toml:"label"` // what rows show: "Main Line"
}

// Queues is the [queues] table: the call queues pane.
type Queues struct {
	Enabled       bool     `toml:"enabled"`         // show the queues pane and read the queues
	Refresh       Duration `toml:"refresh"`         // how often the callers waiting are read
	WaitAlarm     Duration `toml:"wait_alarm"`      // ring when a caller has waited this long; 0 turns it off
	AlarmRepeat   Duration `toml:"alarm_repeat"`    // ring again this often until acknowledged
	WrapUpReasons []string `toml:"wrap_up_reasons"` // offered after a queue call ends
}

// Night is the [night] table: the night service.
type Night struct {
	ForwardTo string `toml:"forward_to"` // where every call goes while it is on; "" for none
}

// Limits of the lines, queues and night settings.
const (
	MinBudget      = 10  // poll.budget: fewer requests a minute cannot poll one line
	MaxBudget      = 600 // poll.budget: ten a second is beyond any use
	MaxReasons     = 20  // queues.wrap_up_reasons
	MaxReasonChars = 80  // one wrap-up reason
	MinAlarmRepeat = 5 * time.Second
)

// Office is the [office] table: colleagues, their statuses and camp-on.
type Office struct {
	// Colleagues shows the colleagues pane and asks for their statuses;
	// false leaves it out, and no presence request is sent.
	Colleagues bool `toml:"colleagues"`
	// Token is an administrator's or Service App's token with
	// spark-admin:calls_read (and spark-admin:calls_write), used only to read
	// colleagues' lines; empty shows presence alone.
	Token Secret `toml:"token"`
	// PresenceEvery spaces colleagues' status requests: one request per
	// interval, round-robin.
	PresenceEvery Duration `toml:"presence_every"`
	// CampOnLimit is how long a camped caller waits before the operator is
	// alerted.
	CampOnLimit Duration `toml:"camp_on_limit"`
}

// MaxRetentionDays bounds journal.retention_days: a hundred years is
// "keep everything", which 0 already says.
const MaxRetentionDays = 36500

// Default returns the configuration used when no file sets anything.
func Default() Config {
	return Config{
		Webex: Webex{BaseURL: DefaultBaseURL},
		OAuth: OAuth{RedirectPort: DefaultRedirectPort, Scopes: DefaultScopes()},
		Poll: Poll{
			Fast:       seconds(1),
			Idle:       seconds(2),
			MaxBackoff: seconds(30),
			Quiet:      seconds(6),
			Settings:   seconds(60),
			Budget:     120,
		},
		Lines:  Lines{Discover: true},
		Queues: Queues{Enabled: true, Refresh: seconds(10), WaitAlarm: seconds(60), AlarmRepeat: seconds(30), WrapUpReasons: []string{}},
		Alerts: Alerts{Bell: true, SelectRinging: true, HoldLimit: seconds(120),
			RingAlarm: seconds(20), BellRepeat: seconds(10), Terminal: notify.ProtocolNameOff},
		UI:      UI{Theme: ThemeAuto, Mouse: true, Order: "ringing-first", FPS: DefaultFPS},
		Log:     Log{File: DefaultLogFile()},
		Journal: Journal{Path: DefaultJournalFile()},
		Office:  Office{Colleagues: true, PresenceEvery: seconds(1), CampOnLimit: seconds(120)},
	}
}

// DefaultFPS is how many frames a second the console draws at most. Keys
// act the moment they arrive whatever the rate; a change is drawn at once
// when the last frame is 1/FPS old, else when 1/FPS has passed, so a burst
// of changes (typing, a busy poll) costs at most FPS frames a second and a
// quiet screen costs none.
const DefaultFPS = 10

// DefaultPath is where callboard looks for its configuration:
// $XDG_CONFIG_HOME/callboard/config.toml.
func DefaultPath() string {
	return filepath.Join(xdg.ConfigHome, "callboard", "config.toml")
}

// DefaultLogFile is where --debug writes unless [log] file says otherwise:
// $XDG_STATE_HOME/callboard/callboard.log.
func DefaultLogFile() string {
	return filepath.Join(xdg.StateHome, "callboard", "callboard.log")
}

// DefaultJournalFile is where the journal is kept unless [journal] path says
// otherwise: $XDG_DATA_HOME/callboard/journal.db.
func DefaultJournalFile() string {
	return filepath.Join(xdg.DataHome, "callboard", "journal.db")
}

// DirectoryCacheFile is where the directory of the organisation at baseURL
// is kept between runs: in the XDG cache directory, one file per API.
func DirectoryCacheFile(baseURL string) string {
	return filepath.Join(xdg.CacheHome, "callboard", "directory-"+apiKey(baseURL)+".json")
}

// OfficeStateFile is where the office keeps name (pins, parked calls) for
// the API at baseURL: in the XDG state directory, one file per API.
func OfficeStateFile(baseURL, name string) string {
	return filepath.Join(xdg.StateHome, "callboard", name+"-"+apiKey(baseURL)+".json")
}

// apiKey names an API in a file name without its URL's characters.
func apiKey(baseURL string) string {
	sum := sha256.Sum256([]byte(baseURL))
	return hex.EncodeToString(sum[:6])
}

// SpeedDialSlots returns the configured speed-dial slots, 1 to len(SpeedDial).
func (c Config) SpeedDialSlots() []int {
	slots := make([]int, len(c.SpeedDial))
	for i := range slots {
		slots[i] = i + 1
	}
	return slots
}

// KeyMap returns the default key map with the configured overrides applied,
// speed-dial slots bound for the configured entries and their help showing
// the entries' labels. Load has already reported any problem with the
// overrides; the error repeats it for a Config built by hand.
func (c Config) KeyMap() (keymap.KeyMap, error) {
	m, err := keymap.Default().Apply(c.Keys, c.SpeedDialSlots())
	if err != nil {
		return keymap.Default(), err
	}
	for i, sd := range c.SpeedDial {
		b := &m.SpeedDial[i]
		b.SetHelp(b.Help().Key, sd.Label)
	}
	return m, nil
}

// HookSpecs returns the configured hooks as package hooks runs them.
func (c Config) HookSpecs() []hooks.Hook {
	out := make([]hooks.Hook, len(c.Hooks))
	for i, h := range c.Hooks {
		out[i] = hooks.Hook{Name: h.Name, Events: h.Events, Command: h.Command, Shell: h.Shell,
			Timeout: h.Timeout.Duration, Filter: h.Filter, Group: h.Group}
	}
	return out
}

// TerminalProtocol is the escape sequence [alerts] terminal chose.
func (c Config) TerminalProtocol() notify.Protocol {
	p, _ := notify.ParseProtocol(c.Alerts.Terminal)
	return p
}

// seconds is n whole seconds.
func seconds(n int) Duration { return Duration{time.Duration(n) * time.Second} }
