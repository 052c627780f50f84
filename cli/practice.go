package cli

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/training"
	"github.com/callboard/callboard/ui"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/practice"
)

// freePlay is the --scenario that practises nothing: the demo's random
// callers, as callboard without a sign-in runs.
const freePlay = "free"

// chooseScenario decides what the console practises: with --demo (or
// --scenario), a guided scenario — basics unless --scenario names another,
// "free" for none. A read-only console only watches: it practises nothing
// unless a scenario is named.
func (a *app) chooseScenario() error {
	name := a.scenario
	switch {
	case name == "" && (!a.demo || a.readOnly), name == freePlay:
		return nil
	case name == "":
		name = training.BuiltinNames()[0]
	}
	sc, err := training.Load(name)
	if err != nil {
		return usageError{fmt.Errorf("--scenario %s: %w (callboard scenarios lists the built-in ones)", textsafe.Line(name), err)}
	}
	a.practice, a.demo = &sc, true
	return nil
}

// practise starts the practice on the demo's simulator and puts its pane
// first in the console. The returned stop ends the practice.
func (a *app) practise(ctx context.Context, be backend, opts *ui.Options, log *slog.Logger) (stop func()) {
	if a.practice == nil || be.sim == nil {
		return func() {}
	}
	runner := training.NewRunner(be.sim.Sim, *a.practice, log)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		runner.Run(ctx)
	}()
	opts.Panes = append([]pane.New{practice.New(ctx, runner)}, opts.Panes...)
	opts.Followers = append(opts.Followers, runner)
	log.Info("practice", "scenario", a.practice.Name)
	return func() {
		cancel()
		<-done
	}
}

// scenariosCommand lists, shows and checks practice scenarios.
func (a *app) scenariosCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the practice scenarios of callboard --demo",
		Long: strings.TrimSpace(`
List the built-in practice scenarios. Practise one with
callboard --demo --scenario NAME; write your own in TOML (start from
callboard scenarios show basics) and run it with --scenario FILE.toml.`),
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			for _, name := range training.BuiltinNames() {
				sc, err := training.Builtin(name)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "%-14s %s (%d steps)\n", sc.Name, sc.Title, len(sc.Steps))
			}
			return nil
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Print a built-in scenario's TOML, to copy and adapt",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			src, err := training.BuiltinSource(args[0])
			if err != nil {
				return usageError{err}
			}
			_, err = a.env.Stdout.Write(src)
			return err
		},
	}
	check := &cobra.Command{
		Use:   "check FILE",
		Short: "Check a scenario file without running it",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			sc, err := training.Load(args[0])
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintf(a.env.Stdout, "%s: %q, %d steps; run it with callboard --demo --scenario %s\n",
				textsafe.Line(args[0]), textsafe.Line(sc.Title), len(sc.Steps), textsafe.Line(args[0]))
			return nil
		},
	}
	for _, c := range []*cobra.Command{show, check} {
		c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	}
	cmd.AddCommand(show, check)
	return cmd
}
