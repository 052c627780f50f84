package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/hooks"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/notify"
	"github.com/callboard/callboard/webex"
)

// minPoll is the shortest poll interval: faster polling would run into
// Webex's rate limits and help nobody.
const minPoll = 250 * time.Millisecond

// validator checks what the decoded settings mean, normalising them on the
// way (trailing slashes, destinations, "~/" in paths).
type validator struct {
	doc      *document
	bad      map[keyPath]bool // keys already refused for their type: not checked again
	problems []Problem
	warnings []Warning
}

// addf records a problem at path.
func (v *validator) addf(path keyPath, format string, args ...any) {
	v.problems = append(v.problems, Problem{Position: v.doc.pos(path), Message: fmt.Sprintf(format, args...)})
}

// warnf records a warning at path.
func (v *validator) warnf(path keyPath, format string, args ...any) {
	v.warnings = append(v.warnings, Warning{Position: v.doc.pos(path), Message: fmt.Sprintf(format, args...)})
}

// validate checks cfg, fixing up normalised values in place.
func validate(cfg *Config, doc *document, bad map[keyPath]bool) ([]Problem, []Warning) {
	v := &validator{doc: doc, bad: bad}
	v.webex(&cfg.Webex)
	v.oauth(&cfg.OAuth)
	v.poll(&cfg.Poll)
	v.alerts(&cfg.Alerts)
	v.speedDial(cfg)
	v.keys(cfg)
	v.ui(&cfg.UI)
	v.log(&cfg.Log)
	v.journal(&cfg.Journal)
	v.lines(cfg)
	v.queues(&cfg.Queues)
	v.night(&cfg.Night)
	v.office(&cfg.Office)
	v.hooks(cfg)
	return v.problems, v.warnings
}

// webex checks [webex].
func (v *validator) webex(w *Webex) {
	if u, err := normalizeBaseURL(w.BaseURL); err != nil {
		v.addf("webex.base_url", "webex.base_url: %v", err)
	} else {
		w.BaseURL = u
		if strings.HasPrefix(u, "http:") && !webex.IsLoopback(u) {
			v.warnf("webex.base_url", "webex.base_url uses plain http to a remote host: the token would cross the network unencrypted; use https")
		}
	}
	if hasSpace(string(w.Token)) {
		v.addf("webex.token", "webex.token contains spaces or line breaks: paste the token alone")
	}
	if hasSpace(w.LineOwnerID) {
		v.addf("webex.line_owner_id", "webex.line_owner_id: %s contains spaces: paste the ID alone", shorten(w.LineOwnerID))
	}
}

// oauth checks [oauth].
func (v *validator) oauth(o *OAuth) {
	if hasSpace(o.ClientID) {
		v.addf("oauth.client_id", "oauth.client_id: %s contains spaces: paste the client ID alone", shorten(o.ClientID))
	}
	if hasSpace(string(o.ClientSecret)) {
		v.addf("oauth.client_secret", "oauth.client_secret contains spaces or line breaks: paste the secret alone")
	}
	if !v.bad["oauth.redirect_port"] && (o.RedirectPort < 1 || o.RedirectPort > 65535) {
		v.addf("oauth.redirect_port", "oauth.redirect_port: %d is out of range: expected a port from 1 to 65535 (default %d)",
			o.RedirectPort, DefaultRedirectPort)
	}
	if v.bad["oauth.scopes"] {
		return
	}
	if len(o.Scopes) == 0 {
		v.addf("oauth.scopes", "oauth.scopes is empty: callboard needs at least spark:calls_read and spark:calls_write")
		return
	}
	for i, s := range o.Scopes {
		if s == "" || hasSpace(s) {
			v.addf(keyPath("oauth.scopes").index(i), "oauth.scopes #%d: %s is not a scope: write one scope per string, like \"spark:calls_read\"", i+1, shorten(s))
		}
	}
	for _, need := range []string{"spark:calls_read", "spark:calls_write"} {
		if !slices.Contains(o.Scopes, need) {
			v.warnf("oauth.scopes", "oauth.scopes lacks %s: Webex will refuse what needs it", need)
		}
	}
}

