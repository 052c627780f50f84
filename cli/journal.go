package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/model"
)

// journalWork is what a journal command does once its arguments are valid
// and the journal is open.
type journalWork func(ctx context.Context, s journal.Store, cfg config.Config) error

// journalCommand is `callboard journal`: the journal's verbs for scripts
// and for the operator at a shell.
func (a *app) journalCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Export, count, search the call journal; import contacts; forget a number",
		Long: strings.TrimSpace(`
The journal remembers every call the console sees, notes, messages and the
call-back worklist: in a private SQLite file by default, or in a team's
PostgreSQL database ([journal] url). Exit status: 0 ok, 1 the journal could
not be read or written, 2 a usage error (nothing was done).`),
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown journal command %q: see `callboard journal --help`", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.journalExportCommand(), a.journalStatsCommand(), a.journalForgetCommand(),
		a.journalImportContactsCommand(), a.journalWorklistCommand())
	return cmd
}

// journalVerb builds a journal subcommand: prepare checks the arguments
// before anything is opened, so a usage error does nothing.
func (a *app) journalVerb(use, short string, args cobra.PositionalArgs, prepare func(cmd *cobra.Command, args []string) (journalWork, error)) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args: func(cmd *cobra.Command, given []string) error {
			if err := args(cmd, given); err != nil {
				return usageError{err}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, given []string) error {
			work, err := prepare(cmd, given)
			if err != nil {
				return err
			}
			cfg, _, err := a.settings(false)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := journal.Open(ctx, cfg.Journal.Path, cfg.Journal.URL.Reveal(), journal.Options{
				Name: "callboard " + cmd.Name(), RetentionDays: cfg.Journal.RetentionDays,
			})
			if err != nil {
				return runtimeError{err}
			}
			err = work(ctx, s, cfg)
			if cerr := s.Close(); err == nil && cerr != nil {
				err = cerr
			}
			var usage usageError
			switch {
			case err == nil:
				return nil
			case errors.As(err, &usage):
				return err
			}
			return runtimeError{err}
		},
	}
}

func (a *app) journalExportCommand() *cobra.Command {
	var csvOut, jsonOut bool
	var since, output string
	cmd := a.journalVerb("export (--csv | --json) [--since DATE|DURATION] [--output FILE]",
		"Write the journal's calls as CSV or JSON, oldest first", cobra.NoArgs,
		func(*cobra.Command, []string) (journalWork, error) {
			var format journal.Format
			switch {
			case csvOut && jsonOut:
				return nil, usagef("give --csv or --json, not both")
			case csvOut:
				format = journal.FormatCSV
			case jsonOut:
				format = journal.FormatJSON
			default:
				return nil, usagef("give --csv or --json")
			}
			from, err := parseSince(since, time.Now())
			if err != nil {
				return nil, err
			}
			return func(ctx context.Context, s journal.Store, _ config.Config) error {
				w, finish, err := a.exportTarget(output)
				if err != nil {
					return err
				}
				n, err := journal.Export(ctx, s, w, format, from)
				if ferr := finish(err == nil); err == nil {
					err = ferr
				}
				if err != nil {
					return err
				}
				if output != "" {
					fmt.Fprintf(a.env.Stderr, "callboard: wrote %d calls to %s\n", n, output)
				}
				return nil
			}, nil
		})
	f := cmd.Flags()
	f.BoolVar(&csvOut, "csv", false, "write CSV with a header line")
	f.BoolVar(&jsonOut, "json", false, "write a JSON array, one call per line")
	f.StringVar(&since, "since", "", "only calls since a date (2026-03-01, 2026-03-01T09:00:00Z) or for a duration back (36h, 7d, 2w)")
	f.StringVar(&output, "output", "", "write to this file (created readable by you only) instead of standard output")
	return cmd
}

