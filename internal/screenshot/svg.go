package main

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
)

// The picture's metrics: a cell of a 14 px monospace font.
const (
	cellW    = 8.4
	cellH    = 18.0
	pad      = 12.0
	fontSize = 14
)

// The terminal's own colours, behind and under unstyled text: a dark
// background, as the console's dark theme expects.
const (
	defaultBg = "#0d1117"
	defaultFg = "#e6edf3"
)

// render plays the scene, presses the shot's keys and draws the screen.
func render(s shot) ([]byte, error) {
	frame, err := frameOf(s)
	if err != nil {
		return nil, err
	}
	return drawSVG(frame, s), nil
}

// frameOf plays the scene, presses the shot's keys and returns the frame.
func frameOf(s shot) (string, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, err := scene(ctx, s)
	if err != nil {
		return "", fmt.Errorf("the scene: %w", err)
	}
	d.press(s.keys...)
	if d.err != nil {
		return "", d.err
	}
	return d.app.View().Content, nil
}

// screen lays out a frame as a terminal shows it.
func screen(frame string, cols, rows int) uv.ScreenBuffer {
	buf := uv.NewScreenBuffer(cols, rows)
	uv.NewStyledString(frame).Draw(buf, uv.Rect(0, 0, cols, rows))
	return buf
}

// hexOf writes a colour as #rrggbb; "" for none.
func hexOf(c color.Color) string {
	if c == nil {
		return ""
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// run is cells of one row with one look.
type run struct {
	x, n      int
	text      strings.Builder
	fg, bg    string
	bold      bool
	faint     bool
	italic    bool
	underline bool
}

// drawSVG draws a frame as an SVG picture of the terminal.
func drawSVG(frame string, s shot) []byte {
	cols, rows, title := s.cols, s.rows, s.title
	buf := screen(frame, cols, rows)
	w, h := pad*2+cellW*float64(cols), pad*2+cellH*float64(rows)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" role="img">`+"\n", w, h, w, h)
	fmt.Fprintf(&b, "<title>%s</title>\n", escape(title))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" rx="8" fill="%s"/>`+"\n", defaultBg)
	fmt.Fprintf(&b, `<g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="%d" xml:space="preserve">`+"\n", fontSize)
	for y := range rows {
		for _, r := range runsOf(buf, y, cols) {
			x0 := pad + float64(r.x)*cellW
			y0 := pad + float64(y)*cellH
			if r.bg != "" {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" fill="%s"/>`+"\n", x0, y0, float64(r.n)*cellW, cellH, r.bg)
			}
			text := r.text.String()
			if strings.TrimSpace(text) == "" {
				continue
			}
			attrs := fmt.Sprintf(` fill="%s"`, orDefault(r.fg, defaultFg))
			if r.bold {
				attrs += ` font-weight="bold"`
			}
			if r.faint {
				attrs += ` opacity="0.6"`
			}
			if r.italic {
				attrs += ` font-style="italic"`
			}
			if r.underline {
				attrs += ` text-decoration="underline"`
			}
			// textLength holds each run to its cells whatever the font's
			// advance, so columns line up in every viewer.
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" textLength="%.1f" lengthAdjust="spacingAndGlyphs"%s>%s</text>`+"\n",
				x0, y0+cellH*0.75, float64(r.n)*cellW, attrs, escape(text))
		}
	}
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

// runsOf splits row y into runs of cells that look alike.
func runsOf(buf uv.ScreenBuffer, y, cols int) []*run {
	var out []*run
	var cur *run
	for x := 0; x < cols; {
		c := buf.CellAt(x, y)
		content, width := " ", 1
		var st uv.Style
		if c != nil {
			st = c.Style
			if c.Content != "" {
				content = c.Content
			}
			width = max(c.Width, 1)
		}
		fg, bg := hexOf(st.Fg), hexOf(st.Bg)
		if st.Attrs&uv.AttrReverse != 0 {
			fg, bg = orDefault(bg, defaultBg), orDefault(fg, defaultFg)
		}
		bold, faint, italic := st.Attrs&uv.AttrBold != 0, st.Attrs&uv.AttrFaint != 0, st.Attrs&uv.AttrItalic != 0
		under := st.Underline != uv.UnderlineNone
		if cur == nil || cur.fg != fg || cur.bg != bg || cur.bold != bold || cur.faint != faint || cur.italic != italic || cur.underline != under || width > 1 {
			cur = &run{x: x, fg: fg, bg: bg, bold: bold, faint: faint, italic: italic, underline: under}
			out = append(out, cur)
		}
		cur.text.WriteString(content)
		cur.n += width
		x += width
		if width > 1 {
			cur = nil // a wide character is a run of its own: its cells are its own
		}
	}
	return out
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// escape makes text safe inside SVG.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
