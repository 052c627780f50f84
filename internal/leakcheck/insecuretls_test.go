package leakcheck

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// modulePath is the module whose code TestNoInsecureSkipVerify checks.
const modulePath = "github.com/callboard/callboard"

// TestNoInsecureSkipVerify checks that no Go file of the module other than
// a test sets InsecureSkipVerify: TLS verification is never turned off,
// whatever a flag, a setting or an environment variable says.
func TestNoInsecureSkipVerify(t *testing.T) {
	root := moduleRoot(t)
	findings, scanned, err := insecureTLS(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("TLS verification disabled: %s", f)
	}
	// Guard against a walk that silently saw nothing: the API client must
	// have been among the files read.
	if !slices.Contains(scanned, filepath.Join(root, "webex", "client.go")) {
		t.Errorf("scanned %d files under %s, but not webex/client.go", len(scanned), root)
	}
}

// TestInsecureTLSDetector checks the detector on a made-up module: every
// way of setting the field in production code is found; tests, test data,
// other modules and an explicit false are not.
func TestInsecureTLSDetector(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n",
		"a/literal.go": `package a
import "crypto/tls"
var c = &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true}
`,
		"a/assign.go": `package a
import "crypto/tls"
func f(c *tls.Config, skip bool) { c.InsecureSkipVerify = skip }
`,
		"b/multi.go": `package b
import "net/http"
func g(t *http.Transport) { var n int; n, t.TLSClientConfig.InsecureSkipVerify = 1, true; _ = n }
`,
		"b/false.go": `package b
import "crypto/tls"
var c = tls.Config{InsecureSkipVerify: false} // spelled out, still verifying
// InsecureSkipVerify: true in a comment is not code.
`,
		"b/b_test.go":          "package b\nimport \"crypto/tls\"\nvar c2 = tls.Config{InsecureSkipVerify: true}\n",
		"b/testdata/x.go":      "package x\nimport \"crypto/tls\"\nvar c = tls.Config{InsecureSkipVerify: true}\n",
		"other/go.mod":         "module example.com/other\n",
		"other/o.go":           "package o\nimport \"crypto/tls\"\nvar c = tls.Config{InsecureSkipVerify: true}\n",
		".hidden/h.go":         "package h\nimport \"crypto/tls\"\nvar c = tls.Config{InsecureSkipVerify: true}\n",
		"c/not_go.txt":         "InsecureSkipVerify: true\n",
		"c/clean.go":           "package c\n",
		"vendor/v/v.go":        "package v\nimport \"crypto/tls\"\nvar c = tls.Config{InsecureSkipVerify: true}\n",
		"_scratch/scratch.go":  "package scratch\nimport \"crypto/tls\"\nvar c = tls.Config{InsecureSkipVerify: true}\n",
		"c/nested/deeper/d.go": "package deeper\nimport \"crypto/tls\"\nfunc h() *tls.Config { return &tls.Config{\n\tInsecureSkipVerify: 1 == 1,\n} }\n",
	}
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	findings, scanned, err := insecureTLS(root)
	if err != nil {
		t.Fatal(err)
	}
	at := func(name string, line int) string {
		return fmt.Sprintf("%s:%d", filepath.Join(root, filepath.FromSlash(name)), line)
	}
	want := []string{at("a/assign.go", 3), at("a/literal.go", 3), at("b/multi.go", 3), at("c/nested/deeper/d.go", 4)}
	if !slices.Equal(findings, want) {
		t.Errorf("findings =\n%s\nwant\n%s", strings.Join(findings, "\n"), strings.Join(want, "\n"))
	}
	if len(scanned) != 6 {
		t.Errorf("scanned %d files, want the 6 non-test Go files of the module: %v", len(scanned), scanned)
	}

	if err := os.WriteFile(filepath.Join(root, "c", "broken.go"), []byte("package c\nfunc {"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := insecureTLS(root); err == nil {
		t.Error("a file that does not parse must be an error, not skipped")
	}
}

// insecureTLS returns "file:line" for every place a non-test Go file of
// the module at root sets InsecureSkipVerify to anything but the literal
// false, and the files it read. Like the go command, it skips test data,
// vendored code, directories whose name starts with "." or "_", and
// nested modules.
func insecureTLS(root string) (findings, scanned []string, err error) {
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path == root {
				return nil
			}
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		scanned = append(scanned, path)
		for _, pos := range skipVerifySettings(f) {
			p := fset.Position(pos)
			findings = append(findings, fmt.Sprintf("%s:%d", p.Filename, p.Line))
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("scan %s: %w", root, err)
	}
	slices.Sort(findings)
	return findings, scanned, nil
}

// skipVerifySettings finds the composite-literal fields and assignments
// that set InsecureSkipVerify to something other than false.
func skipVerifySettings(f *ast.File) []token.Pos {
	var out []token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && id.Name == "InsecureSkipVerify" && !isFalse(n.Value) {
				out = append(out, n.Pos())
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				sel, ok := lhs.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "InsecureSkipVerify" {
					continue
				}
				if len(n.Rhs) != len(n.Lhs) || !isFalse(n.Rhs[i]) {
					out = append(out, lhs.Pos())
				}
			}
		}
		return true
	})
	return out
}

// isFalse reports whether e is the identifier false.
func isFalse(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "false"
}

// moduleRoot finds the directory of the module's go.mod, going up from
// the test's working directory.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && declaresModule(data, modulePath) {
			return dir
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod of %s above the working directory", modulePath)
		}
		dir = parent
	}
}

// declaresModule reports whether a go.mod file's module line names path.
func declaresModule(gomod []byte, path string) bool {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module"); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`) == path
		}
	}
	return false
}
