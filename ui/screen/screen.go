// Package screen runs a Bubble Tea model in the terminal and draws its frames
// itself, only when they change.
//
// Bubble Tea's own renderer draws on a fixed ticker: it wakes the process fps
// times a second all day although an operator's console changes about once a
// second, and it shows the first frame one tick after the start. Here a view
// that differs from the screen is drawn at once, in the wake-up that changed
// it, and no more than fps times a second (see the painter). While nothing
// changes nothing is drawn; only the library's own ticker, slowed to once a
// second with nothing left for it to do, still wakes: a model that keeps
// its own once-a-second work in step with its Init (the ticker starts just
// before) shares that wake-up.
//
// Bubble Tea still reads the keyboard and runs the model; the terminal's raw
// mode, its size and the frames are this package's.
package screen

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// Options says where the model runs.
type Options struct {
	// In is the keyboard. When it is not a terminal the controlling terminal
	// is opened instead, as Bubble Tea does.
	In io.Reader
	// Out is the screen.
	Out io.Writer
	// Env is the environment: the terminal's type and colour support.
	// Nil means the process's.
	Env []string
	// FPS is the most frames drawn in a second.
	FPS int
	// Started, when set, is given the program's Send before the program
	// runs, for messages from outside it.
	Started func(send func(tea.Msg))
}

// Run runs model until it quits or ctx ends, and leaves the terminal as it
// found it. Its errors are Bubble Tea's (tea.ErrProgramKilled,
// tea.ErrInterrupted...), or the terminal's, wrapped.
func Run(ctx context.Context, model tea.Model, o Options) error {
	in, closeIn, err := keyboard(o.In)
	if err != nil {
		return err
	}
	defer closeIn()
	// The size comes from the screen when it is a terminal, else from the
	// keyboard's terminal.
	sized := in
	if f, ok := o.Out.(*os.File); ok && term.IsTerminal(f.Fd()) {
		sized = f
	}
	width, height, err := term.GetSize(sized.Fd())
	if err != nil {
		return fmt.Errorf("screen: the terminal's size: %w", err)
	}
	saved, err := term.MakeRaw(in.Fd())
	if err != nil {
		return fmt.Errorf("screen: raw mode: %w", err)
	}
	defer func() { _ = term.Restore(in.Fd(), saved) }()

	fps := o.FPS
	if fps < 1 {
		fps = 1
	}
	env := o.Env
	if env == nil {
		env = os.Environ()
	}
	profile := colorprofile.Detect(o.Out, env)
	p := newPainter(o.Out, env, profile, width, height, time.Second/time.Duration(fps))
	f := &framed{model: model, p: p}
	p.view = f.modelView
	prog := tea.NewProgram(f,
		tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(o.Out), tea.WithEnvironment(env),
		tea.WithColorProfile(profile), tea.WithWindowSize(width, height), tea.WithFilter(p.filter),
		// The library's renderer is off. Its ticker cannot be stopped, so it
		// is slowed to once a second: the raw output it would write, the
		// painter writes at once.
		tea.WithoutRenderer(), tea.WithFPS(1))
	p.send = prog.Send
	if o.Started != nil {
		o.Started(prog.Send)
	}

	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		watchSize(stop, sized, prog.Send)
	}()
	_, runErr := prog.Run()
	close(stop)
	<-watched
	if err := p.close(); err != nil && runErr == nil {
		runErr = fmt.Errorf("screen: %w", err)
	}
	return runErr
}

// keyboard returns the terminal to read keys from and how to let it go.
func keyboard(r io.Reader) (*os.File, func(), error) {
	if f, ok := r.(*os.File); ok && term.IsTerminal(f.Fd()) {
		return f, func() {}, nil
	}
	tty, _, err := tea.OpenTTY()
	if err != nil {
		return nil, nil, fmt.Errorf("screen: the console needs a terminal: %w", err)
	}
	return tty, func() { _ = tty.Close() }, nil
}

// Steady is a model that can tell when an update left its view as it was:
// its view is then not built again to find that out.
type Steady interface {
	// Unchanged reports whether the last Update left the view as it was
	// when View was last called.
	Unchanged() bool
}

// framed is the model Bubble Tea runs: the real model, whose view the
// painter asks for when it is about to draw.
type framed struct {
	model     tea.Model
	p         *painter
	unchanged bool // the last update left the model's view as it was
}

// Init is the model's.
func (f *framed) Init() tea.Cmd { return f.model.Init() }

// Update passes every message to the model but the painter's own.
func (f *framed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	f.unchanged = false
	if _, ok := msg.(frameDue); ok {
		f.p.due()
		return f, nil
	}
	var cmd tea.Cmd
	f.model, cmd = f.model.Update(msg)
	if s, ok := f.model.(Steady); ok {
		f.unchanged = s.Unchanged()
	}
	return f, cmd
}

// View is called by Bubble Tea after every update, for a renderer that is
// off: the painter is told the model may have changed, and asks for its view
// only when a frame may be drawn. Changes that come faster than the frames
// cost one view a frame, not one each. An update that left the view as it
// was offers nothing: a change before it was offered in its own turn, and a
// frame that comes due is offered whatever came between.
func (f *framed) View() tea.View {
	if !f.unchanged {
		f.p.offer()
	}
	return tea.View{}
}

// modelView is the painter's way to the model's view.
func (f *framed) modelView() tea.View { return f.model.View() }
