//go:build unix

package hooks

import (
	"os/exec"
	"syscall"
)

// ownGroup starts the command in a process group of its own and kills the
// whole group when its context is done: a hung script's children go too.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
