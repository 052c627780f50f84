package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOfficeSettings(t *testing.T) {
	cfg, warnings, err := Parse("office.toml", []byte(`
[office]
colleagues = false
token = "admin-token-123"
presence_every = "2s"
camp_on_limit = "5m"

[[speed_dial]]
label = "Priya"
destination = "  Priya   Shah "
`))
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Parse: %v %v", err, warnings)
	}
	if cfg.Office.Colleagues || cfg.Office.Token.Reveal() != "admin-token-123" || cfg.Office.PresenceEvery.Duration != 2*time.Second ||
		cfg.Office.CampOnLimit.Duration != 5*time.Minute {
		t.Errorf("office = %+v", cfg.Office)
	}
	if cfg.SpeedDial[0].Destination != "Priya Shah" {
		t.Errorf("a speed-dial entry naming a colleague = %q", cfg.SpeedDial[0].Destination)
	}
	var out bytes.Buffer
	if err := cfg.Describe(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "admin-token-123") || !strings.Contains(out.String(), "[office]\ncolleagues = false\ntoken = \"********\"") {
		t.Errorf("config check shows the office token:\n%s", out.String())
	}
}

func TestOfficeSettingsRefused(t *testing.T) {
	_, _, err := Parse("office.toml", []byte("[office]\npresence_every = \"50ms\"\ncamp_on_limit = \"1s\"\ntoken = \"a b\"\n"))
	var ce *Error
	if !errors.As(err, &ce) || len(ce.Problems) != 3 {
		t.Fatalf("Parse error = %v, want three problems", err)
	}
	for _, want := range []string{"2:1: office.presence_every: 50ms is too short", "3:1: office.camp_on_limit: 1s is too short", "4:1: office.token contains spaces"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the problems lack %q:\n%v", want, err)
		}
	}
}

// The office token is a secret: a file holding it readable by others is
// warned about, and the environment overrides it.
func TestOfficeTokenIsASecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("[office]\ntoken = \"admin-token\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, warnings, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].String(), "office.token") {
		t.Errorf("warnings = %v, want one naming office.token", warnings)
	}
	env := map[string]string{EnvOfficeToken: "from-env"}
	cfg, _, err := Resolve(path, func(k string) string { return env[k] }, Flags{})
	if err != nil || cfg.Office.Token.Reveal() != "from-env" {
		t.Errorf("%s did not override the file: %v %v", EnvOfficeToken, cfg.Office.Token.Reveal() == "from-env", err)
	}
	env[EnvOfficeToken] = "two words"
	if _, _, err := Resolve(path, func(k string) string { return env[k] }, Flags{}); err == nil {
		t.Errorf("a token with a space in %s was taken", EnvOfficeToken)
	}
}

func TestOfficeFilesAreOnePerAPI(t *testing.T) {
	a, b := DirectoryCacheFile("https://webexapis.com/v1"), DirectoryCacheFile("http://127.0.0.1:8765/v1")
	if a == b || filepath.Base(filepath.Dir(a)) != "callboard" || !strings.HasPrefix(filepath.Base(a), "directory-") {
		t.Errorf("cache files %q and %q", a, b)
	}
	if p := OfficeStateFile("https://webexapis.com/v1", "pins"); !strings.HasPrefix(filepath.Base(p), "pins-") || p == OfficeStateFile("x", "pins") {
		t.Errorf("state file %q", p)
	}
}
