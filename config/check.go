package config

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/callboard/callboard/keymap"
)

// Check validates the configuration file at path ("" means DefaultPath)
// for `callboard config check`: it writes the warnings and the effective
// settings, secrets masked, to w, and returns the *Error listing every
// problem when the file is refused.
func Check(w io.Writer, path string) error {
	return CheckWith(w, path, nil, Flags{})
}

// CheckWith is Check with the environment and command-line flags applied
// on top of the file, as callboard itself would run.
func CheckWith(w io.Writer, path string, getenv func(string) string, f Flags) error {
	shown := path
	if shown == "" {
		shown = DefaultPath()
	}
	cfg, warnings, err := Load(path)
	for _, wn := range warnings {
		if _, werr := fmt.Fprintf(w, "warning: %s\n", wn); werr != nil {
			return fmt.Errorf("config check: %w", werr)
		}
	}
	if err != nil {
		return err
	}
	var notes []string
	base := cfg.Webex.BaseURL
	if err := cfg.ApplyEnv(getenv); err != nil {
		return err
	}
	if cfg.Webex.BaseURL != base {
		notes = append(notes, "webex.base_url comes from "+EnvBaseURL)
	}
	if err := cfg.ApplyFlags(f); err != nil {
		return err
	}
	if f.BaseURL != "" {
		notes = append(notes, "webex.base_url comes from --base-url")
	}
	if f.LineOwnerID != "" {
		notes = append(notes, "webex.line_owner_id comes from --line-owner")
	}

	bw := bufio.NewWriter(w)
	if cfg.File == "" {
		fmt.Fprintf(bw, "# %s does not exist: these are the defaults\n", shown)
	} else {
		fmt.Fprintf(bw, "# %s is valid; the effective settings:\n", shown)
	}
	for _, n := range notes {
		fmt.Fprintf(bw, "# %s\n", n)
	}
	fmt.Fprintln(bw)
	if err := cfg.Describe(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("config check: %w", err)
	}
	return nil
}

