package cli

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/oauth2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/webex"
)

// The office's one-shot verbs, and names where a verb takes a destination
// or a device. A one-shot verb resolves a name against Webex's directory
// as it is now, never against a cache: a script must not act on someone
// who left.

// peopleLimit is how many matches `people` prints.
const peopleLimit = 50

// peopleCommand is `callboard people SEARCH`.
func (a *app) peopleCommand() *cobra.Command {
	return a.verb("people SEARCH", "Find people, places and lines in the directory by name, extension or number",
		cobra.MinimumNArgs(1), func(_ *cobra.Command, args []string) (verbFunc, error) {
			text := strings.Join(args, " ")
			if err := opaqueID("search", text); err != nil {
				return nil, err
			}
			return func(ctx context.Context, s session) (result, error) {
				entries, err := office.NewWebexSource(s.Client).Search(ctx, text, peopleLimit)
				if err != nil {
					return result{}, fmt.Errorf("search the directory for %q: %w", text, err)
				}
				return result{json: entryList{Items: nonNil(entries)}, human: formatEntries(entries, text)}, nil
			}, nil
		})
}

// entryList is `people --json`: the directory's entries as callboard
// reads them, whichever of Webex's searches answered.
type entryList struct {
	Items []office.Entry `json:"items"`
}

// formatEntries is the human form of directory entries.
func formatEntries(entries []office.Entry, text string) string {
	if len(entries) == 0 {
		return "no one in the directory matches " + text
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tEXT\tNUMBER\tTYPE\tLOCATION")
	for _, e := range entries {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", e.Name, dash(e.Extension), dash(e.Number), e.Kind, dash(e.Location))
	}
	_ = w.Flush()
	return b.String()
}

// dash stands in for an empty column.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// colleague is one line of `callboard colleagues`.
type colleague struct {
	office.Entry
	Presence webex.Presence `json:"presence,omitempty"`
	// Line is the colleague's line, with an office token: idle, ringing or
	// talking, and with whom.
	Line string `json:"line,omitempty"`
}

// colleagueList is `colleagues --json`.
type colleagueList struct {
	Items []colleague `json:"items"`
}

// colleaguesCommand is `callboard colleagues`: the monitoring list with
// each person's presence, and each line with an office token.
func (a *app) colleaguesCommand() *cobra.Command {
	return a.verb("colleagues", "List the colleagues you monitor with their presence (and their lines, with an office token)",
		cobra.NoArgs, func(*cobra.Command, []string) (verbFunc, error) {
			cfg, _, err := a.settings(true)
			if err != nil {
				return nil, err
			}
			officeToken := cfg.Office.Token.Reveal()
			return func(ctx context.Context, s session) (result, error) {
				list, err := s.Monitoring(ctx)
				if err != nil {
					return result{}, fmt.Errorf("read the monitoring list: %w", err)
				}
				var admin *webex.Client
				if officeToken != "" {
					admin, err = newClient(s.BaseURL(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: officeToken, TokenType: "Bearer"}), nil,
						webex.WithRateLimit(rateLimit(cfg).Decide))
					if err != nil {
						return result{}, err
					}
				}
				now := time.Now()
				var out []colleague
				var notes []string
				for _, el := range list.Elements {
					c := colleague{Entry: office.FromMonitored(el)}
					if c.Kind == office.KindPerson && len(notes) == 0 {
						p, err := s.GetPerson(ctx, c.ID)
						if scope, ok := webex.MissingScope(err); ok {
							notes = append(notes, "presence needs the "+scope+" scope: run `callboard login`")
						} else if err != nil {
							return result{}, fmt.Errorf("presence of %s: %w", c.Name, err)
						}
						c.Presence = p.Status
					}
					if admin != nil && c.Kind != office.KindPark && c.Kind != office.KindSpeedDial {
						calls, err := admin.MemberCalls(ctx, c.ID, "")
						if err != nil {
							return result{}, fmt.Errorf("line of %s: %w", c.Name, err)
						}
						c.Line = office.Status{Line: office.LineOf(calls)}.Word(now)
					}
					out = append(out, c)
				}
				return result{json: colleagueList{Items: nonNil(out)}, human: formatColleagues(out, notes)}, nil
			}, nil
		})
}

