package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/auth"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/privfile"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/training"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// app holds the global flags and the process environment.
type app struct {
	env Env

	configPath  string
	baseURLFlag string
	lineOwner   string
	debug       bool
	demo        bool
	readOnly    bool
	scenario    string             // --scenario: what --demo practises
	practice    *training.Scenario // the scenario being practised, if any
	jsonOut     bool
	timeout     time.Duration
}

func (a *app) getenv(key string) string {
	if a.env.Getenv == nil {
		return ""
	}
	return a.env.Getenv(key)
}

// settings resolves the configuration: flag > environment > file > default.
// Warnings go to stderr unless quiet (the console shows them itself).
func (a *app) settings(quiet bool) (config.Config, []config.Warning, error) {
	cfg, warnings, err := config.Resolve(a.configPath, a.getenv, config.Flags{BaseURL: a.baseURLFlag, LineOwnerID: a.lineOwner})
	if err != nil {
		return cfg, nil, usageError{err}
	}
	// Whichever place the base URL came from, credentials never travel in
	// clear text to another machine.
	if err := webex.CheckBaseURL(cfg.Webex.BaseURL); err != nil {
		return cfg, nil, usageError{err}
	}
	if !quiet {
		for _, w := range warnings {
			fmt.Fprintln(a.env.Stderr, "callboard: warning: "+textsafe.Line(w.String()))
		}
	}
	return cfg, warnings, nil
}

// authConfig is the integration `login` signs in with and stored sign-ins refresh with.
func authConfig(cfg config.Config, log *slog.Logger) auth.Config {
	return auth.Config{
		BaseURL:      cfg.Webex.BaseURL,
		ClientID:     cfg.OAuth.ClientID,
		ClientSecret: cfg.OAuth.ClientSecret.Reveal(),
		Scopes:       cfg.OAuth.Scopes,
		RedirectPort: cfg.OAuth.RedirectPort,
		// A stalled token endpoint must not hold every request forever.
		HTTPClient: &http.Client{Timeout: 15 * time.Second},
		Logger:     log,
	}
}

// credentials finds the token for cfg's backend: WEBEX_TOKEN, the config
// file's token, then the stored sign-in. The error wraps auth.ErrNoToken when
// there is none.
func (a *app) credentials(ctx context.Context, cfg config.Config, log *slog.Logger) (oauth2.TokenSource, error) {
	tokens, _, err := auth.Find(ctx, auth.FindOptions{
		Getenv:      a.getenv,
		ConfigToken: cfg.Webex.Token.Reveal(),
		Config:      authConfig(cfg, log),
		Store:       func() auth.Store { return auth.OpenStore(cfg.Webex.BaseURL, auth.WithLogger(log)) },
	})
	return tokens, err
}

// logger returns the debug logger (a file, never the terminal) and a closer.
// Without --debug it discards everything.
func (a *app) logger(cfg config.Config) (*slog.Logger, io.Closer, error) {
	if !a.debug {
		return slog.New(slog.DiscardHandler), io.NopCloser(nil), nil
	}
	path := cfg.Log.File
	if path == "" {
		path = config.DefaultLogFile()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("debug log: %w", err)
	}
	// Created 0600; never through a symbolic link someone planted, and an
	// existing file readable by others is made private first.
	f, narrowed, err := privfile.OpenAppend(path)
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("debug log: %w", err)}
	}
	log := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if narrowed {
		log.Warn("the debug log was readable by other users; it is now mode 0600", "path", path)
	}
	return log, f, nil
}

// userAgent names callboard and its version in requests.
func userAgent() string { return "callboard/" + version() }

// version is the module version callboard was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" {
		return "devel"
	}
	return info.Main.Version
}

// newClient builds a Webex client with callboard's settings.
func newClient(baseURL string, tokens oauth2.TokenSource, log *slog.Logger, opts ...webex.Option) (*webex.Client, error) {
	opts = append([]webex.Option{webex.WithUserAgent(userAgent()), webex.WithLogger(log)}, opts...)
	c, err := webex.New(baseURL, tokens, opts...)
	if err != nil {
		return nil, usageError{err}
	}
	return c, nil
}

// verbClient builds the client for a one-shot verb. Verbs need a real
// backend: an embedded simulator would vanish with the process.
func (a *app) verbClient(ctx context.Context, cfg config.Config, log *slog.Logger) (*webex.Client, error) {
	tokens, err := a.credentials(ctx, cfg, log)
	if errors.Is(err, auth.ErrNoToken) {
		return nil, usagef("no Webex sign-in: run `callboard login`, or set WEBEX_TOKEN to a personal access token " +
			"(to practise, run `callboard sim` and use the base URL and token it prints)")
	}
	if err != nil {
		return nil, runtimeError{err}
	}
	return newClient(cfg.Webex.BaseURL, tokens, log,
		webex.WithRateLimit(rateLimit(cfg).Decide),
		webex.WithRateLimitNotify(func(op string, asked, wait time.Duration) {
			text := fmt.Sprintf("callboard: %s: rate limited by Webex, retrying in %s", op, wait)
			if asked > wait {
				text += fmt.Sprintf(" (Webex asked for %s; callboard waits at most poll.max_backoff)", asked)
			}
			fmt.Fprintln(a.env.Stderr, text)
		}),
	)
}

// demoInboundEvery is how often a caller rings on the embedded simulator.
const demoInboundEvery = 25 * time.Second

// backend is what the console runs on.
type backend struct {
	client *webex.Client
	demo   bool
	sim    *sim.Server // the embedded simulator, in demo mode
	close  func() error
	// officeToken reads colleagues' lines in the demo: the simulator's
	// token carries the administrator's scopes.
	officeToken string
}

// consoleBackend picks real Webex when credentials exist (and --demo is not
// given), the embedded simulator otherwise.
func (a *app) consoleBackend(ctx context.Context, cfg config.Config, log *slog.Logger) (backend, error) {
	if !a.demo {
		tokens, err := a.credentials(ctx, cfg, log)
		switch {
		case err == nil:
			// The desk waits out a 429 itself, letting the poller yield.
			c, err := newClient(cfg.Webex.BaseURL, tokens, log)
			return backend{client: c, close: func() error { return nil }}, err
		case !errors.Is(err, auth.ErrNoToken):
			return backend{}, runtimeError{err}
		}
	}
	opts := sim.Options{Seed: time.Now().UnixNano(), InboundEvery: demoInboundEvery}
	if a.practice != nil {
		// Practice: only what the scenario scripts happens.
		opts = training.WorldOptions(time.Now().UnixNano())
	}
	srv, err := sim.Start(ctx, "127.0.0.1:0", opts)
	if err != nil {
		return backend{}, fmt.Errorf("start the demo simulator: %w", err)
	}
	if a.practice == nil {
		// Someone trying callboard should not wait for the first random caller.
		if _, err := srv.Sim.Inbound(sim.Inbound{Name: "Ada Lovelace", Number: "+14085550142", CallType: webex.CallTypeExternal}); err != nil {
			log.Debug("demo: first caller", "error", err.Error())
		}
	}
	tokens := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.Token, TokenType: "Bearer"})
	c, err := newClient(srv.BaseURL, tokens, log)
	if err != nil {
		srv.Close()
		return backend{}, err
	}
	return backend{client: c, demo: true, sim: srv, close: srv.Close, officeToken: srv.Token}, nil
}
