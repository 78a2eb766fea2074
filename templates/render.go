package templates

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"text/template"
	"text/template/parse"
)

// MaxOutput is the most bytes a docs template may write, and separately
// the most text its functions may build, during one rendering.
const MaxOutput = 64 << 20

// maxDepth is how deeply {{template}} calls may nest during one rendering.
const maxDepth = 1000

// LimitError reports a docs template stopped for going past one of
// RenderLimit's bounds.
type LimitError struct {
	What string // what the template did, e.g. "writes more than 64 MiB"
}

func (e *LimitError) Error() string { return e.What }

// RenderLimit executes t, or the built-in template when t is nil, with d
// into memory, within bounds that hold whatever the template does: it may
// write at most max bytes (callers bound the output by the size of what
// it is made from, up to MaxOutput), its functions may build at most
// MaxOutput bytes of text, its {{template}} calls may nest maxDepth deep,
// and it stops when ctx is done. Past a bound it returns a *LimitError,
// and when ctx ends, ctx.Err(); never a partial output.
//
// t should come from Parse or Default: the bounds on built text cover the
// functions of Funcs and text/template's print, printf, println, html, js
// and urlquery.
func RenderLimit(ctx context.Context, t *template.Template, d *Data, max int) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if t == nil || t == defaultTemplate.Load() {
		// errcat's own template writes in proportion to the catalog and
		// always ends: the bounds are for a user's template.
		return renderDefault(d), nil
	}
	r := &renderer{ctx: ctx, max: max}
	stop := context.AfterFunc(ctx, func() { r.done.Store(true) })
	defer stop()
	bounded, err := r.instrument(t)
	if err != nil {
		return nil, err
	}
	err = bounded.Execute(r, d)
	if r.err != nil {
		return nil, r.err
	}
	if err != nil {
		return nil, err
	}
	return r.out.Bytes(), nil
}

// renderer is the state of one bounded rendering. It is the template's
// writer, and its methods are the functions the instrumented template
// calls, all on the executing goroutine; only done is set from another.
type renderer struct {
	ctx   context.Context
	done  atomic.Bool // ctx is done
	max   int
	out   bytes.Buffer
	built int // bytes of text built by functions
	depth int
	err   error // the bound that stopped the rendering
}

func (r *renderer) stop(err error) error {
	if r.err == nil {
		r.err = err
	}
	return r.err
}

// check reports whether the rendering must stop.
func (r *renderer) check() error {
	if r.err != nil {
		return r.err
	}
	if r.done.Load() {
		return r.stop(r.ctx.Err())
	}
	return nil
}

func (r *renderer) Write(p []byte) (int, error) {
	if err := r.check(); err != nil {
		return 0, err
	}
	if r.out.Len()+len(p) > r.max {
		return 0, r.stop(&LimitError{fmt.Sprintf("writes more than %s", mib(r.max))})
	}
	return r.out.Write(p)
}

// build admits a function call that may build up to estimate bytes.
func (r *renderer) build(estimate int) error {
	if err := r.check(); err != nil {
		return err
	}
	if estimate > r.max-r.built {
		return r.stop(&LimitError{fmt.Sprintf("builds more than %s of text in its functions", mib(r.max))})
	}
	return nil
}

// count counts the text a function built.
func (r *renderer) count(s string) (string, error) {
	r.built += len(s)
	if r.built > r.max {
		return "", r.stop(&LimitError{fmt.Sprintf("builds more than %s of text in its functions", mib(r.max))})
	}
	return s, nil
}

func mib(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// The functions the instrumented template calls: tick in loops that do
// not write, enter and leave around every template's body.
const (
	tickFunc  = "errcat_tick_"
	enterFunc = "errcat_enter_"
	leaveFunc = "errcat_leave_"
)

func (r *renderer) tick() (bool, error) { return false, r.check() }

func (r *renderer) enter() (bool, error) {
	r.depth++
	if r.depth > maxDepth {
		return false, r.stop(&LimitError{fmt.Sprintf("nests {{template}} calls deeper than %d", maxDepth)})
	}
	return false, r.check()
}

func (r *renderer) leave() (bool, error) {
	r.depth--
	return false, nil
}

// probes are {{if FUNC}}{{end}} nodes calling tick, enter and leave: they
// run Go code at that point of the template and write nothing.
var probes = func() map[string]*parse.IfNode {
	noop := func() (bool, error) { return false, nil }
	names := []string{tickFunc, enterFunc, leaveFunc}
	funcs := map[string]any{}
	text := ""
	for _, name := range names {
		funcs[name] = noop
		text += "{{if " + name + "}}{{end}}"
	}
	trees, err := parse.Parse("probes", text, "{{", "}}", funcs)
	if err != nil {
		panic(err)
	}
	m := map[string]*parse.IfNode{}
	for i, n := range trees["probes"].Root.Nodes {
		m[names[i]] = n.(*parse.IfNode)
	}
	return m
}()

func probe(name string) parse.Node { return probes[name].Copy() }

// instrument returns a copy of t, with its associated templates, whose
// every loop and template body checks r's bounds, and whose
// text-building functions are bounded by r.
func (r *renderer) instrument(t *template.Template) (*template.Template, error) {
	c, err := t.Clone()
	if err != nil {
		return nil, err
	}
	c.Funcs(r.funcs())
	for _, tt := range c.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		tree := tt.Tree.Copy() // the clone shares t's trees
		addTicks(tree.Root)
		nodes := append([]parse.Node{probe(enterFunc)}, tree.Root.Nodes...)
		tree.Root.Nodes = append(nodes, probe(leaveFunc))
		tt.Tree = tree
	}
	return c, nil
}

