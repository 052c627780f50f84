package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// shutdownGrace bounds how long Close waits for requests in flight.
const shutdownGrace = 2 * time.Second

// Server is a Simulator listening on a TCP address.
type Server struct {
	// BaseURL is the API base URL to give a client: http://HOST:PORT/v1.
	BaseURL string
	// Token is the bearer token the simulator accepts.
	Token string
	// Sim is the simulator being served.
	Sim *Simulator
	// Addr is the address listened on (HOST:PORT).
	Addr string

	srv    *http.Server
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
	errMu  sync.Mutex
	err    error
}

// Start listens on addr (such as "127.0.0.1:0") and serves a new Simulator
// until ctx ends or Close is called. With a real clock it also advances the
// world in the background every Options.TickEvery, so calls move on even
// when nobody polls.
func Start(ctx context.Context, addr string, opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("simulator listen %s: %w", addr, err)
	}
	sim := New(opts)
	ctx, cancel := context.WithCancel(ctx)
	s := &Server{
		BaseURL: "http://" + ln.Addr().String() + "/v1",
		Token:   sim.Token(),
		Sim:     sim,
		Addr:    ln.Addr().String(),
		cancel:  cancel,
	}
	s.srv = &http.Server{
		Handler:           sim.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// Requests see ctx end on Close, so an injected latency stops waiting.
		BaseContext: func(net.Listener) context.Context { return ctx },
		// net/http reports connection errors on the standard logger, which
		// writes to stderr: under the console that would scribble on the
		// operator's screen.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.setErr(fmt.Errorf("simulator serve: %w", err))
		}
	}()
	go func() {
		defer s.wg.Done()
		<-ctx.Done()
		shutdownCtx, done := context.WithTimeout(context.Background(), shutdownGrace)
		defer done()
		if err := s.srv.Shutdown(shutdownCtx); err != nil {
			// A client holding an unused connection open must not keep the
			// simulator alive: past the grace period, connections are cut.
			if err := s.srv.Close(); err != nil {
				s.setErr(fmt.Errorf("simulator close: %w", err))
			}
		}
	}()
	if _, fake := sim.clock.(*FakeClock); !fake {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			tick := time.NewTicker(sim.cfg.tickEvery)
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
					sim.Advance()
				}
			}
		}()
	}
	return s, nil
}

func (s *Server) setErr(err error) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	if s.err == nil {
		s.err = err
	}
}

// Close shuts the server down gracefully and waits for its goroutines. It
// is safe to call more than once.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.cancel()
		s.wg.Wait()
	})
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.err
}
