package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// simOptions keeps calls alive for the whole run: nothing ends or stops
// ringing unless the harness says so.
func simOptions() sim.Options {
	return sim.Options{Seed: 1, RingTimeout: 2 * time.Hour, TalkTime: 2 * time.Hour, TalkTimeSpread: -1}
}

// setup starts the simulator and the console, and waits for the first data.
func setup(ctx context.Context, e benchEnv) (*simServer, *console, error) {
	s, err := startSim(simOptions())
	if err != nil {
		return nil, nil, err
	}
	c, err := startConsole(e, s)
	if err != nil {
		s.close()
		return nil, nil, err
	}
	if _, err := c.waitText(ctx, "online"); err != nil {
		c.quit()
		s.close()
		return nil, nil, err
	}
	return s, c, nil
}

func inbound(s *simServer, name string) (string, error) {
	return s.sim.Inbound(sim.Inbound{Name: name, Number: "+14155550142", CallType: webex.CallTypeExternal})
}

// keyToRequest times a key press in the terminal until its request reaches
// the simulator: h on a connected call (hold), then h again (resume).
func keyToRequest(ctx context.Context, e benchEnv, n int) ([]row, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(n)*time.Second+time.Minute)
	defer cancel()
	s, c, err := setup(ctx, e)
	if err != nil {
		return nil, err
	}
	defer s.close()
	defer c.quit()
	if _, err := inbound(s, "Bench Caller"); err != nil {
		return nil, err
	}
	if _, err := c.waitText(ctx, "Bench Caller"); err != nil {
		return nil, err
	}
	if err := c.press("a"); err != nil {
		return nil, err
	}
	if _, err := c.waitText(ctx, "● connected"); err != nil {
		return nil, err
	}
	var lat []time.Duration
	for i := range n {
		want := "‖ on hold"
		if i%2 == 1 {
			want = "● connected"
		}
		mark := s.mark()
		sent := time.Now()
		if err := c.press("h"); err != nil {
			return nil, err
		}
		arrived, err := s.waitRequest(ctx, mark, "POST", "/hold", "/resume")
		if err != nil {
			return nil, err
		}
		lat = append(lat, arrived.Sub(sent))
		// The next press must act on the new state, as an operator's would.
		if _, err := c.waitText(ctx, want); err != nil {
			return nil, err
		}
		if _, err := s.waitRequest(ctx, mark, "GET", "/telephony/calls"); err != nil {
			return nil, err
		}
		time.Sleep(20 * time.Millisecond)
	}
	return []row{{"key press → request at the simulator", "p99 ≤ 20 ms", summary(lat)}}, nil
}

// inboundVisible times an incoming call from its creation at the simulator
// until its caller's name is on screen, while the console polls fast
// (something rings) and while it is idle.
func inboundVisible(ctx context.Context, e benchEnv, n int) ([]row, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(n)*40*time.Second+time.Minute)
	defer cancel()
	s, c, err := setup(ctx, e)
	if err != nil {
		return nil, err
	}
	defer s.close()
	defer c.quit()

	measure := func(i int, regime string) (time.Duration, error) {
		name := fmt.Sprintf("Caller %s %03d", regime, i)
		t0 := time.Now()
		id, err := inbound(s, name)
		if err != nil {
			return 0, err
		}
		seen, err := c.waitText(ctx, name)
		if err != nil {
			return 0, err
		}
		return seen.Sub(t0), s.sim.Remote(id, sim.RemoteHangup)
	}

	// Idle: nothing rings, nothing changed for longer than the busy window.
	var idleLat []time.Duration
	for i := range n / 2 {
		time.Sleep(12*time.Second + rand.N(5*time.Second))
		d, err := measure(i, "idle")
		if err != nil {
			return nil, err
		}
		idleLat = append(idleLat, d)
	}
	// Fast: a call keeps ringing, so the console polls at its fast interval.
	if _, err := inbound(s, "Keeps Ringing"); err != nil {
		return nil, err
	}
	var fastLat []time.Duration
	for i := range n {
		time.Sleep(rand.N(time.Second) + 200*time.Millisecond)
		d, err := measure(i, "fast")
		if err != nil {
			return nil, err
		}
		fastLat = append(fastLat, d)
	}
	return []row{
		{"incoming call → on screen, polling fast (something rings)", "p95 ≤ fast poll (1 s) + 100 ms", summary(fastLat)},
		{"incoming call → on screen, polling idle", "(bounded by the idle poll, 2 s)", summary(idleLat)},
	}, nil
}