// poll checks [poll]: positive intervals, fast no slower than idle, back-off
// no shorter than idle.
func (v *validator) poll(p *Poll) {
	good := func(path keyPath, d Duration) bool {
		if v.bad[path] {
			return false
		}
		switch {
		case d.Duration < 0:
			v.addf(path, "%s: %s is negative: expected a positive duration like \"1s\"", path, d)
			return false
		case d.Duration < minPoll:
			v.addf(path, "%s: %s is too short: at least %s, or Webex's rate limits will be hit", path, d, Duration{minPoll})
			return false
		}
		return true
	}
	fast := good("poll.fast", p.Fast)
	idle := good("poll.idle", p.Idle)
	backoff := good("poll.max_backoff", p.MaxBackoff)
	if fast && idle && p.Fast.Duration > p.Idle.Duration {
		v.addf(v.later("poll.fast", "poll.idle"), "poll.fast (%s) is longer than poll.idle (%s): fast polling must come at least as often as idle polling",
			p.Fast, p.Idle)
	}
	if idle && backoff && p.MaxBackoff.Duration < p.Idle.Duration {
		v.addf(v.later("poll.idle", "poll.max_backoff"), "poll.max_backoff (%s) is shorter than poll.idle (%s): backing off must not poll faster than idling",
			p.MaxBackoff, p.Idle)
	}
	v.pollShare(p, idle)
}

// later picks, of two keys in a clash, the one written last in the file: the
// change that made the clash.
func (v *validator) later(a, b keyPath) keyPath {
	switch {
	case !v.doc.has(b):
		return a
	case !v.doc.has(a):
		return b
	}
	pa, pb := v.doc.pos(a), v.doc.pos(b)
	if pa.Line > pb.Line || pa.Line == pb.Line && pa.Col > pb.Col {
		return a
	}
	return b
}

// minBellRepeat is the shortest interval of the repeating bell: a bell
// every few hundred milliseconds would be a siren.
const minBellRepeat = time.Second

// alerts checks [alerts].
func (v *validator) alerts(a *Alerts) {
	if !v.bad["alerts.hold_limit"] && a.HoldLimit.Duration < 0 {
		v.addf("alerts.hold_limit", "alerts.hold_limit: %s is negative: expected a duration like \"2m\", or \"0\" to turn the alert off", a.HoldLimit)
	}
	if !v.bad["alerts.ring_alarm"] && a.RingAlarm.Duration < 0 {
		v.addf("alerts.ring_alarm", "alerts.ring_alarm: %s is negative: expected a duration like \"20s\", or \"0\" to turn the repeating bell off", a.RingAlarm)
	}
	if !v.bad["alerts.bell_repeat"] && a.BellRepeat.Duration < minBellRepeat {
		v.addf("alerts.bell_repeat", "alerts.bell_repeat: %s is too short: at least %s (the bell would be a siren)", a.BellRepeat, Duration{minBellRepeat})
	}
	if !v.bad["alerts.terminal"] {
		name := strings.ToLower(strings.TrimSpace(a.Terminal))
		if _, ok := notify.ParseProtocol(name); ok {
			a.Terminal = name
			if a.Terminal == "" {
				a.Terminal = notify.ProtocolNameOff
			}
		} else {
			v.addf("alerts.terminal", "alerts.terminal: %s is not a notification protocol: expected \"off\", \"osc9\" or \"osc777\"", shorten(a.Terminal))
		}
	}
}

// hooks checks the [[hooks]] entries: what package hooks would refuse,
// each problem at its key.
func (v *validator) hooks(cfg *Config) {
	if n := len(cfg.Hooks); n > hooks.MaxHooks {
		v.addf(keyPath("hooks").index(hooks.MaxHooks), "hooks: %d entries, at most %d", n, hooks.MaxHooks)
	}
	for i, h := range cfg.HookSpecs() {
		entry := keyPath("hooks").index(i)
		for _, p := range h.Problems() {
			path := v.present(entry.key(p.Key), entry)
			switch {
			case p.Sub != "":
				path = v.present(entry.key(p.Key).key(p.Sub), path)
			case p.Index >= 0:
				path = v.present(entry.key(p.Key).index(p.Index), path)
			}
			if v.bad[path] || v.bad[entry.key(p.Key)] {
				continue // already refused for its type
			}
			v.addf(path, "hook %d: %s", i+1, p.Message)
		}
		if strings.ContainsFunc(h.Name, unicode.IsControl) {
			v.addf(entry.key("name"), "hook %d: the name contains a control character", i+1)
		}
	}
}

