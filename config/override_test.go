package config

import (
	"strings"
	"testing"
)

func TestPrecedence(t *testing.T) {
	const (
		fromFile = "https://file.example.com/v1"
		fromEnv  = "https://env.example.com/v1"
		fromFlag = "https://flag.example.com/v1"
	)
	withFile := writeFile(t, "[webex]\nbase_url = \""+fromFile+"/\"\nline_owner_id = \"file-owner\"\n", 0o600)
	withoutFile := writeFile(t, "[ui]\ntheme = \"dark\"\n", 0o600)
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvBaseURL {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name      string
		path      string
		getenv    func(string) string
		flags     Flags
		wantURL   string
		wantOwner string
	}{
		{"default", withoutFile, nil, Flags{}, DefaultBaseURL, ""},
		{"file over default", withFile, env(""), Flags{}, fromFile, "file-owner"},
		{"env over default", withoutFile, env(fromEnv), Flags{}, fromEnv, ""},
		{"env over file", withFile, env(fromEnv + "/"), Flags{}, fromEnv, "file-owner"},
		{"flag over env and file", withFile, env(fromEnv), Flags{BaseURL: fromFlag}, fromFlag, "file-owner"},
		{"flag over file", withFile, nil, Flags{BaseURL: fromFlag, LineOwnerID: "flag-owner"}, fromFlag, "flag-owner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := Resolve(tt.path, tt.getenv, tt.flags)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Webex.BaseURL != tt.wantURL || cfg.Webex.LineOwnerID != tt.wantOwner {
				t.Errorf("base_url %q, line owner %q; want %q, %q", cfg.Webex.BaseURL, cfg.Webex.LineOwnerID, tt.wantURL, tt.wantOwner)
			}
		})
	}
}

func TestOverridesAreChecked(t *testing.T) {
	path := writeFile(t, "", 0o600)
	tests := []struct {
		name   string
		getenv func(string) string
		flags  Flags
		want   string
	}{
		{"bad env URL", func(k string) string { return map[string]string{EnvBaseURL: "webexapis.com"}[k] }, Flags{},
			`WEBEX_BASE_URL: "webexapis.com" is not an http or https URL`},
		{"bad flag URL", nil, Flags{BaseURL: "ftp://x"}, `--base-url: "ftp://x" is not an http or https URL`},
		{"bad line owner", nil, Flags{LineOwnerID: "a b"}, `--line-owner: "a b" contains spaces`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Resolve(path, tt.getenv, tt.flags)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
