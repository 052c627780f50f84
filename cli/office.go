package cli

import (
	"context"
	"log/slog"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/ui"
	"github.com/callboard/callboard/ui/colleagues"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/parkboard"
)

// directoryCheck is how often the console checks whether the directory
// needs listing again (office.FreshFor says when it does).
const directoryCheck = time.Minute

// officeConsole wires the office into the console: the directory (kept in
// the XDG cache directory, listed again in the background while ctx
// lasts), the colleagues' statuses, the devices and the pins (in the XDG
// state directory), and the colleagues pane and park
// board. The demo keeps nothing on disk: its simulated office is new each
// run.
func (a *app) officeConsole(ctx context.Context, cfg config.Config, be backend, keys keymap.KeyMap, log *slog.Logger) (ui.Office, []pane.New) {
	client := be.client
	base := client.BaseURL()
	var dirPath string
	var pins office.PinStore
	if !be.demo {
		dirPath = config.DirectoryCacheFile(base)
		pins = office.PinFile{Path: config.OfficeStateFile(base, "pins")}
	}
	dir := office.NewDirectory(office.NewWebexSource(client), dirPath, nil)
	if err := dir.Load(); err != nil {
		log.Debug("directory cache", "error", err.Error())
	}
	go dir.KeepFresh(ctx, directoryCheck, func(err error) { log.Debug("directory", "error", err.Error()) })
	statuses := office.NewStatuses()

	// Colleagues' lines need an administrator's token; the demo's token is
	// one.
	token := cfg.Office.Token.Reveal()
	if be.demo {
		token = be.officeToken
	}
	var lines colleagues.LineAPI
	var parkLines parkboard.LineAPI
	if token != "" {
		admin, err := newClient(base, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"}), log)
		if err != nil {
			log.Debug("office token", "error", err.Error())
		} else {
			lines, parkLines = admin, admin
		}
	}
	every := cfg.Office.PresenceEvery.Duration
	var panes []pane.New
	if cfg.Office.Colleagues {
		panes = append(panes, colleagues.New(colleagues.Config{
			Ctx: ctx, API: client, Lines: lines, Directory: dir, Statuses: statuses, Pins: pins,
			Keys: keys, Every: every, SearchGap: ui.DefaultSearchGap,
		}))
	}
	panes = append(panes, parkboard.New(parkboard.Config{Ctx: ctx, API: client, Lines: parkLines, Keys: keys, Every: 5 * every}))
	return ui.Office{Directory: dir, Statuses: statuses, Devices: client.Endpoints}, panes
}
