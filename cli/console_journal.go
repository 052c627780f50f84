package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/recorder"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/ui"
	"github.com/callboard/callboard/ui/worklist"
	"github.com/callboard/callboard/webex"
)

// openJournalWait bounds opening the journal at start: a team's database
// that does not answer must not keep the console from starting.
const openJournalWait = 5 * time.Second

// consoleJournal is the journal as the console uses it: the store, the
// Writer recording the line, and the goroutines that keep to the retention,
// read the contacts file and forward the journal's changes.
type consoleJournal struct {
	store    journal.Store
	writer   *recorder.Writer
	operator string
	log      *slog.Logger
	cancel   context.CancelFunc
	ctx      context.Context
	bg       sync.WaitGroup
}

// demoJournalFile is the journal of the demo console, beside the real one:
// calls of the simulator must not mix with an operator's own.
const demoJournalFile = "journal-demo.db"

// openConsoleJournal opens the journal the console records into and starts
// its background work. In demo mode it is a file of its own, never the
// team's database.
func openConsoleJournal(ctx context.Context, cfg config.Config, demo bool, log *slog.Logger) (*consoleJournal, error) {
	path, url := cfg.Journal.Path, cfg.Journal.URL.Reveal()
	if demo {
		if path == "" {
			path = journal.DefaultPath()
		}
		path, url = filepath.Join(filepath.Dir(path), demoJournalFile), ""
	}
	operator := operatorName(cfg)
	openCtx, cancelOpen := context.WithTimeout(ctx, openJournalWait)
	defer cancelOpen()
	// Retention is applied in the background, not at open: a large first
	// prune must not delay the first frame.
	store, err := journal.Open(openCtx, path, url, journal.Options{Name: "callboard " + operator, Logger: log})
	if err != nil {
		return nil, err
	}
	jctx, cancel := context.WithCancel(ctx)
	j := &consoleJournal{store: store, operator: operator, log: log, cancel: cancel, ctx: jctx}
	j.writer = recorder.Start(jctx, store, recorder.Options{Operator: operator, Logger: log})
	if days := cfg.Journal.RetentionDays; days > 0 {
		done := recorder.Retain(jctx, store, days, nil, log)
		j.bg.Go(func() { <-done })
	}
	if path := cfg.Journal.Contacts; path != "" {
		j.bg.Go(func() {
			n, err := recorder.ImportContacts(jctx, store, path)
			if err != nil {
				log.Warn("journal: contacts file", "error", err.Error())
				return
			}
			log.Info("journal: contacts read", "numbers", n)
		})
	}
	return j, nil
}

// operatorName is the name the operator's notes, messages and claims
// carry: [journal] operator, else the login name.
func operatorName(cfg config.Config) string {
	if cfg.Journal.Operator != "" {
		return cfg.Journal.Operator
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "operator"
}

// wire gives the console the journal: its recorder, the journal's screens
// and the worklist pane, and a way to send messages through client.
func (j *consoleJournal) wire(opts *ui.Options, client *webex.Client) {
	opts.Journal = &ui.Journal{Store: j.store, Operator: j.operator, Send: messenger(client)}
	opts.Followers = append(opts.Followers, recorder.NewFollower(j.writer, journal.Line{OwnerID: opts.LineOwnerID}))
	opts.Panes = append(opts.Panes, worklist.New(j.ctx, j.store, j.operator))
}

// forward hands the journal's changes to the program until the console
// quits.
func (j *consoleJournal) forward(send func(tea.Msg)) {
	changes := j.store.Changes(j.ctx)
	j.bg.Go(func() {
		for c := range changes {
			send(ui.JournalChange{Change: c})
		}
	})
}

// close stops the background work, commits what is still queued, and
// closes the journal.
func (j *consoleJournal) close() {
	if err := j.writer.Close(); err != nil {
		j.log.Warn("journal: closing", "error", err.Error())
	}
	j.cancel()
	j.bg.Wait()
	if err := j.store.Close(); err != nil {
		j.log.Warn("journal: closing", "error", err.Error())
	}
}

// messenger sends a message to a colleague named by a name, an extension,
// a number or an address: the address as it is, anything else looked up in
// the directory (or, without the scope for it, among People).
func messenger(client *webex.Client) func(ctx context.Context, to, text string) (string, error) {
	return func(ctx context.Context, to, text string) (string, error) {
		to = strings.TrimSpace(to)
		req := webex.MessageRequest{Text: text}
		name := to
		if strings.Contains(to, "@") {
			req.ToPersonEmail = to
		} else {
			id, display, err := findColleague(ctx, client, to)
			if err != nil {
				return "", err
			}
			req.ToPersonID, name = id, display
		}
		if _, err := client.CreateMessage(ctx, req); err != nil {
			return "", fmt.Errorf("send the message to %s: %w", textsafe.Line(name), err)
		}
		return name, nil
	}
}

// findColleague finds the one person who is to: an exact name, first
// name or extension wins over a partial match.
func findColleague(ctx context.Context, client *webex.Client, to string) (id, name string, err error) {
	if strings.TrimSpace(to) == "" {
		return "", "", fmt.Errorf("%w: no name given", ui.ErrNoColleague)
	}
	type candidate struct{ id, name, first, ext string }
	var found []candidate
	// The directory matches a first or a last name: a full name is
	// searched by its first word and told apart below.
	q := webex.MemberQuery{Name: strings.Fields(to)[0], Max: 50}
	if journal.NormalizeNumber(to) != "" && strings.Trim(to, "+0123456789 -()") == "" {
		q = webex.MemberQuery{PhoneNumber: to, Max: 50}
	}
	members, err := client.AvailableMembers(ctx, q)
	switch _, noScope := webex.MissingScope(err); {
	case err == nil:
		for _, m := range members {
			if m.Type == webex.MemberPeople {
				found = append(found, candidate{m.ID, firstNonEmpty(m.DisplayName, m.FirstName+" "+m.LastName), m.FirstName, m.Extension})
			}
		}
	case noScope && q.Name != "":
		// Without the directory, People finds names (not extensions).
		people, perr := client.ListPeople(ctx, webex.PeopleQuery{DisplayName: to, Max: 50, Limit: 50})
		if perr != nil {
			return "", "", fmt.Errorf("find %s: %w", textsafe.Line(to), perr)
		}
		for _, p := range people {
			found = append(found, candidate{p.ID, firstNonEmpty(p.DisplayName, p.FirstName+" "+p.LastName), p.FirstName, p.Extension})
		}
	default:
		return "", "", fmt.Errorf("find %s: %w", textsafe.Line(to), err)
	}
	var exact []candidate
	for _, c := range found {
		if strings.EqualFold(c.name, to) || strings.EqualFold(c.first, to) || c.ext == to {
			exact = append(exact, c)
		}
	}
	if len(exact) == 1 {
		return exact[0].id, exact[0].name, nil
	}
	if len(exact) > 1 {
		found = exact
	}
	switch len(found) {
	case 0:
		return "", "", fmt.Errorf("%w: nobody in the directory matches %q", ui.ErrNoColleague, textsafe.Line(to))
	case 1:
		return found[0].id, found[0].name, nil
	}
	names := make([]string, 0, 3)
	for _, c := range found[:min(3, len(found))] {
		names = append(names, c.name)
	}
	return "", "", fmt.Errorf("%w: %d people match %q (%s…): give the full name", ui.ErrNoColleague, len(found), textsafe.Line(to), strings.Join(names, ", "))
}

// firstNonEmpty returns the first of s that is not blank, trimmed.
func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
