package console

import (
	"fmt"
	"strings"
)

// chart is a line chart drawn on the server as SVG: a title and a
// description for assistive technology, and the data table next to it.
type chart struct {
	ID, Title, Desc string
	Width, Height   int
	Series          []series
	// XLabels mark the first and last day; YTicks the value axis.
	XLabels []chartLabel
	YTicks  []chartLabel
}

type series struct {
	Name, Class string
	Points      string // an SVG polyline's points
	// Dots mark each day's value (a one-day period has no line to draw).
	Dots []chartLabel
}

type chartLabel struct {
	X, Y int
	Text string
}

// Chart geometry: the plot area inside the margins.
const (
	chartW, chartH         = 640, 240
	chartLeft, chartBottom = 48, 24
	chartTop, chartRight   = 12, 12
)

// lineChart draws one line per named column of values over days; values
// [i][j] is series j on day i.
func lineChart(id, title string, days []string, names []string, values [][]int64) chart {
	c := chart{ID: id, Title: title, Width: chartW, Height: chartH}
	var max int64 = 1
	for _, row := range values {
		for _, v := range row {
			max = maxInt64(max, v)
		}
	}
	plotW, plotH := chartW-chartLeft-chartRight, chartH-chartTop-chartBottom
	x := func(i int) int {
		if len(days) < 2 {
			return chartLeft + plotW/2
		}
		return chartLeft + i*plotW/(len(days)-1)
	}
	y := func(v int64) int { return chartTop + plotH - int(v*int64(plotH)/max) }
	for j, name := range names {
		sr := series{Name: name, Class: fmt.Sprintf("s%d", j)}
		pts := make([]string, len(days))
		for i := range days {
			pts[i] = fmt.Sprintf("%d,%d", x(i), y(values[i][j]))
			sr.Dots = append(sr.Dots, chartLabel{X: x(i), Y: y(values[i][j])})
		}
		sr.Points = strings.Join(pts, " ")
		c.Series = append(c.Series, sr)
	}
	for _, v := range []int64{0, max / 2, max} {
		c.YTicks = append(c.YTicks, chartLabel{X: chartLeft - 6, Y: y(v) + 4, Text: fmt.Sprint(v)})
	}
	if len(days) > 0 {
		c.XLabels = []chartLabel{{X: x(0), Y: chartH - 6, Text: days[0]}, {X: x(len(days) - 1), Y: chartH - 6, Text: days[len(days)-1]}}
	}
	c.Desc = describe(title, days, names, values, max)
	return c
}

// describe is the chart's text alternative in one sentence.
func describe(title string, days, names []string, values [][]int64, max int64) string {
	if len(days) == 0 {
		return title + ": no data in this period."
	}
	last := values[len(values)-1]
	parts := make([]string, len(names))
	for j, n := range names {
		parts[j] = fmt.Sprintf("%s %d", n, last[j])
	}
	return fmt.Sprintf("%s from %s to %s, highest value %d; on %s: %s. The table below lists every day.",
		title, days[0], days[len(days)-1], max, days[len(days)-1], strings.Join(parts, ", "))
}

func maxInt64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
