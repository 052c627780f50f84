package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"reflect"
	"runtime"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Load reads the configuration file at path; "" means DefaultPath. A
// missing default file is not an error (the defaults apply); a missing
// file named explicitly is.
//
// The error, when the file is refused, is an *Error listing every problem
// with its file:line:col; the Config is then Default(). Warnings come back
// either way: for instance a file holding a secret that other users can
// read.
func Load(path string) (Config, []Warning, error) {
	return load(path, DefaultPath())
}

// load is Load with the default path given.
func load(path, defaultPath string) (Config, []Warning, error) {
	explicit := path != ""
	if !explicit {
		path = defaultPath
	}
	data, err := readLimited(path)
	switch {
	case err == nil:
	case !explicit && errors.Is(err, fs.ErrNotExist):
		return Default(), nil, nil
	default:
		return Default(), nil, fmt.Errorf("read config: %w", err)
	}
	cfg, warnings, doc, err := parse(path, data)
	warnings = append(permissionWarnings(path, doc), warnings...)
	return cfg, warnings, err
}

// MaxFileSize is the largest configuration file callboard reads. A real one
// is a few kilobytes; the cap keeps a runaway file (or /dev/zero named by
// mistake) from taking the memory of the machine.
const MaxFileSize = 1 << 20

// maxKeys bounds the keys and table headers of a file. The TOML decoder
// looks for each key among all those before it, so its cost grows with the
// square of their number; a real configuration has a few dozen.
const maxKeys = 5000

// readLimited reads the file at path, but never more than one byte past
// MaxFileSize: parse refuses what is longer.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

// Parse reads a configuration from data; name is the file name that
// positions in problems and warnings carry. It does not look at the file
// system.
func Parse(name string, data []byte) (Config, []Warning, error) {
	cfg, warnings, _, err := parse(name, data)
	return cfg, warnings, err
}

// parse decodes and checks data in three passes, so that one run reports
// every problem: the TOML syntax (nothing more can be said about a file
// that is not TOML), then keys and value types against the Config struct
// (refused entries are dropped), then what the remaining values mean.
func parse(name string, data []byte) (Config, []Warning, *document, error) {
	if len(data) > MaxFileSize {
		return Default(), nil, nil, &Error{Problems: []Problem{{Position: Position{File: name, Line: 1, Col: 1},
			Message: fmt.Sprintf("the file is larger than 1 MiB (%d bytes), the most callboard reads: a configuration is a few kilobytes", MaxFileSize)}}}
	}
	// Indexing is linear and comes first, so that a file with absurdly many
	// keys is refused before the decoder spends quadratic time on it.
	doc := indexDocument(name, data)
	if doc.keys > maxKeys {
		return Default(), nil, nil, &Error{Problems: []Problem{{Position: doc.pastLimit,
			Message: fmt.Sprintf("the file has more than %d keys and tables, the most callboard reads: a configuration has a few dozen", maxKeys)}}}
	}
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		return Default(), nil, nil, &Error{Problems: decodeProblems(name, err)}
	}
	doc.secrets = secretsIn(raw)

	c := &checker{doc: doc, bad: make(map[keyPath]bool)}
	c.table("", raw, reflect.TypeFor[Config]())
	problems := c.problems

	cfg := Default()
	cfg.File = name
	cleaned, err := toml.Marshal(raw)
	if err == nil {
		err = decodeStrict(cleaned, &cfg)
	}
	if err != nil {
		// The checker let through something the decoder refuses: say so
		// rather than run with half a configuration.
		problems = append(problems, Problem{Position: Position{File: name, Line: 1, Col: 1},
			Message: fmt.Sprintf("cannot read the settings: %s", strings.TrimPrefix(err.Error(), "toml: "))})
		sortProblems(problems)
		return Default(), nil, doc, &Error{Problems: problems}
	}

	more, warnings := validate(&cfg, doc, c.bad)
	problems = append(problems, more...)
	if len(problems) > 0 {
		sortProblems(problems)
		return Default(), warnings, doc, &Error{Problems: problems}
	}
	return cfg, warnings, doc, nil
}

// decodeStrict decodes TOML into cfg, refusing keys cfg has no field for.
func decodeStrict(data []byte, cfg *Config) error {
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(cfg)
}

// decodeProblems turns a go-toml error into positioned problems.
func decodeProblems(name string, err error) []Problem {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		out := make([]Problem, 0, len(strict.Errors))
		for i := range strict.Errors {
			out = append(out, decodeProblem(name, &strict.Errors[i]))
		}
		return out
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		return []Problem{decodeProblem(name, de)}
	}
	return []Problem{{Position: Position{File: name, Line: 1, Col: 1}, Message: strings.TrimPrefix(err.Error(), "toml: ")}}
}

// decodeProblem positions one go-toml decode error. Only its message is
// used: its long form quotes the surrounding lines, which may hold secrets.
func decodeProblem(name string, de *toml.DecodeError) Problem {
	line, col := de.Position()
	return Problem{Position: Position{File: name, Line: line, Col: col},
		Message: "invalid TOML: " + strings.TrimPrefix(de.Error(), "toml: ")}
}

// secretsIn lists the secrets a decoded file sets.
func secretsIn(raw map[string]any) []keyPath {
	var out []keyPath
	for _, p := range []struct{ table, key string }{{"webex", "token"}, {"oauth", "client_secret"}, {"office", "token"}} {
		t, _ := raw[p.table].(map[string]any)
		if s, _ := t[p.key].(string); s != "" {
			out = append(out, keyPath(p.table).key(p.key))
		}
	}
	// The journal's URL is a secret when it carries a password.
	j, _ := raw["journal"].(map[string]any)
	if s, _ := j["url"].(string); s != "" {
		if u, err := url.Parse(strings.TrimSpace(s)); err == nil {
			if _, ok := u.User.Password(); ok || u.Query().Has("password") {
				out = append(out, keyPath("journal").key("url"))
			}
		}
	}
	return out
}

// permissionWarnings warns when a file holding a secret can be read by
// other users. Windows has no such mode bits.
func permissionWarnings(path string, doc *document) []Warning {
	if doc == nil || len(doc.secrets) == 0 || runtime.GOOS == "windows" {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil
	}
	perm := info.Mode().Perm()
	if perm&0o077 == 0 {
		return nil
	}
	names := make([]string, len(doc.secrets))
	for i, s := range doc.secrets {
		names[i] = string(s)
	}
	return []Warning{{
		Position: doc.pos(doc.secrets[0]),
		Message: fmt.Sprintf("%s holds a secret (%s) but other users can read it (mode %04o): run chmod 600 %s",
			path, strings.Join(names, ", "), perm, path),
	}}
}