// speedDial checks the [[speed_dial]] entries: at most 9, each with a valid
// destination and a printable label.
func (v *validator) speedDial(cfg *Config) {
	if n := len(cfg.SpeedDial); n > MaxSpeedDial {
		v.addf(keyPath("speed_dial").index(MaxSpeedDial), "speed_dial: %d entries, but keys 1 to %d hold at most %d: remove %d",
			n, MaxSpeedDial, MaxSpeedDial, n-MaxSpeedDial)
	}
	for i := range cfg.SpeedDial {
		e := &cfg.SpeedDial[i]
		entry := keyPath("speed_dial").index(i)
		dest := entry.key("destination")
		switch {
		case v.bad[dest]:
		case strings.TrimSpace(e.Destination) == "":
			v.addf(v.present(dest, entry), "speed dial %d: the destination is missing: give a number, extension or address", i+1)
		case desk.IsName(e.Destination):
			// A colleague's name: the directory finds their number when
			// the key is pressed.
			e.Destination = strings.Join(strings.Fields(e.Destination), " ")
			if strings.ContainsFunc(e.Destination, unicode.IsControl) {
				v.addf(dest, "speed dial %d: the destination contains a control character", i+1)
			}
		default:
			d, err := model.ParseDestination(e.Destination)
			if err != nil {
				v.addf(dest, "speed dial %d: destination %v", i+1, err)
			} else {
				e.Destination = d.Value
			}
		}
		e.Label = strings.TrimSpace(e.Label)
		if strings.ContainsFunc(e.Label, unicode.IsControl) {
			v.addf(entry.key("label"), "speed dial %d: the label contains a control character", i+1)
		}
		if e.Label == "" {
			e.Label = e.Destination
		}
	}
}

// present returns path when the file writes it, otherwise fallback.
func (v *validator) present(path, fallback keyPath) keyPath {
	if v.doc.has(path) {
		return path
	}
	return fallback
}

// keys checks the [keys] overrides through the key map, placing each
// problem at the action or at the key within its list.
func (v *validator) keys(cfg *Config) {
	slots := cfg.SpeedDialSlots()
	if len(slots) > MaxSpeedDial {
		slots = slots[:MaxSpeedDial]
	}
	_, err := keymap.Default().Apply(cfg.Keys, slots)
	var oe *keymap.OverrideError
	if errors.As(err, &oe) {
		for _, p := range oe.Problems {
			path := keyPath("keys")
			if p.Action != "" {
				path = path.key(p.Action)
				if p.Index >= 0 {
					path = path.index(p.Index)
				}
			}
			v.addf(path, "[keys] %s", p.Message)
		}
	} else if err != nil {
		v.addf("keys", "[keys] %v", err)
	}
}

// ui checks [ui].
func (v *validator) ui(u *UI) {
	if !v.bad["ui.fps"] && (u.FPS < 1 || u.FPS > 60) {
		v.addf("ui.fps", "ui.fps: %d frames a second is out of range: use 1 to 60", u.FPS)
	}
	if !v.bad["ui.order"] {
		order := strings.ToLower(strings.TrimSpace(u.Order))
		if _, ok := model.ParseOrder(order); ok {
			u.Order = order
		} else {
			v.addf("ui.order", "ui.order: %s is not an order: expected \"ringing-first\" or \"appearance\"", shorten(u.Order))
		}
	}
	if v.bad["ui.theme"] {
		return
	}
	theme := strings.ToLower(strings.TrimSpace(u.Theme))
	switch theme {
	case ThemeAuto, ThemeLight, ThemeDark:
		u.Theme = theme
	default:
		v.addf("ui.theme", "ui.theme: %s is not a theme: expected \"auto\", \"light\" or \"dark\"", shorten(u.Theme))
	}
}

// log checks [log]: the file must be absolute once "~/" is expanded.
func (v *validator) log(l *Log) {
	if v.bad["log.file"] {
		return
	}
	p, err := expandPath(l.File, DefaultLogFile())
	if err != nil {
		v.addf("log.file", "log.file: %v", err)
		return
	}
	l.File = p
}

// journal checks [journal]: the paths, the PostgreSQL URL (never repeated
// in a message: it may hold a password), the retention and the operator.
func (v *validator) journal(j *Journal) {
	if !v.bad["journal.path"] {
		if p, err := expandPath(j.Path, DefaultJournalFile()); err != nil {
			v.addf("journal.path", "journal.path: %v", err)
		} else if strings.ContainsAny(p, "?#") {
			v.addf("journal.path", "journal.path: %s contains ? or #, which SQLite cannot open: choose another path", shorten(p))
		} else {
			j.Path = p
		}
	}
	if !v.bad["journal.contacts"] && strings.TrimSpace(j.Contacts) != "" {
		if p, err := expandPath(j.Contacts, ""); err != nil {
			v.addf("journal.contacts", "journal.contacts: %v", err)
		} else {
			j.Contacts = p
		}
	} else if !v.bad["journal.contacts"] {
		j.Contacts = ""
	}
	if !v.bad["journal.url"] && j.URL.IsSet() {
		u, err := checkJournalURL(j.URL.Reveal())
		switch {
		case err != nil:
			v.addf("journal.url", "journal.url: %v", err)
		default:
			j.URL = Secret(strings.TrimSpace(j.URL.Reveal()))
			if u.Query().Get("sslmode") == "disable" && !isLoopbackHost(u.Hostname()) {
				v.warnf("journal.url", "journal.url has sslmode=disable to a remote host: the journal, and the password, would cross the network unencrypted")
			}
		}
	}
	if !v.bad["journal.retention_days"] && (j.RetentionDays < 0 || j.RetentionDays > MaxRetentionDays) {
		v.addf("journal.retention_days", "journal.retention_days: %d is out of range: give a number of days from 1 to %d, or 0 to keep everything",
			j.RetentionDays, MaxRetentionDays)
	}
	if !v.bad["journal.operator"] {
		j.Operator = strings.TrimSpace(j.Operator)
		switch {
		case strings.ContainsFunc(j.Operator, unicode.IsControl):
			v.addf("journal.operator", "journal.operator contains a control character")
		case utf8.RuneCountInString(j.Operator) > 64:
			v.addf("journal.operator", "journal.operator is longer than 64 characters: give the name colleagues know you by")
		}
	}
}

