package keymap

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a set of key overrides. Action, Key and
// Index say where it came from, so that the configuration can point at the
// offending line.
type Problem struct {
	Action  string // the action named in the overrides
	Key     string // the key concerned; "" when the problem is with the action itself
	Index   int    // the key's position in the action's override list; -1 when the key is not in it
	Message string // what is wrong, for people
}

// OverrideError lists every problem found in a set of key overrides.
type OverrideError struct {
	Problems []Problem
}

// Error joins the problems' messages.
func (e *OverrideError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	return "key bindings: " + strings.Join(msgs, "; ")
}

// Apply returns a copy of m with the keys of the named actions replaced by
// overrides (action name → keys; several keys per action) and the help text
// showing the new keys. speedDial lists the configured speed-dial slots
// (1 to 9): their keys count as bound, and the other slots are unbound so
// they neither match nor show in help.
//
// It reports, all at once in an *OverrideError: unknown action names, empty
// key lists, key strings no key press produces, and any key bound to two
// actions (among the overrides that are otherwise valid). On error it
// returns m unchanged.
func (m KeyMap) Apply(overrides map[string][]string, speedDial []int) (KeyMap, error) {
	out := m
	var problems []Problem

	slots := make(map[int]bool, len(speedDial))
	for _, s := range speedDial {
		if s < 1 || s > SpeedDialSlots {
			problems = append(problems, Problem{Index: -1,
				Message: fmt.Sprintf("speed-dial slot %d does not exist (slots are 1 to %d)", s, SpeedDialSlots)})
			continue
		}
		slots[s] = true
	}
	for i := range out.SpeedDial {
		if !slots[i+1] {
			out.SpeedDial[i].Unbind()
		}
	}

	applied := make(map[string][]string, len(overrides))
	names := make([]string, 0, len(overrides))
	for name := range overrides {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := out.ref(name)
		if p == nil {
			problems = append(problems, Problem{Action: name, Index: -1, Message: unknownAction(name)})
			continue
		}
		keys, keyProblems := checkOverride(name, overrides[name])
		problems = append(problems, keyProblems...)
		if len(keyProblems) == 0 {
			p.SetKeys(keys...)
			p.SetHelp(HelpKeys(keys), p.Help().Desc)
			applied[name] = overrides[name]
		}
	}
	// Clashes among the overrides that could be applied are reported along
	// with the other problems, so one pass over a file finds everything.
	problems = append(problems, collisions(out, applied)...)
	if len(problems) > 0 {
		return m, &OverrideError{Problems: problems}
	}
	return out, nil
}

// checkOverride checks one action's key list and drops repeated keys.
func checkOverride(action string, keys []string) ([]string, []Problem) {
	if len(keys) == 0 {
		return nil, []Problem{{Action: action, Index: -1,
			Message: fmt.Sprintf("no keys given for %s: list at least one, e.g. %s = [\"x\"]", action, action)}}
	}
	var (
		out      []string
		problems []Problem
		seen     = make(map[string]bool, len(keys))
	)
	for i, k := range keys {
		if err := CheckKey(k); err != nil {
			problems = append(problems, Problem{Action: action, Key: k, Index: i,
				Message: fmt.Sprintf("%s: %v", action, err)})
			continue
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out, problems
}

// owner is an action or speed-dial slot holding a key.
type owner struct {
	action string // the configurable action, or "" for a speed-dial slot
	label  string // how messages name it
}

// collisions reports every key bound to more than one action.
func collisions(m KeyMap, overrides map[string][]string) []Problem {
	owners := make(map[string][]owner)
	var order []string
	add := func(b []string, o owner) {
		for _, k := range b {
			if len(owners[k]) == 0 {
				order = append(order, k)
			}
			owners[k] = append(owners[k], o)
		}
	}
	for _, name := range Actions() {
		add(m.ref(name).Keys(), owner{action: name, label: name})
	}
	for i, b := range m.SpeedDial {
		if b.Enabled() {
			add(b.Keys(), owner{label: "speed dial " + strconv.Itoa(i+1)})
		}
	}

	var problems []Problem
	for _, k := range order {
		holders := owners[k]
		if len(holders) < 2 {
			continue
		}
		p := Problem{Key: k, Index: -1}
		// Point at the override that caused the clash: the first owner whose
		// keys the operator set.
		for _, o := range holders {
			if keys, ok := overrides[o.action]; ok && o.action != "" {
				p.Action, p.Index = o.action, slices.Index(keys, k)
				break
			}
		}
		if p.Action == "" {
			p.Action = holders[0].action
		}
		p.Message = collisionMessage(k, holders, overrides)
		problems = append(problems, p)
	}
	return problems
}

// collisionMessage names the key and every action holding it, and says
// which of them still have their default keys.
func collisionMessage(k string, holders []owner, overrides map[string][]string) string {
	labels := make([]string, len(holders))
	var untouched []string
	for i, o := range holders {
		labels[i] = o.label
		if _, ok := overrides[o.action]; !ok && o.action != "" {
			untouched = append(untouched, o.action)
		}
	}
	var msg string
	if len(labels) == 2 {
		msg = fmt.Sprintf("key %q is bound to both %s and %s", k, labels[0], labels[1])
	} else {
		msg = fmt.Sprintf("key %q is bound to %s and %s", k, strings.Join(labels[:len(labels)-1], ", "), labels[len(labels)-1])
	}
	switch {
	case len(untouched) > 0:
		msg += fmt.Sprintf(" (%s has it by default: give %s other keys too)",
			strings.Join(untouched, ", "), strings.Join(untouched, ", "))
	case strings.HasPrefix(labels[len(labels)-1], "speed dial "):
		msg += " (keys 1 to 9 belong to the configured speed-dial entries)"
	}
	return msg
}

// unknownAction explains an unknown action name, suggesting the closest one.
func unknownAction(name string) string {
	best, bestDist := "", 3
	for _, a := range Actions() {
		if d := editDistance(name, a); d < bestDist {
			best, bestDist = a, d
		}
	}
	if best != "" {
		return fmt.Sprintf("unknown action %q (did you mean %q?)", name, best)
	}
	return fmt.Sprintf("unknown action %q; the actions are %s", name, strings.Join(Actions(), ", "))
}

// editDistance is the Levenshtein distance between a and b, in bytes (action
// names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
