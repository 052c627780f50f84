package hooks

import (
	"context"
	"fmt"
	"os/exec"
	"sync"
	"time"
)

// maxOutput bounds what a failing hook may say in its error: the end of
// what it wrote, where the reason usually is.
const maxOutput = 300

// waitDelay is how long a killed hook's children may keep its output open
// before callboard stops reading it.
const waitDelay = time.Second

// ExecProcess runs argv with env, its input empty and its output kept
// (briefly) for the error of a failed run. The hook runs in a process
// group of its own, so that when ctx is done the whole group is killed:
// a script's children as well as the script.
func ExecProcess(ctx context.Context, argv, env []string) error {
	if len(argv) == 0 {
		return fmt.Errorf("hook: no command")
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	var out tail
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = waitDelay
	ownGroup(cmd)
	if err := cmd.Run(); err != nil {
		if msg := clean(out.String()); msg != "" {
			return fmt.Errorf("%s: %w: %s", argv[0], err, msg)
		}
		return fmt.Errorf("%s: %w", argv[0], err)
	}
	return nil
}

// tail keeps the last maxOutput bytes written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

// Write keeps the end of what the hook writes.
func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - maxOutput; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

// String is what was kept.
func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
