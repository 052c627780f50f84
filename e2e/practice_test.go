package e2e

import (
	"strings"
	"testing"
)

// A new operator practises the built-in basics scenario with the keys the
// hints give, and sees a score.
func TestTraineeCompletesBasicsAndSeesAScore(t *testing.T) {
	t.Parallel()
	c := startConsole(t, launch{args: []string{"--demo", "--scenario", "basics"}})
	c.waitText("─ PRACTICE step 1/5")
	c.waitText("▶ Answer the call from Acme Corp")
	c.waitCall("Dana Brooks, Acme Corp", "ringing")
	c.press("a")
	c.waitText("▶ Dana needs a moment")
	c.press("h")
	c.waitText("▶ Take the Acme caller off hold")
	c.press("h")
	c.waitText("▶ Transfer the caller from Acme to Priya Shah")
	c.press("t")
	c.typeText("103")
	c.press("Enter")
	c.waitText("▶ Felix asks for someone who has left")
	c.waitCall("Felix Novak", "ringing")
	c.press("v")
	c.typeText("vm")
	c.press("Enter")
	s := c.waitText("Scenario complete — score")
	if !s.has("✓ Answer the call from Acme Corp") || !s.has("✓ Felix asks for someone who has left") {
		t.Errorf("the final pane does not list the steps done:\n%s", s)
	}
	if strings.Contains(s.String(), "✗") {
		t.Errorf("a step failed:\n%s", s)
	}
	c.waitText("practice complete: score")
}