// Describe writes the settings as TOML, every key present, secrets shown as
// "********" and keys as the effective bindings.
func (c Config) Describe(w io.Writer) error {
	var b strings.Builder
	q := tomlString

	b.WriteString("[webex]\n")
	fmt.Fprintf(&b, "base_url = %s\n", q(c.Webex.BaseURL))
	fmt.Fprintf(&b, "token = %s\n", q(c.Webex.Token.String()))
	fmt.Fprintf(&b, "line_owner_id = %s\n", q(c.Webex.LineOwnerID))

	b.WriteString("\n[oauth]\n")
	fmt.Fprintf(&b, "client_id = %s\n", q(c.OAuth.ClientID))
	fmt.Fprintf(&b, "client_secret = %s\n", q(c.OAuth.ClientSecret.String()))
	fmt.Fprintf(&b, "redirect_port = %d\n", c.OAuth.RedirectPort)
	fmt.Fprintf(&b, "scopes = %s\n", stringArray(c.OAuth.Scopes))

	b.WriteString("\n[poll]\n")
	fmt.Fprintf(&b, "fast = %s\n", q(c.Poll.Fast.String()))
	fmt.Fprintf(&b, "idle = %s\n", q(c.Poll.Idle.String()))
	fmt.Fprintf(&b, "max_backoff = %s\n", q(c.Poll.MaxBackoff.String()))
	fmt.Fprintf(&b, "quiet = %s\n", q(c.Poll.Quiet.String()))
	fmt.Fprintf(&b, "settings = %s\n", q(c.Poll.Settings.String()))
	fmt.Fprintf(&b, "budget = %d\n", c.Poll.Budget)

	b.WriteString("\n[alerts]\n")
	fmt.Fprintf(&b, "bell = %t\n", c.Alerts.Bell)
	fmt.Fprintf(&b, "desktop = %t\n", c.Alerts.Desktop)
	fmt.Fprintf(&b, "select_ringing = %t\n", c.Alerts.SelectRinging)
	fmt.Fprintf(&b, "hold_limit = %s\n", q(c.Alerts.HoldLimit.String()))
	fmt.Fprintf(&b, "ring_alarm = %s\n", q(c.Alerts.RingAlarm.String()))
	fmt.Fprintf(&b, "bell_repeat = %s\n", q(c.Alerts.BellRepeat.String()))
	fmt.Fprintf(&b, "terminal = %s\n", q(c.Alerts.Terminal))

	if len(c.SpeedDial) == 0 {
		b.WriteString("\n# no speed-dial entries\n")
	}
	for i, sd := range c.SpeedDial {
		fmt.Fprintf(&b, "\n[[speed_dial]] # key %d\n", i+1)
		fmt.Fprintf(&b, "label = %s\n", q(sd.Label))
		fmt.Fprintf(&b, "destination = %s\n", q(sd.Destination))
	}

	km, err := c.KeyMap()
	if err != nil {
		return fmt.Errorf("describe config: %w", err)
	}
	b.WriteString("\n[keys]\n")
	for _, a := range keymap.Actions() {
		bind, _ := km.Binding(a)
		fmt.Fprintf(&b, "%s = %s\n", a, stringArray(bind.Keys()))
	}

	b.WriteString("\n[ui]\n")
	fmt.Fprintf(&b, "theme = %s\n", q(c.UI.Theme))
	fmt.Fprintf(&b, "mouse = %t\n", c.UI.Mouse)
	fmt.Fprintf(&b, "order = %s\n", q(c.UI.Order))
	fmt.Fprintf(&b, "fps = %d\n", c.UI.FPS)

	b.WriteString("\n[log]\n")
	fmt.Fprintf(&b, "file = %s\n", q(c.Log.File))

	b.WriteString("\n[journal]\n")
	fmt.Fprintf(&b, "path = %s\n", q(c.Journal.Path))
	fmt.Fprintf(&b, "url = %s\n", q(c.Journal.RedactedURL()))
	fmt.Fprintf(&b, "retention_days = %d\n", c.Journal.RetentionDays)
	fmt.Fprintf(&b, "operator = %s\n", q(c.Journal.Operator))
	fmt.Fprintf(&b, "contacts = %s\n", q(c.Journal.Contacts))

	b.WriteString("\n[lines]\n")
	fmt.Fprintf(&b, "discover = %t\n", c.Lines.Discover)
	if len(c.Lines.Watch) == 0 {
		b.WriteString("# no lines to watch besides those discovered\n")
	}
	for _, l := range c.Lines.Watch {
		b.WriteString("\n[[lines.watch]]\n")
		fmt.Fprintf(&b, "id = %s\n", q(l.ID))
		fmt.Fprintf(&b, "label = %s\n", q(l.Label))
	}

	b.WriteString("\n[queues]\n")
	fmt.Fprintf(&b, "enabled = %t\n", c.Queues.Enabled)
	fmt.Fprintf(&b, "refresh = %s\n", q(c.Queues.Refresh.String()))
	fmt.Fprintf(&b, "wait_alarm = %s\n", q(c.Queues.WaitAlarm.String()))
	fmt.Fprintf(&b, "alarm_repeat = %s\n", q(c.Queues.AlarmRepeat.String()))
	fmt.Fprintf(&b, "wrap_up_reasons = %s\n", stringArray(c.Queues.WrapUpReasons))

	b.WriteString("\n[night]\n")
	fmt.Fprintf(&b, "forward_to = %s\n", q(c.Night.ForwardTo))

	b.WriteString("\n[office]\n")
	fmt.Fprintf(&b, "colleagues = %t\n", c.Office.Colleagues)
	fmt.Fprintf(&b, "token = %s\n", q(c.Office.Token.String()))
	fmt.Fprintf(&b, "presence_every = %s\n", q(c.Office.PresenceEvery.String()))
	fmt.Fprintf(&b, "camp_on_limit = %s\n", q(c.Office.CampOnLimit.String()))

	if len(c.Hooks) == 0 {
		b.WriteString("\n# no hooks\n")
	}
	for i, h := range c.Hooks {
		fmt.Fprintf(&b, "\n[[hooks]] # %d\n", i+1)
		fmt.Fprintf(&b, "name = %s\n", q(h.Name))
		fmt.Fprintf(&b, "events = %s\n", stringArray(h.Events))
		fmt.Fprintf(&b, "command = %s\n", stringArray(h.Command))
		fmt.Fprintf(&b, "shell = %t\n", h.Shell)
		fmt.Fprintf(&b, "timeout = %s\n", q(h.Timeout.String()))
		fmt.Fprintf(&b, "filter = %s\n", inlineTable(h.Filter))
		fmt.Fprintf(&b, "group = %s\n", q(h.Group))
	}

	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("describe config: %w", err)
	}
	return nil
}

// inlineTable writes a TOML inline table of strings, keys in order.
func inlineTable(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = quoteKey(k) + " = " + tomlString(m[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// stringArray writes a TOML array of strings.
func stringArray(ss []string) string {
	quoted := make([]string, len(ss))
	for i, s := range ss {
		quoted[i] = tomlString(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// tomlString writes s as a TOML basic string. strconv.Quote will not do:
// TOML has no \a, \v or \xNN escapes, so a control character in a value
// would make the output unreadable as TOML. Characters that do not print
// are escaped too, so the output is safe on a terminal.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s { // a byte that is not UTF-8 comes as U+FFFD, and is written so
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\r':
			b.WriteString(`\r`)
		case r <= 0xFFFF && !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		case !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\U%08X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
