package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/webex/sim"
)

// simCommand serves the Webex Calling simulator for scripts, integrators and tests.
func (a *app) simCommand() *cobra.Command {
	var (
		listen string
		opts   sim.Options
	)
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Serve the Webex Calling simulator on this machine",
		Long: `Serve a simulated Webex Calling line: the Call Controls API under /v1 and a control
plane under /_sim (inject calls, act as the far end, switch faults on).
Point callboard at it with WEBEX_BASE_URL and WEBEX_TOKEN, as printed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.InboundEvery < 0 {
				return usagef("--inbound-every must not be negative")
			}
			srv, err := sim.Start(cmd.Context(), listen, opts)
			if err != nil {
				return fmt.Errorf("start simulator: %w", err)
			}
			fmt.Fprintf(a.env.Stdout, "base URL: %s\ntoken: %s\n", srv.BaseURL, srv.Token)
			<-cmd.Context().Done()
			return srv.Close()
		},
	}
	f := cmd.Flags()
	f.StringVar(&listen, "listen", "127.0.0.1:8765", "address to listen on")
	f.StringVar(&opts.Token, "token", "", "bearer token to accept (default: a random one, printed)")
	f.Int64Var(&opts.Seed, "seed", 1, "seed for the simulated world's randomness")
	f.DurationVar(&opts.InboundEvery, "inbound-every", 30*time.Second, "mean time between random incoming calls (0: none, for scripted tests)")
	return cmd
}
