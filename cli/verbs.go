package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// result is what a verb prints: JSON (the API's response; nil prints nothing)
// or a human sentence.
type result struct {
	json  any
	human string
}

// session is what a verb acts with: the client and the line it acts on.
type session struct {
	*webex.Client
	lineOwner string // the secondary line's owner; "" for the user's own line
	night     string // where the night service forwards calls; "" for none
}

// verbFunc performs a verb in a ready session. It runs only after every
// argument has been validated, so a usage error never follows a request.
type verbFunc func(ctx context.Context, s session) (result, error)

// prepareFunc validates arguments and returns the work to do.
type prepareFunc func(cmd *cobra.Command, args []string) (verbFunc, error)

// verb builds a one-shot command.
func (a *app) verb(use, short string, args cobra.PositionalArgs, prepare prepareFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:     use,
		Short:   short,
		GroupID: "verbs",
		Args: func(cmd *cobra.Command, given []string) error {
			if err := args(cmd, given); err != nil {
				return usageError{err}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, given []string) error {
			// A deadline already past would fail every request as if Webex
			// were unreachable.
			if a.timeout <= 0 {
				return usagef("--timeout %s: give a positive duration, such as 20s", a.timeout)
			}
			work, err := prepare(cmd, given)
			if err != nil {
				return err
			}
			return a.runVerb(cmd.Context(), cmd.Name(), work)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&a.jsonOut, "json", false, "print the API's JSON instead of a sentence")
	f.DurationVar(&a.timeout, "timeout", 20*time.Second, "give up waiting for Webex after this long")
	return cmd
}

func (a *app) runVerb(ctx context.Context, name string, work verbFunc) error {
	cfg, _, err := a.settings(false)
	if err != nil {
		return err
	}
	log, closer, err := a.logger(cfg)
	if err != nil {
		return err
	}
	defer closer.Close()
	client, err := a.verbClient(ctx, cfg, log)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	res, err := work(ctx, session{Client: client, lineOwner: cfg.Webex.LineOwnerID, night: cfg.Night.ForwardTo})
	if isUsage(err) {
		return err // a name the directory could not resolve: nothing was sent
	}
	if err != nil {
		return runtimeError{mayHaveActed(name, err)}
	}
	if a.jsonOut {
		if res.json == nil {
			return nil
		}
		// The request was sent: a failure here is not a usage error.
		out, err := json.MarshalIndent(res.json, "", "  ")
		if err != nil {
			return runtimeError{fmt.Errorf("encode the reply: %w", err)}
		}
		// Scripts often print what they get: C1 controls and bidirectional
		// overrides from the server leave as \uXXXX, the same JSON value.
		if _, err := a.env.Stdout.Write(append(textsafe.JSON(out), '\n')); err != nil {
			return runtimeError{fmt.Errorf("write the reply: %w", err)}
		}
		return nil
	}
	if res.human != "" {
		fmt.Fprintln(a.env.Stdout, strings.TrimRight(res.human, "\n"))
	}
	return nil
}

// callID validates a call id argument: opaque, but never empty or spaced.
func callID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", usagef("empty call id: `callboard calls` lists the ids")
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return "", usagef("call id %s contains spaces: `callboard calls` lists the ids", strconv.QuoteToASCII(s))
	}
	if err := opaqueID("call id", s); err != nil {
		return "", err
	}
	return s, nil
}

// opaqueID refuses an id holding anything but printable characters. Ids
// are echoed in messages; one with an escape sequence or a bidirectional
// override would act on the terminal. The refusal shows it escaped.
func opaqueID(what, s string) error {
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.Is(unicode.Bidi_Control, r) {
			return usagef("%s %s holds a control character (%U): `callboard calls` lists the ids", what, strconv.QuoteToASCII(s), r)
		}
	}
	return nil
}

// destination validates a destination argument before anything is sent.
func destination(what, s string) (string, error) {
	d, err := model.ParseDestination(s)
	if err != nil {
		return "", usagef("%s: %v", what, err)
	}
	return d.Value, nil
}

func (a *app) verbCommands() []*cobra.Command {
	cmds := []*cobra.Command{a.callsCommand(), a.showCommand(), a.historyCommand(), a.peopleCommand(), a.colleaguesCommand()}
	return append(cmds, a.tableCommands()...)
}

func (a *app) callsCommand() *cobra.Command {
	return a.verb("calls", "List the active calls on your line", cobra.NoArgs, func(*cobra.Command, []string) (verbFunc, error) {
		return func(ctx context.Context, s session) (result, error) {
			calls, err := s.ListCalls(ctx, s.lineOwner)
			if err != nil {
				return result{}, err
			}
			return result{json: webex.CallList{Items: nonNil(calls)}, human: formatCalls(calls, time.Now())}, nil
		}, nil
	})
}

func (a *app) showCommand() *cobra.Command {
	return a.verb("show ID", "Show every detail of one call", positionalArgs("show", []string{"ID"}), func(_ *cobra.Command, args []string) (verbFunc, error) {
		id, err := callID(args[0])
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, s session) (result, error) {
			call, err := s.GetCall(ctx, id, s.lineOwner)
			if err != nil {
				return result{}, err
			}
			return result{json: call, human: formatCall(call, time.Now())}, nil
		}, nil
	})
}

func (a *app) historyCommand() *cobra.Command {
	var kind string
	cmd := a.verb("history", "List recent placed, missed and received calls", cobra.NoArgs, func(*cobra.Command, []string) (verbFunc, error) {
		t := webex.HistoryType(kind)
		switch t {
		case "", webex.HistoryPlaced, webex.HistoryMissed, webex.HistoryReceived:
		default:
			return nil, usagef("--type %q: use placed, missed or received", kind)
		}
		return func(ctx context.Context, s session) (result, error) {
			records, err := s.ListHistory(ctx, t)
			if err != nil {
				return result{}, err
			}
			return result{json: webex.HistoryList{Items: nonNil(records)}, human: formatHistory(records)}, nil
		}, nil
	})
	cmd.Flags().StringVar(&kind, "type", "", "only placed, missed or received calls")
	return cmd
}

// deviceFlags are the mutually exclusive ways to choose where a new call rings.
type deviceFlags struct{ endpoint, snr string }

func (d *deviceFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&d.endpoint, "endpoint", "", "ring only this device or app: its endpoint ID, or its name (\"desk phone\")")
	cmd.Flags().StringVar(&d.snr, "snr", "", "use this Single Number Reach phone number instead of your devices")
}

func (d *deviceFlags) validate() error {
	if err := opaqueID("--endpoint", d.endpoint); err != nil {
		return err
	}
	if d.endpoint != "" && d.snr != "" {
		return usagef("--endpoint and --snr cannot be used together")
	}
	if d.snr != "" {
		if _, err := destination("--snr", d.snr); err != nil {
			return err
		}
	}
	return nil
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