// formatColleagues is the human form of the colleagues.
func formatColleagues(cs []colleague, notes []string) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tEXT\tTYPE\tSTATUS")
	for _, c := range cs {
		status := c.Line
		if p := office.PresenceWord(c.Presence); p != "" {
			status = strings.TrimPrefix(strings.TrimSpace(status+" · "+p), "· ")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.Name, dash(c.Dest()), c.Kind, dash(status))
	}
	_ = w.Flush()
	for _, n := range notes {
		b.WriteString(n + "\n")
	}
	return b.String()
}

// resolveName returns text with the name in it replaced by the extension
// or number of the one entry Webex's directory finds for it. A name that
// matches no one, or several, is a usage error listing the matches:
// nothing is sent.
func resolveName(ctx context.Context, s session, v desk.Verb, text string) (string, error) {
	name, ok := v.Arg.NameIn(text)
	if !ok {
		return text, nil
	}
	entries, err := office.NewWebexSource(s.Client).Search(ctx, name, 10)
	if err != nil {
		return "", fmt.Errorf("look %q up in the directory: %w", name, err)
	}
	e, ok := office.Unique(name, entries, len(entries))
	switch {
	case len(entries) == 0:
		return "", usagef("%s: no one in the directory matches %q: nothing sent (`callboard people` searches it)", v.Name, name)
	case !ok:
		return "", usagef("%s: %q matches %s: give more of the name, or the extension; nothing sent", v.Name, name, office.Listing(entries, len(entries)))
	case e.Dest() == "":
		return "", usagef("%s: %s has no extension or number in the directory: nothing sent", v.Name, e.Name)
	}
	return v.Arg.WithDest(text, e.Dest()), nil
}

// webexID matches what a Webex id is made of (base64), long enough that no
// device's name is mistaken for one.
var webexID = regexp.MustCompile(`^[A-Za-z0-9+/=_-]{20,}$`)

// resolveEndpoint returns the id of the device or app --endpoint names:
// an id is taken as it is; a name ("desk phone", "app") is looked up among
// the user's endpoints and must match exactly one.
func resolveEndpoint(ctx context.Context, s session, value string) (string, error) {
	if value == "" || webexID.MatchString(value) {
		return value, nil
	}
	eps, err := s.Endpoints(ctx)
	if scope, ok := webex.MissingScope(err); ok {
		return "", usagef("--endpoint %q: naming devices needs the %s scope: run `callboard login`, or give the endpoint id", value, scope)
	}
	if err != nil {
		return "", fmt.Errorf("list your devices for --endpoint %q: %w", value, err)
	}
	ep, matches, ok := office.ResolveEndpoint(value, eps)
	if ok {
		return ep.ID, nil
	}
	names := func(list []webex.Endpoint) string {
		out := make([]string, len(list))
		for i, c := range list {
			out[i] = fmt.Sprintf("%q (%s)", textsafe.Line(c.Name), office.EndpointKind(c.Type))
		}
		return strings.Join(out, ", ")
	}
	switch {
	case len(eps) == 0:
		return "", usagef("--endpoint %q: you have no devices", value)
	case len(matches) > 1:
		return "", usagef("--endpoint %q names several devices: %s; give more of the name; nothing sent", value, names(matches))
	}
	return "", usagef("--endpoint %q names none of your devices: give one of %s; nothing sent", value, names(eps))
}

// resolved sends op once the names in it are resolved: the destination
// typed as text (when it is a name) and the endpoint.
func (a *app) resolved(v desk.Verb, op desk.Operation, text string) verbFunc {
	return func(ctx context.Context, s session) (result, error) {
		if _, isName := v.Arg.NameIn(text); isName {
			resolved, err := resolveName(ctx, s, v, text)
			if err != nil {
				return result{}, err
			}
			args, problem := v.Arg.Parse(resolved)
			if problem != "" {
				return result{}, usagef("%s: %s is %s: %s", v.Name, text, resolved, problem)
			}
			args.Endpoint, args.SNR = op.Args.Endpoint, op.Args.SNR
			op = desk.OperationFor(v.Action, op.CallID, args)
		}
		id, err := resolveEndpoint(ctx, s, op.Args.Endpoint)
		if err != nil {
			return result{}, err
		}
		op.Args.Endpoint = id
		return a.tableWork(v, op)(ctx, s)
	}
}

// needsResolving reports whether an operation's text or endpoint names
// something the directory or the device list must find first.
func needsResolving(v desk.Verb, text, endpoint string) bool {
	_, isName := v.Arg.NameIn(text)
	return isName || (endpoint != "" && !webexID.MatchString(endpoint))
}

// isUsage reports whether err is a usage error: nothing was sent.
func isUsage(err error) bool {
	var u usageError
	return errors.As(err, &u)
}