// addTicks puts a tick at the start of every range body that does not
// start by writing: a loop that writes is bounded by the writer, one that
// does not (or skips its writes with {{continue}}) by the tick.
func addTicks(list *parse.ListNode) {
	if list == nil {
		return
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.IfNode:
			addTicks(n.List)
			addTicks(n.ElseList)
		case *parse.WithNode:
			addTicks(n.List)
			addTicks(n.ElseList)
		case *parse.RangeNode:
			addTicks(n.List)
			addTicks(n.ElseList)
			if n.List != nil && !(len(n.List.Nodes) > 0 && writes(n.List.Nodes[0])) {
				n.List.Nodes = append([]parse.Node{probe(tickFunc)}, n.List.Nodes...)
			}
		}
	}
}

// writes reports whether executing n always calls the writer.
func writes(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.TextNode:
		return true
	case *parse.ActionNode:
		return len(n.Pipe.Decl) == 0
	}
	return false
}

// funcs returns the probes and bounded versions of every function that
// builds text.
func (r *renderer) funcs() template.FuncMap {
	m := template.FuncMap{
		tickFunc:  r.tick,
		enterFunc: r.enter,
		leaveFunc: r.leave,
		"print": func(args ...any) (string, error) {
			if err := r.build(sizeOf(args...) + len(args)); err != nil {
				return "", err
			}
			return r.count(fmt.Sprint(args...))
		},
		"println": func(args ...any) (string, error) {
			if err := r.build(sizeOf(args...) + len(args) + 1); err != nil {
				return "", err
			}
			return r.count(fmt.Sprintln(args...))
		},
		"printf": func(format string, args ...any) (string, error) {
			if err := r.build(printfSize(format, args)); err != nil {
				return "", err
			}
			return r.count(fmt.Sprintf(format, args...))
		},
		"html":     r.escaper(template.HTMLEscaper),
		"js":       r.escaper(template.JSEscaper),
		"urlquery": r.escaper(template.URLQueryEscaper),
	}
	for name, fn := range Funcs() {
		m[name] = r.bound(fn)
	}
	return m
}

// grow is how much longer than its input the text any escaping function
// may make: JSEscaper writes \u003C for <.
const grow = 6

func (r *renderer) escaper(escape func(...any) string) func(...any) (string, error) {
	return func(args ...any) (string, error) {
		if err := r.build(grow * (sizeOf(args...) + len(args))); err != nil {
			return "", err
		}
		return r.count(escape(args...))
	}
}

// bound wraps a helper that returns a string so that its text counts
// against r's bounds; helpers that build no text are returned as they are.
func (r *renderer) bound(fn any) any {
	switch f := fn.(type) {
	case func(string) string:
		return func(s string) (string, error) {
			if err := r.build(maxGrowth*len(s) + growthSlack); err != nil {
				return "", err
			}
			return r.count(f(s))
		}
	case func([]string, string) string: // join
		return func(list []string, sep string) (string, error) {
			if err := r.build(sizeOf(list) + len(list)*len(sep)); err != nil {
				return "", err
			}
			return r.count(f(list, sep))
		}
	}
	v := reflect.ValueOf(fn)
	ft := v.Type()
	if ft.Kind() != reflect.Func || ft.NumOut() == 0 || ft.Out(0).Kind() != reflect.String {
		return fn
	}
	// Any other helper: the same estimate, through reflection.
	return reflect.MakeFunc(ft, func(in []reflect.Value) []reflect.Value {
		args := make([]any, len(in))
		for i, a := range in {
			args[i] = a.Interface()
		}
		err := r.build(grow*sizeOf(args...) + 64)
		var out []reflect.Value
		if err == nil {
			out = v.Call(in)
			_, err = r.count(out[0].String())
		}
		if err != nil {
			// Without an error result the helper cannot stop the
			// template at once; the writer and the next probe will.
			out = make([]reflect.Value, ft.NumOut())
			for i := range out {
				out[i] = reflect.Zero(ft.Out(i))
			}
			if ft.NumOut() == 2 && ft.Out(1) == errorType {
				out[1] = reflect.ValueOf(&err).Elem()
			}
		}
		return out
	}).Interface()
}

var errorType = reflect.TypeFor[error]()

// sizeOf estimates from above how long the values print.
func sizeOf(args ...any) int {
	n := 0
	for _, a := range args {
		switch v := a.(type) {
		case nil:
			n += 5
		case string:
			n += len(v)
		case []byte:
			n += len(v)
		case []string:
			for _, s := range v {
				n += len(s) + 1
			}
		case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, float32, float64, complex64, complex128:
			n += 64
		default:
			// The data model's structs and slices: %#v is the longest
			// way to print them but for the hex and quoting verbs.
			n += 2*len(fmt.Sprintf("%#v", a)) + 64
		}
	}
	return n
}

// printfSize bounds what fmt.Sprintf(format, args...) builds: each verb
// prints at most the longest argument, escaped when the verb quotes or
// writes hex, padded to its width or precision (fmt refuses more than
// 1e6).
func printfSize(format string, args []any) int {
	longest := 0
	for _, a := range args {
		longest = max(longest, sizeOf(a))
	}
	n := len(format)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		width, w, factor := 0, 0, 1
	directive:
		for i++; i < len(format); i++ {
			switch c := format[i]; {
			case c >= '0' && c <= '9':
				w = min(w*10+int(c-'0'), 1e6)
				width = max(width, w)
				continue
			case c == '*':
				width = 1e6
			case c == '#' || c == '+':
				factor = grow
			case strings.IndexByte(" -.[]", c) >= 0:
			default:
				if strings.IndexByte("qxXU", c) >= 0 {
					factor = grow
				}
				break directive
			}
			w = 0
		}
		n += factor*longest + width + 64
	}
	return n
}
