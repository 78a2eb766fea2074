//go:build race

package generator

// raceEnabled is set when the race detector is on, whose instrumentation
// allocates on its own account.
const raceEnabled = true
