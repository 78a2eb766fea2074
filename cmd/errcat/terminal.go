package main

import (
	"strings"

	"github.com/errcat/errcat/templates"
)

// terminalLine makes a line that may hold catalog text safe to print: every
// control character (ESC, NUL, a line break), bidirectional control and
// other invisible character shows as a Go escape, so catalog text can
// neither drive the terminal nor fake another line.
func terminalLine(s string) string { return templates.Visible(s) }

// terminalText is terminalLine for a message of several lines: its line
// breaks stay.
func terminalText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = terminalLine(l)
	}
	return strings.Join(lines, "\n")
}

// terminalDiff is terminalText for a unified diff of source files: tabs
// stay too, as the files' indentation.
func terminalDiff(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = terminalLine(p)
		}
		lines[i] = strings.Join(parts, "\t")
	}
	return strings.Join(lines, "\n")
}
