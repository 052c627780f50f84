package config

import (
	"fmt"
	"strings"
	"unicode"
)

// Flags are the command-line settings that override the file and the
// environment. Empty fields leave the setting alone.
type Flags struct {
	BaseURL     string // --base-url
	LineOwnerID string // --line-owner
}

// ApplyEnv overrides settings from the environment: WEBEX_BASE_URL. getenv
// is os.Getenv in production; nil reads nothing.
func (c *Config) ApplyEnv(getenv func(string) string) error {
	if getenv == nil {
		return nil
	}
	if v := strings.TrimSpace(getenv(EnvBaseURL)); v != "" {
		u, err := normalizeBaseURL(v)
		if err != nil {
			return fmt.Errorf("%s: %w", EnvBaseURL, err)
		}
		c.Webex.BaseURL = u
	}
	if v := strings.TrimSpace(getenv(EnvOfficeToken)); v != "" {
		if hasSpace(v) {
			return fmt.Errorf("%s contains spaces or line breaks: set the token alone", EnvOfficeToken)
		}
		c.Office.Token = Secret(v)
	}
	return nil
}

// ApplyFlags overrides settings from the command line.
func (c *Config) ApplyFlags(f Flags) error {
	if f.BaseURL != "" {
		u, err := normalizeBaseURL(f.BaseURL)
		if err != nil {
			return fmt.Errorf("--base-url: %w", err)
		}
		c.Webex.BaseURL = u
	}
	if f.LineOwnerID != "" {
		if hasSpace(f.LineOwnerID) {
			return fmt.Errorf("--line-owner: %s contains spaces: give the ID alone", shorten(f.LineOwnerID))
		}
		if strings.ContainsFunc(f.LineOwnerID, unprintable) {
			return fmt.Errorf("--line-owner: %s holds a control character: give the ID alone", shorten(f.LineOwnerID))
		}
		c.Webex.LineOwnerID = f.LineOwnerID
	}
	return nil
}

// Resolve loads the configuration and applies, in order of increasing
// precedence, the file over the defaults, then the environment, then the
// command-line flags. path "" means DefaultPath.
func Resolve(path string, getenv func(string) string, f Flags) (Config, []Warning, error) {
	cfg, warnings, err := Load(path)
	if err != nil {
		return cfg, warnings, err
	}
	if err := cfg.ApplyEnv(getenv); err != nil {
		return Default(), warnings, err
	}
	if err := cfg.ApplyFlags(f); err != nil {
		return Default(), warnings, err
	}
	return cfg, warnings, nil
}

// unprintable reports a character that would act on a terminal, or reorder
// what follows it, when an id holding it is echoed.
func unprintable(r rune) bool { return !unicode.IsPrint(r) || unicode.Is(unicode.Bidi_Control, r) }
