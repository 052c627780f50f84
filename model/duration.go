package model

import (
	"strconv"
	"time"
)

// FormatDuration writes a call duration as the call list shows it: "0:07",
// "12:34", "1:02:03". Seconds are truncated, not rounded, so the display
// never runs ahead of the call; a negative duration shows as "0:00".
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	secs := int64(d / time.Second)
	h, m, s := secs/3600, secs/60%60, secs%60
	buf := make([]byte, 0, 16)
	if h > 0 {
		buf = strconv.AppendInt(buf, h, 10)
		buf = append(buf, ':')
		buf = appendTwo(buf, m)
	} else {
		buf = strconv.AppendInt(buf, m, 10)
	}
	buf = append(buf, ':')
	buf = appendTwo(buf, s)
	return string(buf)
}

// appendTwo appends n (0-59) as two digits.
func appendTwo(buf []byte, n int64) []byte {
	return append(buf, byte('0'+n/10), byte('0'+n%10))
}
