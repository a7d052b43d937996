package passkeys

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

var errTimeSpan = errors.New("passkeys: not a TimeSpan")

// ParseTimeSpan reads a .NET TimeSpan in its invariant form,
// [-][d.]hh:mm[:ss[.fffffff]] or a bare number of days, which is what the
// admin console sends for an auth-config timeToLive ("00:03:00").
func ParseTimeSpan(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var d time.Duration
	if !strings.Contains(s, ":") {
		days, err := strconv.ParseUint(s, 10, 16)
		if err != nil {
			return 0, errTimeSpan
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = parseClock(s); err != nil {
			return 0, err
		}
	}
	if neg {
		d = -d
	}
	return d, nil
}

// parseClock reads [d.]hh:mm[:ss[.fffffff]].
func parseClock(s string) (time.Duration, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, errTimeSpan
	}
	var days uint64
	if i := strings.IndexByte(parts[0], '.'); i >= 0 {
		var err error
		if days, err = strconv.ParseUint(parts[0][:i], 10, 16); err != nil {
			return 0, errTimeSpan
		}
		parts[0] = parts[0][i+1:]
	}
	h, errH := strconv.ParseUint(parts[0], 10, 8)
	m, errM := strconv.ParseUint(parts[1], 10, 8)
	if errH != nil || errM != nil || h > 23 || m > 59 {
		return 0, errTimeSpan
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if len(parts) == 3 {
		sec, frac, _ := strings.Cut(parts[2], ".")
		v, err := strconv.ParseUint(sec, 10, 8)
		if err != nil || v > 59 || len(frac) > 7 || strings.Trim(frac, "0123456789") != "" {
			return 0, errTimeSpan
		}
		d += time.Duration(v) * time.Second
		if frac != "" {
			ticks, _ := strconv.ParseUint((frac + "0000000")[:7], 10, 32)
			d += time.Duration(ticks) * 100 // a tick is 100 ns
		}
	}
	return d, nil
}