// startup times the start of a fresh process until its first frame, and
// until the first call list is on screen.
func startup(ctx context.Context, e benchEnv, n int) ([]row, error) {
	s, err := startSim(simOptions())
	if err != nil {
		return nil, err
	}
	defer s.close()
	if _, err := inbound(s, "Already Ringing"); err != nil {
		return nil, err
	}
	var frame, data []time.Duration
	for range n {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		c, err := startConsole(e, s)
		if err != nil {
			cancel()
			return nil, err
		}
		first, err := c.waitText(ctx, "callboard")
		if err == nil {
			var listed time.Time
			listed, err = c.waitText(ctx, "Already Ringing")
			frame = append(frame, first.Sub(c.started))
			data = append(data, listed.Sub(c.started))
		}
		c.quit()
		cancel()
		if err != nil {
			return nil, err
		}
	}
	return []row{
		{"start → first frame", "≤ 150 ms", summary(frame)},
		{"start → first call list on screen", "", summary(data)},
	}, nil
}

// idle watches the console with three live calls for a while: CPU, memory,
// and the requests it sends per hour; then the same while a call rings.
func idle(ctx context.Context, e benchEnv, watch time.Duration) ([]row, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*watch+2*time.Minute)
	defer cancel()
	s, c, err := setup(ctx, e)
	if err != nil {
		return nil, err
	}
	defer s.close()
	defer c.quit()
	client, err := webex.New(s.url, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.token}))
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"Idle One", "Idle Two", "Idle Three"} {
		id, err := inbound(s, name)
		if err != nil {
			return nil, err
		}
		if err := client.Answer(ctx, webex.AnswerRequest{CallID: id}); err != nil {
			return nil, err
		}
	}
	if _, err := c.waitScreen(ctx, "three connected calls", func(sc string) bool {
		return contains(sc, "Idle One") && contains(sc, "Idle Two") && contains(sc, "Idle Three")
	}); err != nil {
		return nil, err
	}
	time.Sleep(15 * time.Second) // past the busy window: the console settles to its idle pace

	cpu0, err := c.cpuTime()
	if err != nil {
		return nil, err
	}
	switches0, err := c.switches()
	if err != nil {
		return nil, err
	}
	from := time.Now()
	var peak int64
	for time.Since(from) < watch {
		time.Sleep(time.Second)
		if r, err := c.rss(); err == nil {
			peak = max(peak, r)
		}
	}
	to := time.Now()
	cpu1, err := c.cpuTime()
	if err != nil {
		return nil, err
	}
	switches1, err := c.switches()
	if err != nil {
		return nil, err
	}
	idlePolls := s.count("GET", "/telephony/calls", from, to)
	cpuShare := float64(cpu1-cpu0) / float64(to.Sub(from)) * 100

	// Busy: a call rings all the time, so the console polls fast.
	if _, err := inbound(s, "Ringing Meanwhile"); err != nil {
		return nil, err
	}
	time.Sleep(3 * time.Second)
	busyFrom := time.Now()
	time.Sleep(watch)
	busyPolls := s.count("GET", "/telephony/calls", busyFrom, time.Now())
	perHour := func(n int, over time.Duration) string {
		return fmt.Sprintf("%d requests/hour (%d in %s)", int(float64(n)/over.Hours()+0.5), n, over.Round(time.Second))
	}
	return []row{
		{fmt.Sprintf("idle, three live calls, %s: CPU", watch), "≤ 0.3 % of one core", fmt.Sprintf("%.2f %%", cpuShare)},
		{fmt.Sprintf("idle, three live calls, %s: thread switches", watch), "", fmt.Sprintf("%.1f a second", float64(switches1-switches0)/to.Sub(from).Seconds())},
		{fmt.Sprintf("idle, three live calls, %s: resident memory (peak)", watch), "≤ 40 MB", fmt.Sprintf("%.1f MB", float64(peak)/(1<<20))},
		{"requests to Webex while idle", "poll.idle = 2 s → 1,800/hour", perHour(idlePolls, to.Sub(from))},
		{"requests to Webex while a call rings", "poll.fast = 1 s → 3,600/hour", perHour(busyPolls, watch)},
	}, nil
}
