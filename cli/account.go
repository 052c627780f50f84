package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/oauth2"

	"github.com/callboard/callboard/auth"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

func (a *app) loginCommand() *cobra.Command {
	var noBrowser, device bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in to Webex in your browser and keep the sign-in safe",
		Long: `Sign in with your Webex integration (the [oauth] settings of the configuration):
callboard prints a URL and opens it in your browser, waits on 127.0.0.1 for
Webex to send you back, and stores the token in your system keyring (or a
private file when there is none). The stored sign-in refreshes itself.

On a machine without a browser, --device prints an address and a code to
enter in a browser on any other device (Webex's device grant).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, _, err := a.settings(false)
			if err != nil {
				return err
			}
			if cfg.OAuth.ClientID == "" && webex.IsLoopback(cfg.Webex.BaseURL) {
				// `callboard sim` knows a default integration: practise signing in with it.
				cfg.OAuth.ClientID, cfg.OAuth.ClientSecret = sim.DefaultOAuthClientID, sim.DefaultOAuthClientSecret
			}
			if cfg.OAuth.ClientID == "" || !cfg.OAuth.ClientSecret.IsSet() {
				return usagef("no Webex integration configured: create one at developer.webex.com "+
					"(My Webex Apps > Create an Integration, redirect URI http://127.0.0.1:%d/callback, scopes %v), "+
					"then set client_id and client_secret under [oauth] in %s", cfg.OAuth.RedirectPort, cfg.OAuth.Scopes, configFile(a, cfg))
			}
			log, closer, err := a.logger(cfg)
			if err != nil {
				return err
			}
			defer closer.Close()
			opener := auth.DefaultOpenBrowser
			if noBrowser {
				opener = auth.NoBrowser
			}
			store := auth.OpenStore(cfg.Webex.BaseURL, auth.WithLogger(log))
			var tok *oauth2.Token
			if device {
				tok, err = auth.DeviceLogin(cmd.Context(), auth.DeviceLoginOptions{
					Config: authConfig(cfg, log), Out: a.env.Stdout, Store: store,
				})
			} else {
				tok, err = auth.Login(cmd.Context(), auth.LoginOptions{
					Config: authConfig(cfg, log), Out: a.env.Stdout, OpenBrowser: opener, Store: store,
				})
			}
			if err != nil {
				return runtimeError{err}
			}
			a.greet(cmd.Context(), cfg, oauth2.StaticTokenSource(tok))
			return nil
		},
	}
	cmd.Flags().BoolVar(&noBrowser, "no-browser", false, "only print the sign-in URL")
	cmd.Flags().BoolVar(&device, "device", false, "sign in from a browser on another device, with a code (no browser needed here)")
	return cmd
}

// greet says who signed in; a failure here does not undo the sign-in.
func (a *app) greet(ctx context.Context, cfg config.Config, tokens oauth2.TokenSource) {
	c, err := newClient(cfg.Webex.BaseURL, tokens, nil)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	me, err := c.Me(ctx)
	if err != nil {
		fmt.Fprintln(a.env.Stdout, "Signed in.")
		return
	}
	// The name comes from the server: one plain line, whatever it holds.
	name := textsafe.Clip(textsafe.Line(me.DisplayName), 100)
	if name == "" {
		fmt.Fprintln(a.env.Stdout, "Signed in.")
		return
	}
	fmt.Fprintf(a.env.Stdout, "Signed in as %s.\n", name)
}

func (a *app) logoutCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Forget the stored Webex sign-in",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, _, err := a.settings(false)
			if err != nil {
				return err
			}
			if err := auth.Logout(a.env.Stdout, auth.OpenStore(cfg.Webex.BaseURL)); err != nil {
				return runtimeError{err}
			}
			return nil
		},
	}
}

// configFile names the configuration file in messages.
func configFile(a *app, cfg config.Config) string {
	switch {
	case cfg.File != "":
		return cfg.File
	case a.configPath != "":
		return a.configPath
	}
	return config.DefaultPath()
}

func (a *app) configCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check the configuration",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check [FILE]",
		Short: "Validate a configuration file and print the effective settings (secrets masked)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			path := a.configPath
			if len(args) == 1 {
				path = args[0]
			}
			if err := config.CheckWith(a.env.Stdout, path, a.getenv, config.Flags{BaseURL: a.baseURLFlag, LineOwnerID: a.lineOwner}); err != nil {
				return usageError{err}
			}
			return nil
		},
	})
	return cmd
}
