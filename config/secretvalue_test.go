package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretOfTheWrongTypeNotShown: a token or client secret written
// without quotes (a number, say) is refused without its value in the
// message.
func TestSecretOfTheWrongTypeNotShown(t *testing.T) {
	for _, value := range []string{"123456789", "1234.5678", "true"} {
		path := filepath.Join(t.TempDir(), "config.toml")
		data := "[webex]\ntoken = " + value + "\n[oauth]\nclient_secret = " + value + "\n"
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err := Check(&out, path)
		if err == nil {
			t.Fatalf("token = %s was accepted", value)
		}
		text := out.String() + err.Error()
		if strings.Contains(text, value) {
			t.Errorf("config check shows the secret %s:\n%s", value, text)
		}
		for _, key := range []string{"webex.token: expected a string in quotes", "oauth.client_secret: expected a string in quotes"} {
			if !strings.Contains(text, key) {
				t.Errorf("config check does not say %q:\n%s", key, text)
			}
		}
	}
}