// Bounds of [office]: faster status requests would run into Webex's rate
// limits; a camp-on limit shorter than a ring would alert at once.
const (
	minPresenceEvery = 200 * time.Millisecond
	minCampOnLimit   = 10 * time.Second
)

// office checks [office].
func (v *validator) office(o *Office) {
	if hasSpace(string(o.Token)) {
		v.addf("office.token", "office.token contains spaces or line breaks: paste the token alone")
	}
	if !v.bad["office.presence_every"] && o.PresenceEvery.Duration < minPresenceEvery {
		v.addf("office.presence_every", "office.presence_every: %s is too short: at least %s, or Webex's rate limits will be hit", o.PresenceEvery, Duration{minPresenceEvery})
	}
	if !v.bad["office.camp_on_limit"] && o.CampOnLimit.Duration < minCampOnLimit {
		v.addf("office.camp_on_limit", "office.camp_on_limit: %s is too short: give at least %s, like \"2m\"", o.CampOnLimit, Duration{minCampOnLimit})
	}
}

// checkJournalURL checks a PostgreSQL URL without ever quoting it.
func checkJournalURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return nil, errors.New("not a URL: write it as postgres://user:password@host:5432/database")
	case u.Scheme != "postgres" && u.Scheme != "postgresql":
		return nil, errors.New("expected a postgres:// URL, like postgres://user:password@host:5432/database")
	case u.Host == "" && u.Query().Get("host") == "":
		return nil, errors.New("the URL names no host: write postgres://user:password@host:5432/database")
	case strings.Trim(u.Path, "/") == "":
		return nil, errors.New("the URL names no database: end it with /database")
	case hasSpace(s):
		return nil, errors.New("the URL contains spaces: percent-encode them (%20)")
	}
	return u, nil
}

// RedactedURL is the journal URL with its password replaced by "xxxxx",
// for showing: config check prints it, and it reads back as a URL.
func (j Journal) RedactedURL() string {
	s := j.URL.Reveal()
	u, err := url.Parse(s)
	if err != nil {
		return j.URL.String()
	}
	redacted := false
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
		redacted = true
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
		redacted = true
	}
	if !redacted {
		return s
	}
	return u.String()
}

// isLoopbackHost reports whether a host name stays on this machine.
func isLoopbackHost(h string) bool {
	if h == "localhost" || h == "" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// expandPath turns "" into def and "~/x" into a path in the home
// directory, and refuses relative paths, which would depend on where
// callboard was started.
func expandPath(p, def string) (string, error) {
	p = strings.TrimSpace(p)
	switch {
	case p == "":
		return def, nil
	case p == "~" || strings.HasPrefix(p, "~/"):
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("%s starts with ~ but the home directory is unknown: %w", shorten(p), err)
		}
		return filepath.Join(home, strings.TrimPrefix(p[1:], "/")), nil
	case !filepath.IsAbs(p):
		return "", fmt.Errorf("%s is a relative path: write an absolute path, or start it with ~/", shorten(p))
	}
	return filepath.Clean(p), nil
}

// normalizeBaseURL checks an API base URL and drops trailing slashes. The
// URL is not repeated when it carries credentials.
func normalizeBaseURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("the URL is empty: leave the setting out to use %s", DefaultBaseURL)
	}
	u, err := url.Parse(s)
	if err == nil && u.User != nil {
		return "", errors.New("the URL must not carry a user name or password")
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s is not an http or https URL like %q", shorten(s), DefaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", fmt.Errorf("%s must not have a query or fragment", shorten(s))
	}
	return strings.TrimRight(s, "/"), nil
}

// hasSpace reports whether s contains white space anywhere.
func hasSpace(s string) bool { return strings.ContainsFunc(s, unicode.IsSpace) }
