package config

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The secrets used in these tests; they must never appear in any output.
const (
	leakToken  = "LEAKCHECK-config-token-7f3a"
	leakSecret = "LEAKCHECK-config-secret-9c1e"
)

// assertNoSecret fails when s contains a test secret.
func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range []string{leakToken, leakSecret, "LEAKCHECK"} {
		if strings.Contains(s, secret) {
			t.Errorf("%s reveals a secret:\n%s", what, s)
			return
		}
	}
}

func TestCheckPrintsEffectiveSettingsMasked(t *testing.T) {
	path := writeFile(t, `
[webex]
token = "`+leakToken+`"
[oauth]
client_id = "my-client"
client_secret = "`+leakSecret+`"
[[speed_dial]]
label = "Front desk"
destination = "1000"
[keys]
answer = ["x", "enter"]
`, 0o644)
	var out bytes.Buffer
	err := CheckWith(&out, path, func(k string) string {
		if k == EnvBaseURL {
			return "http://127.0.0.1:8765/v1"
		}
		return ""
	}, Flags{})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	s := out.String()
	assertNoSecret(t, "config check output", s)
	for _, want := range []string{
		"warning: " + path + ":3:1: " + path + " holds a secret (webex.token, oauth.client_secret) but other users can read it (mode 0644): run chmod 600 " + path,
		"# " + path + " is valid; the effective settings:",
		"# webex.base_url comes from WEBEX_BASE_URL",
		`base_url = "http://127.0.0.1:8765/v1"`,
		`token = "********"`,
		`client_id = "my-client"`,
		`client_secret = "********"`,
		`redirect_port = 8976`,
		`scopes = ["spark:calls_read", "spark:calls_write", "spark:people_read", "spark:telephony_config_read"]`,
		`fast = "1s"`,
		`hold_limit = "2m"`,
		"[[speed_dial]] # key 1\nlabel = \"Front desk\"\ndestination = \"1000\"",
		`answer = ["x", "enter"]`,
		`up = ["up", "k"]`,
		`theme = "auto"`,
		`file = "` + DefaultLogFile() + `"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}

func TestCheckDefaultsAndErrors(t *testing.T) {
	var out bytes.Buffer
	missing := filepath.Join(t.TempDir(), "config.toml")
	if err := Check(&out, missing); err == nil {
		t.Error("Check of a missing explicit file succeeded")
	}

	bad := writeFile(t, "[ui]\ntheme = \"blue\"\n[webex]\ntoken = \"has space "+leakToken+"\"\n", 0o600)
	out.Reset()
	err := Check(&out, bad)
	var ce *Error
	if !errors.As(err, &ce) || len(ce.Problems) != 2 {
		t.Fatalf("Check error = %v, want two positioned problems", err)
	}
	if !strings.HasPrefix(err.Error(), bad+":2:1: ui.theme") || !strings.Contains(err.Error(), "\n"+bad+":4:1: webex.token") {
		t.Errorf("Check error = %q", err)
	}
	assertNoSecret(t, "the error", err.Error())
	assertNoSecret(t, "the output", out.String())
	if strings.Contains(out.String(), "[webex]") {
		t.Errorf("a refused file must not print settings:\n%s", out.String())
	}
}

// TestDescribeReadsBack: what config check prints is a configuration file
// that loads to the same settings (secrets aside).
func TestDescribeReadsBack(t *testing.T) {
	cfg := Default()
	cfg.OAuth.ClientID = "id"
	cfg.Poll.Fast = Duration{1500 * time.Millisecond}
	cfg.Alerts.HoldLimit = Duration{90 * time.Minute}
	cfg.SpeedDial = []SpeedDial{{Label: "Desk \"A\"", Destination: "1000"}}
	cfg.Keys = map[string][]string{"dial": {"D", "ctrl+d"}}
	cfg.UI.Theme = ThemeDark
	var out bytes.Buffer
	if err := cfg.Describe(&out); err != nil {
		t.Fatal(err)
	}
	back, _, err := Parse("described.toml", out.Bytes())
	if err != nil {
		t.Fatalf("Describe output does not load:\n%v\n%s", err, out.String())
	}
	if !reflect.DeepEqual(back.Keys["dial"], []string{"D", "ctrl+d"}) {
		t.Errorf("keys.dial = %q", back.Keys["dial"])
	}
	back.Keys, cfg.Keys, back.File = nil, nil, ""
	if !reflect.DeepEqual(back, cfg) {
		t.Errorf("read back\n%+v\nwant\n%+v", back, cfg)
	}
}

func TestSecretNeverFormats(t *testing.T) {
	cfg := Default()
	cfg.Webex.Token = leakToken
	cfg.OAuth.ClientSecret = leakSecret
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	log.Info("config", "token", cfg.Webex.Token, "secret", cfg.OAuth.ClientSecret)
	log.Info("config", "cfg", cfg)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "token", cfg.Webex.Token)
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		assertNoSecret(t, "fmt "+f, fmt.Sprintf(f, cfg))
		assertNoSecret(t, "fmt "+f, fmt.Sprintf(f, cfg.Webex.Token))
	}
	assertNoSecret(t, "slog", logs.String())
	if !strings.Contains(logs.String(), "********") {
		t.Errorf("slog output does not show the mask:\n%s", logs.String())
	}
	if cfg.Webex.Token.Reveal() != leakToken || !cfg.Webex.Token.IsSet() || Secret("").IsSet() {
		t.Error("Reveal/IsSet do not give the secret back")
	}
}

// TestSecretsNeverLeakFromConfigFlows runs the ways a file with secrets can
// go wrong and checks no message carries them.
func TestSecretsNeverLeakFromConfigFlows(t *testing.T) {
	docs := []string{
		"[webex]\ntoken = \"" + leakToken + "\n",                                  // unterminated string
		"[webex]\ntoken = " + leakToken + "\n",                                    // unquoted
		"[webex]\ntoken = [\"" + leakToken + "\"]\n",                              // wrong type
		"[webex]\ntoken = \"" + leakToken + " \"\n",                               // spaces
		"[oauth]\nclient_secret = \"" + leakSecret + "\nx\"\n",                    // line break
		"[oauth]\nclient_secret = {v = \"" + leakSecret + "\"}\n",                 // wrong type
		"[webex]\nbase_url = \"https://u:" + leakSecret + "@x.example/v1\"\n",     // credentials in the URL
		"[webex]\ntoken = \"" + leakToken + "\"\ntoken = \"" + leakToken + "\"\n", // twice
	}
	for _, doc := range docs {
		path := writeFile(t, doc, 0o644)
		_, warnings, err := Load(path)
		if err == nil {
			t.Errorf("%q was accepted", doc)
			continue
		}
		assertNoSecret(t, "error", err.Error())
		for _, w := range warnings {
			assertNoSecret(t, "warning", w.String())
		}
		var out bytes.Buffer
		cerr := Check(&out, path)
		assertNoSecret(t, "check output", out.String())
		assertNoSecret(t, "check error", fmt.Sprint(cerr))
	}
}
