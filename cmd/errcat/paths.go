package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/output"
)

// maxInput is the largest input file, such as a docs template, errcat
// reads.
const maxInput = 1 << 20

// flagFile is a file named by a flag: relative to the working directory,
// and anywhere.
func flagFile(flagName, value string) output.File {
	return output.File{Path: value, Name: fmt.Sprintf("-%s %q", flagName, value)}
}

// catalogFile is a file named by the catalog's [output] table: inside the
// catalog's directory, symlinks included. Its name, in messages, says
// where the catalog names it.
func catalogFile(c *catalog.Catalog, dir string, o catalog.OutputPath) output.File {
	if o.Path == "" {
		return output.File{}
	}
	return output.File{Path: filepath.FromSlash(o.Path), Root: catalogRoot(dir),
		Name: fmt.Sprintf("[output] %s %q", o.Key, o.Path), Where: fmt.Sprintf("%s:%s", c.File, o.Pos)}
}

// defaultFile is a target's default output beside the catalog, inside its
// directory.
func defaultFile(dir, name string) output.File {
	if name == "" {
		return output.File{}
	}
	return output.File{Path: name, Root: catalogRoot(dir), Name: fmt.Sprintf("%q", filepath.Join(dir, name))}
}

func catalogRoot(dir string) *output.Root {
	return &output.Root{Dir: dir, Name: "the catalog's directory"}
}

// fullPath is where f goes, as a path from the working directory.
func fullPath(f output.File) string {
	if f.Root != nil {
		return filepath.Join(f.Root.Dir, f.Path)
	}
	return f.Path
}

// pathError adds to a refused [output] path how to use it anyway.
func pathError(err error) error {
	var pe *output.PathError
	if errors.As(err, &pe) && strings.Contains(pe.Name, "[output] ") &&
		(strings.HasPrefix(pe.Problem, "leads outside") || strings.HasPrefix(pe.Problem, "is an absolute path")) {
		return fmt.Errorf("%w; give the path as a flag to use it", err)
	}
	return err
}

// writeOutputs writes files, none of which may be an input. A SIGINT,
// SIGTERM or SIGHUP stops it with the outputs as they were, unless the
// process was started ignoring it (heededSignals).
func writeOutputs(ctx context.Context, inputs []output.Input, files []output.File) error {
	// Once started is set, catchSignals leaves a signal to ctx: one that
	// comes before ctx is watching is too early to undo anything and is
	// ignored, and the run ends as it would have. Nothing is written
	// before catchSignals has its handler in place.
	writing.installed.Wait()
	writing.Lock()
	writing.started = true
	writing.Unlock()
	if heeded := heededSignals(); len(heeded) > 0 { // none would mean every signal
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(ctx, heeded...)
		defer stop()
	}
	_, err := output.Writer{Inputs: inputs}.Write(ctx, files)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return errors.New("interrupted: the outputs are as they were")
	}
	return pathError(err)
}

// stopSignals are the signals that stop a run.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// heededSignals are the stop signals the process was not started ignoring
// (nohup ignores SIGHUP, a shell's background job SIGINT): those stay
// ignored throughout, as the user asked. It is worked out before any
// handler is installed, which would end the ignoring.
var heededSignals = sync.OnceValue(func() []os.Signal {
	var heeded []os.Signal
	for _, sig := range stopSignals {
		if !signal.Ignored(sig) {
			heeded = append(heeded, sig)
		}
	}
	return heeded
})

// writing records whether the run has started writing its outputs, for
// catchSignals, and waits for catchSignals to be in place.
var writing struct {
	sync.Mutex
	started   bool
	installed sync.WaitGroup
}

// catchSignals makes a stop signal end the process as it would without a
// handler only before errcat starts writing, when nothing has been
// written. While it writes, writeOutputs puts the outputs back as they
// were; once it has written them, the signal is too late to undo them and
// the run ends as it would have, its exit status telling the truth about
// the files.
//
// The handler is installed beside the run's first steps: the runtime
// starts a thread for it and hands it each signal in turn, a few hundred
// microseconds in all. Until it is in place a signal has its default
// action, as it has after, and writeOutputs waits for it.
func catchSignals() {
	writing.installed.Add(1)
	go func() {
		sigs := make(chan os.Signal, 1)
		if heeded := heededSignals(); len(heeded) > 0 {
			signal.Notify(sigs, heeded...)
		}
		writing.installed.Done()
		for sig := range sigs {
			writing.Lock()
			if !writing.started {
				// Holding the lock, so that no write starts and no other
				// handler is installed: the default action ends the
				// process.
				signal.Reset(sig)
				if p, err := os.FindProcess(os.Getpid()); err == nil {
					p.Signal(sig)
				}
				select {}
			}
			writing.Unlock()
		}
	}()
}

// sourceName is the catalog's path relative to the Go file's directory,
// with forward slashes, for the generated header.
func sourceName(catalogFile, goPath string) (string, error) {
	from, err := filepath.Abs(filepath.Dir(goPath))
	if err != nil {
		return "", err
	}
	to, err := filepath.Abs(catalogFile)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(from, to)
	if err != nil {
		return filepath.ToSlash(filepath.Base(catalogFile)), nil
	}
	return filepath.ToSlash(rel), nil
}
