package config

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/callboard/callboard/keymap"
)

const examplePath = "../config.example.toml"

// TestExampleIsValidAndShowsTheDefaults: copying the example changes
// nothing, so its values must be the defaults, its [keys] the default keys.
func TestExampleIsValidAndShowsTheDefaults(t *testing.T) {
	cfg, warnings, err := Load(examplePath)
	if err != nil {
		t.Fatalf("the example does not load:\n%v", err)
	}
	if len(warnings) != 0 {
		t.Errorf("the example draws warnings: %v", warnings)
	}
	want := Default()
	want.File = examplePath
	got := cfg
	got.Keys = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the example's settings differ from the defaults:\n got  %+v\n want %+v", got, want)
	}
	def := keymap.Default()
	for _, a := range keymap.Actions() {
		b, _ := def.Binding(a)
		if !slices.Equal(cfg.Keys[a], b.Keys()) {
			t.Errorf("example [keys] %s = %q, default is %q", a, cfg.Keys[a], b.Keys())
		}
	}
	if len(cfg.Keys) != len(keymap.Actions()) {
		t.Errorf("example [keys] has %d actions, want all %d", len(cfg.Keys), len(keymap.Actions()))
	}
}

// TestExampleDocumentsEverySetting checks that every key Config reads is
// written in the example, the speed-dial entries once uncommented.
func TestExampleDocumentsEverySetting(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	uncomment := regexp.MustCompile(`(?m)^# (\[\[speed_dial\]\]|\[\[lines\.watch\]\]|id = |label = |destination = |\[\[hooks\]\]|name = |events = |filter = |command = |group = |shell = |timeout = )`)
	data = uncomment.ReplaceAll(data, []byte("$1"))

	cfg, _, err := Parse(examplePath, data)
	if err != nil {
		t.Fatalf("the example with its speed-dial entries and hooks uncommented does not load:\n%v", err)
	}
	if len(cfg.SpeedDial) != 2 || cfg.SpeedDial[0].Label != "Front desk" {
		t.Errorf("speed dial = %+v, want the two example entries", cfg.SpeedDial)
	}
	if len(cfg.Lines.Watch) != 1 || cfg.Lines.Watch[0].Label != "Main Line" {
		t.Errorf("lines.watch = %+v, want the example entry", cfg.Lines.Watch)
	}
	if len(cfg.Hooks) != 5 || cfg.Hooks[0].Group != "light" || cfg.Hooks[4].Name != "call log" {
		t.Errorf("hooks = %+v, want the five example hooks", cfg.Hooks)
	}

	doc := indexDocument(examplePath, data)
	var missing []keyPath
	var walk func(path keyPath, typ reflect.Type)
	walk = func(path keyPath, typ reflect.Type) {
		for _, f := range tomlFields(typ) {
			p := path.key(f.name)
			switch {
			case f.typ.Kind() == reflect.Struct && f.typ != reflect.TypeFor[Duration]():
				walk(p, f.typ)
			case f.typ.Kind() == reflect.Slice && f.typ.Elem().Kind() == reflect.Struct:
				walk(p.index(0), f.typ.Elem())
			default:
				if !doc.has(p) {
					missing = append(missing, p)
				}
			}
		}
	}
	walk("", reflect.TypeFor[Config]())
	if len(missing) > 0 {
		t.Errorf("the example does not show these settings: %v", missing)
	}
}