// exportTarget opens where an export goes. The file is written beside its
// final name and renamed when complete, so a failed export leaves no half
// file; finish(ok) completes or removes it.
func (a *app) exportTarget(path string) (io.Writer, func(ok bool) error, error) {
	if path == "" {
		return a.env.Stdout, func(bool) error { return nil }, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, fmt.Errorf("export: %w", err)
	}
	finish := func(ok bool) error {
		err := f.Close()
		if ok && err == nil {
			err = os.Rename(f.Name(), path)
		}
		if !ok || err != nil {
			_ = os.Remove(f.Name())
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	return f, finish, nil
}

// parseSince reads --since: a date (local midnight), a date and time in
// RFC 3339, or a duration back from now in Go's units or in days and weeks
// ("7d", "2w"). "" is the beginning of the journal.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, time.Local); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	var d time.Duration
	var err error
	switch {
	case strings.HasSuffix(s, "d") || strings.HasSuffix(s, "w"):
		n, perr := strconv.ParseFloat(s[:len(s)-1], 64)
		unit := 24 * time.Hour
		if strings.HasSuffix(s, "w") {
			unit *= 7
		}
		d, err = time.Duration(n*float64(unit)), perr
	default:
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 {
		return time.Time{}, usagef("--since %q: give a date (2026-03-01), a date and time (2026-03-01T09:00:00Z) or a duration back (36h, 7d, 2w)", s)
	}
	return now.Add(-d), nil
}

// statsJSON is `journal stats --json`: durations in seconds.
type statsJSON struct {
	Period string        `json:"period"`
	From   time.Time     `json:"from"`
	To     time.Time     `json:"to"`
	Total  figuresJSON   `json:"total"`
	Lines  []figuresJSON `json:"lines"`
	Queues []figuresJSON `json:"queues"`
}

type figuresJSON struct {
	Key                  string  `json:"key,omitempty"`
	Label                string  `json:"label,omitempty"`
	Answered             int     `json:"answered"`
	Missed               int     `json:"missed"`
	Placed               int     `json:"placed"`
	AvgAnswerSeconds     float64 `json:"avg_answer_seconds"`
	LongestAnswerSeconds float64 `json:"longest_answer_seconds"`
	HeldSeconds          float64 `json:"held_seconds"`
}

func toFiguresJSON(key, label string, f journal.Figures) figuresJSON {
	return figuresJSON{Key: key, Label: label, Answered: f.Answered, Missed: f.Missed, Placed: f.Placed,
		AvgAnswerSeconds: f.AvgAnswer.Seconds(), LongestAnswerSeconds: f.LongestAnswer.Seconds(), HeldSeconds: f.Held.Seconds()}
}

// periodStart is local midnight today, or of the week's Monday.
func periodStart(now time.Time, week bool) time.Time {
	y, m, d := now.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	if week {
		back := (int(now.Weekday()) + 6) % 7 // days since Monday
		start = start.AddDate(0, 0, -back)
	}
	return start
}

func (a *app) journalStatsCommand() *cobra.Command {
	var week, jsonOut bool
	cmd := a.journalVerb("stats [--week] [--json]", "Today's (or this week's) figures: answered, missed, time to answer, on hold",
		cobra.NoArgs, func(*cobra.Command, []string) (journalWork, error) {
			return func(ctx context.Context, s journal.Store, _ config.Config) error {
				now := time.Now()
				from := periodStart(now, week)
				st, err := s.Stats(ctx, from, now.Add(time.Second))
				if err != nil {
					return err
				}
				period := "today"
				if week {
					period = "this week"
				}
				if jsonOut {
					out := statsJSON{Period: period, From: from, To: now, Total: toFiguresJSON("", "", st.Total),
						Lines: []figuresJSON{}, Queues: []figuresJSON{}}
					for _, g := range st.ByLine {
						out.Lines = append(out.Lines, toFiguresJSON(g.Key, g.Label, g.Figures))
					}
					for _, g := range st.ByQueue {
						out.Queues = append(out.Queues, toFiguresJSON(g.Key, g.Label, g.Figures))
					}
					return writeJSON(a.env.Stdout, out)
				}
				fmt.Fprint(a.env.Stdout, formatStats(period, from, st))
				return nil
			}, nil
		})
	cmd.Flags().BoolVar(&week, "week", false, "this week, since Monday, instead of today")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON, durations in seconds")
	return cmd
}

// formatStats writes the figures as a table: the totals, then each line
// and each queue.
func formatStats(period string, from time.Time, st journal.Stats) string {
	row := func(name string, f journal.Figures) []string {
		return []string{name, strconv.Itoa(f.Answered), strconv.Itoa(f.Missed), strconv.Itoa(f.Placed),
			model.FormatDuration(f.AvgAnswer), model.FormatDuration(f.LongestAnswer), model.FormatDuration(f.Held)}
	}
	rows := [][]string{row("all calls", st.Total)}
	for _, g := range st.ByLine {
		rows = append(rows, row("line "+textsafe.Clip(textsafe.Line(g.Label), 30), g.Figures))
	}
	for _, g := range st.ByQueue {
		rows = append(rows, row("queue "+textsafe.Clip(textsafe.Line(g.Label), 30), g.Figures))
	}
	head := fmt.Sprintf("%s, since %s\n", strings.ToUpper(period[:1])+period[1:], from.Format("Mon 2 Jan 15:04"))
	return head + table([]string{"", "ANSWERED", "MISSED", "PLACED", "AVG ANSWER", "LONGEST", "ON HOLD"}, rows)
}

func (a *app) journalForgetCommand() *cobra.Command {
	return a.journalVerb("forget NUMBER", "Delete everything the journal knows about a number (calls, notes, messages, call-backs, contacts)",
		cobra.ExactArgs(1), func(_ *cobra.Command, args []string) (journalWork, error) {
			if journal.NormalizeNumber(args[0]) == "" {
				return nil, usagef("forget %q: give a phone number, extension or address", args[0])
			}
			return func(ctx context.Context, s journal.Store, _ config.Config) error {
				r, err := s.Forget(ctx, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "forgot %s: %d calls, %d notes, %d messages, %d call-backs, %d contact numbers, %d parked\n",
					journal.NormalizeNumber(args[0]), r.Calls, r.Notes, r.Messages, r.Callbacks, r.Contacts, r.Parked)
				return nil
			}, nil
		})
}

func (a *app) journalImportContactsCommand() *cobra.Command {
	cmd := a.journalVerb("import-contacts [FILE]", "Import a contacts file (CSV or vCard) that names numbers Webex does not",
		cobra.MaximumNArgs(1), func(_ *cobra.Command, args []string) (journalWork, error) {
			return func(ctx context.Context, s journal.Store, cfg config.Config) error {
				path := cfg.Journal.Contacts
				if len(args) == 1 {
					path = args[0]
				}
				if path == "" {
					return usagef("no contacts file: give one, or set [journal] contacts in %s", configFile(a, cfg))
				}
				abs, err := filepath.Abs(path)
				if err != nil {
					return usagef("contacts file %s: %v", path, err)
				}
				f, err := os.Open(abs)
				if err != nil {
					return usagef("contacts file: %v", err)
				}
				defer f.Close()
				contacts, err := journal.ParseContacts(f)
				if err != nil {
					return usagef("%s: %v", path, err)
				}
				// The file's path names the import: importing it again
				// replaces what it brought last time.
				n, err := s.ImportContacts(ctx, abs, contacts)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "imported %d contacts with %d numbers from %s\n", len(contacts), n, path)
				return nil
			}, nil
		})
	cmd.Aliases = []string{"contacts"}
	return cmd
}

// worklistJSON is one call-back in `journal worklist --json`.
type worklistJSON struct {
	ID         int64      `json:"id"`
	Number     string     `json:"number"`
	Name       string     `json:"name"`
	Reason     string     `json:"reason"`
	Note       string     `json:"note"`
	Calls      int        `json:"calls"`
	Created    time.Time  `json:"created"`
	Last       time.Time  `json:"last"`
	ClaimedBy  string     `json:"claimed_by"`
	DoneBy     string     `json:"done_by,omitempty"`
	DoneAt     *time.Time `json:"done_at,omitempty"`
	Resolution string     `json:"resolution,omitempty"`
}

func (a *app) journalWorklistCommand() *cobra.Command {
	var all, jsonOut bool
	cmd := a.journalVerb("worklist [--all] [--json]", "List the call-backs to make (missed calls and flagged numbers), oldest first",
		cobra.NoArgs, func(*cobra.Command, []string) (journalWork, error) {
			return func(ctx context.Context, s journal.Store, _ config.Config) error {
				f := journal.WorklistFilter{IncludeDone: all, Limit: journal.MaxPageSize}
				if all {
					f.Since = time.Now().AddDate(0, 0, -7)
				}
				list, err := s.Worklist(ctx, f)
				if err != nil {
					return err
				}
				if jsonOut {
					out := make([]worklistJSON, 0, len(list))
					for _, c := range list {
						w := worklistJSON{ID: c.ID, Number: c.Number, Name: c.Name, Reason: string(c.Reason), Note: c.Note,
							Calls: c.Calls, Created: c.Created, Last: c.Last, ClaimedBy: c.ClaimedBy, DoneBy: c.DoneBy,
							Resolution: string(c.Resolution)}
						if !c.DoneAt.IsZero() {
							w.DoneAt = &c.DoneAt
						}
						out = append(out, w)
					}
					return writeJSON(a.env.Stdout, out)
				}
				fmt.Fprint(a.env.Stdout, formatWorklist(list))
				return nil
			}, nil
		})
	cmd.Flags().BoolVar(&all, "all", false, "also the call-backs closed in the last 7 days")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

// formatWorklist writes the call-backs as a table.
func formatWorklist(list []journal.Callback) string {
	if len(list) == 0 {
		return "no call-backs to make\n"
	}
	rows := make([][]string, 0, len(list))
	for _, c := range list {
		state := "open"
		switch {
		case !c.Open():
			state = string(c.Resolution)
			if c.DoneBy != "" {
				state += " by " + textsafe.Line(c.DoneBy)
			}
		case c.ClaimedBy != "":
			state = "claimed by " + textsafe.Line(c.ClaimedBy)
		}
		why := string(c.Reason)
		if c.Calls > 1 {
			why = fmt.Sprintf("%s ×%d", why, c.Calls)
		}
		rows = append(rows, []string{strconv.FormatInt(c.ID, 10), textsafe.Line(c.Number),
			orDash(textsafe.Clip(textsafe.Line(c.Name), 30)), why, c.Last.Local().Format("Mon 2 Jan 15:04"), state,
			orDash(textsafe.Clip(textsafe.Line(c.Note), 40))})
	}
	return table([]string{"ID", "NUMBER", "NAME", "WHY", "LAST", "STATE", "NOTE"}, rows)
}

// writeJSON prints v indented.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write the reply: %w", err)
	}
	return nil
}
