// Command bench measures errcat beside the floors it is judged against and
// prints one report:
//
//   - errcat generate, end to end, beside a process that only decodes the
//     same catalog with BurntSushi/toml and writes the bytes it read, for
//     synthetic catalogs of 250, 1k, 10k and 100k codes; with peak memory;
//   - the generated lookups and ShouldRetry on a 3-deep wrapped error,
//     beside a plain map[string]int probe and errors.As, at 50 and 5,000
//     codes (go test -bench in a temporary module);
//   - a warm go build of a generated 10k-code package beside a package of
//     the same codes as bare constants.
//
// Every figure is a median. Each measurement is sampled in rounds that run
// errcat and its floor back to back, until there are at least -runs rounds
// and they took at least -time, so that a short run is sampled often
// enough for a moment of machine noise not to decide its median. Ratios
// are taken within each round and their median reported. Usage, from the
// repository root:
//
//	go run ./scripts/bench [-runs 5] [-time 5s] [-sizes 250,1000,10000,100000]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
	"github.com/errcat/errcat/internal/synth"
)

func main() {
	runs := flag.Int("runs", 5, "the fewest rounds per measurement")
	minTime := flag.Duration("time", 5*time.Second, "the least time the rounds of a generate or build measurement take together")
	sizes := flag.String("sizes", "250,1000,10000,100000", "catalog sizes for generate")
	keep := flag.Bool("keep", false, "keep the temporary directory")
	parts := flag.String("parts", "generate,lookups,build", "which measurements to run")
	flag.Parse()
	if err := run(rounds{*runs, *minTime}, *sizes, *parts, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// rounds says how long a measurement is sampled.
type rounds struct {
	min  int
	time time.Duration
}

// more reports whether a measurement that has had n rounds, taking spent,
// needs another.
func (r rounds) more(n int, spent time.Duration) bool { return n < r.min || spent < r.time }

func run(runs rounds, sizeList, parts string, keep bool) error {
	tmp, err := os.MkdirTemp("", "errcat-bench-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("working directory:", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	errcat, floor := filepath.Join(tmp, "errcat"), filepath.Join(tmp, "floor")
	for bin, pkg := range map[string]string{errcat: "./cmd/errcat", floor: "./scripts/floor"} {
		if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %v\n%s", pkg, err, out)
		}
	}
	var sizes []int
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return err
		}
		sizes = append(sizes, n)
	}
	want := func(part string) bool { return slices.Contains(strings.Split(parts, ","), part) }
	if want("generate") {
		if err := generateVsFloor(tmp, errcat, floor, sizes, runs); err != nil {
			return err
		}
	}
	if want("lookups") {
		if err := lookups(tmp, errcat, runs.min); err != nil {
			return err
		}
	}
	if want("build") {
		return builds(tmp, errcat, runs)
	}
	return nil
}

// measure runs a command and returns its wall time and peak RSS in bytes.
func measure(name string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.String())
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) * 1024
	}
	return elapsed, rss, nil
}

func median[T int64 | float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func generateVsFloor(tmp, errcat, floor string, sizes []int, runs rounds) error {
	fmt.Printf("== errcat generate vs. the decode floor (medians of at least %d rounds and %v; ratios taken within each round)\n\n", runs.min, runs.time)
	fmt.Printf("%8s %9s %7s %11s %11s %7s %9s %9s\n", "codes", "catalog", "rounds", "floor", "generate", "ratio", "floor RSS", "gen RSS")
	gen := map[int]time.Duration{}
	var peak int64
	for _, n := range sizes {
		dir := filepath.Join(tmp, fmt.Sprintf("gen%d", n))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		cat := filepath.Join(dir, "errors.toml")
		src := synth.Catalog(n)
		if err := os.WriteFile(cat, src, 0o644); err != nil {
			return err
		}
		goOut, mdOut := filepath.Join(dir, "out", "errors_gen.go"), filepath.Join(dir, "out", "ERRORS.md")
		var ft, gt []time.Duration
		var frss, grss []int64
		var ratios []float64
		for spent := time.Duration(0); runs.more(len(gt), spent); {
			f, rss, err := measure(floor, cat, filepath.Join(dir, "copy.toml"))
			if err != nil {
				return err
			}
			ft, frss = append(ft, f), append(frss, rss)
			os.RemoveAll(filepath.Join(dir, "out")) // make generate write both files every run
			g, rss, err := measure(errcat, "generate", "-go", goOut, "-md", mdOut, cat)
			if err != nil {
				return err
			}
			gt, grss = append(gt, g), append(grss, rss)
			ratios = append(ratios, float64(g)/float64(f))
			spent += f + g
		}
		gen[n] = median(gt)
		if n == slices.Max(sizes) {
			peak = slices.Max(grss)
		}
		fmt.Printf("%8d %9s %7d %11s %11s %6.2f× %9s %9s\n", n, fmt.Sprintf("%d KB", len(src)>>10), len(gt),
			ms(median(ft)), ms(median(gt)), median(ratios), mib(median(frss)), mib(median(grss)))
	}
	if a, b := gen[10000], gen[100000]; a > 0 && b > 0 {
		fmt.Printf("\ngenerate time from 10k to 100k codes: %.1f× (target ≤ 12×); peak RSS at 100k: %s (target < 1 GiB)\n", float64(b)/float64(a), mib(peak))
	}
	fmt.Println("targets: ratio ≤ 2.0× at 250 codes, ≤ 3.0× at 10k")
	return nil
}

var benchLine = regexp.MustCompile(`^Benchmark(\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op\s+(\d+) B/op\s+(\d+) allocs/op`)

func lookups(tmp, errcat string, runs int) error {
	dir := filepath.Join(tmp, "lookups")
	tmpl, err := os.ReadFile("testdata/bench/lookup_test.go.txt")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module benchlookups\n\ngo 1.22\n"), 0o644); err != nil {
		return err
	}
	sizes := []int{50, 5000}
	for _, n := range sizes {
		pkg := fmt.Sprintf("codes%d", n)
		pdir := filepath.Join(dir, pkg)
		if err := os.MkdirAll(pdir, 0o755); err != nil {
			return err
		}
		cat := filepath.Join(pdir, "errors.toml")
		if err := os.WriteFile(cat, synth.Catalog(n), 0o644); err != nil {
			return err
		}
		if out, err := exec.Command(errcat, "generate", "-package", pkg, cat).CombinedOutput(); err != nil {
			return fmt.Errorf("generate %s: %v\n%s", pkg, err, out)
		}
		test := bytes.ReplaceAll(tmpl, []byte("PKG"), []byte(pkg))
		if err := os.WriteFile(filepath.Join(pdir, "lookup_test.go"), test, 0o644); err != nil {
			return err
		}
	}
	// Each round runs every benchmark once, so a lookup and the map probe it
	// is compared with are measured moments apart; ratios are taken per
	// round and their median reported.
	test := exec.Command("go", "test", "-c", "-o", filepath.Join(dir, "codes50.test"), "./codes50")
	test.Dir = dir
	test.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := test.CombinedOutput(); err != nil {
		return fmt.Errorf("go test -c: %v\n%s", err, out)
	}
	test = exec.Command("go", "test", "-c", "-o", filepath.Join(dir, "codes5000.test"), "./codes5000")
	test.Dir = dir
	test.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := test.CombinedOutput(); err != nil {
		return fmt.Errorf("go test -c: %v\n%s", err, out)
	}
	type key struct{ pkg, bench string }
	ns, allocs, ratio := map[key][]float64{}, map[key][]float64{}, map[key][]float64{}
	var raw bytes.Buffer
	for range runs {
		for _, n := range sizes {
			pkg := fmt.Sprintf("codes%d", n)
			out, err := exec.Command(filepath.Join(dir, pkg+".test"), "-test.run=NONE", "-test.bench=.", "-test.benchmem").CombinedOutput()
			if err != nil {
				return fmt.Errorf("%s benchmarks: %v\n%s", pkg, err, out)
			}
			raw.Write(out)
			round := map[string]float64{}
			sc := bufio.NewScanner(bytes.NewReader(out))
			for sc.Scan() {
				if m := benchLine.FindStringSubmatch(sc.Text()); m != nil {
					v, _ := strconv.ParseFloat(m[2], 64)
					a, _ := strconv.ParseFloat(m[4], 64)
					k := key{pkg, m[1]}
					ns[k], allocs[k] = append(ns[k], v), append(allocs[k], a)
					round[m[1]] = v
				}
			}
			for b, v := range round {
				switch b {
				case "HTTPStatus", "Category", "Title", "Retry", "ParseCode":
					ratio[key{pkg, b}] = append(ratio[key{pkg, b}], v/round["MapProbe"])
				case "ShouldRetry":
					ratio[key{pkg, b}] = append(ratio[key{pkg, b}], v/round["ErrorsAs"])
				}
			}
		}
	}
	rawPath := filepath.Join(tmp, "lookups.txt")
	_ = os.WriteFile(rawPath, raw.Bytes(), 0o644)

	fmt.Printf("\n== generated lookups (go test -bench; medians of %d rounds, ratios taken within each round)\n\n", runs)
	fmt.Printf("%-7s %-12s %9s %9s %12s\n", "codes", "benchmark", "ns/op", "allocs", "ratio")
	for _, n := range sizes {
		p := fmt.Sprintf("codes%d", n)
		for _, b := range []string{"MapProbe", "HTTPStatus", "Category", "Title", "Retry", "ParseCode", "ErrorsAs", "ShouldRetry"} {
			k := key{p, b}
			if len(ns[k]) == 0 {
				return fmt.Errorf("no result for %s/%s:\n%s", p, b, raw.String())
			}
			r := ""
			switch b {
			case "HTTPStatus", "Category", "Title", "Retry", "ParseCode":
				r = fmt.Sprintf("%.2f× map", median(ratio[k]))
			case "ShouldRetry":
				r = fmt.Sprintf("%.2f× As", median(ratio[k]))
			}
			fmt.Printf("%-7d %-12s %9.2f %9.0f %12s\n", n, b, median(ns[k]), median(allocs[k]), r)
		}
	}
	fmt.Println("targets: lookups 0 allocs and ≤ 1.3× map; ShouldRetry 0 allocs and ≤ 0.3× errors.As")
	return nil
}

func builds(tmp, errcat string, runs rounds) error {
	dir := filepath.Join(tmp, "build")
	gen, consts := filepath.Join(dir, "gen10k"), filepath.Join(dir, "consts10k")
	for _, d := range []string{gen, consts} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module benchbuild\n\ngo 1.22\n"), 0o644); err != nil {
		return err
	}
	src := synth.Catalog(10000)
	cat := filepath.Join(gen, "errors.toml")
	if err := os.WriteFile(cat, src, 0o644); err != nil {
		return err
	}
	if out, err := exec.Command(errcat, "generate", "-package", "gen10k", cat).CombinedOutput(); err != nil {
		return fmt.Errorf("generate: %v\n%s", err, out)
	}
	c, diags := catalog.Parse("errors.toml", src)
	if c == nil {
		return diags
	}
	var b strings.Builder
	b.WriteString("package consts10k\n\n// Code is an error code.\ntype Code string\n\n// The codes.\nconst (\n")
	for _, code := range c.Codes {
		fmt.Fprintf(&b, "\t%s Code = %q\n", ident.Code(code), code.Code)
	}
	b.WriteString(")\n")
	if err := os.WriteFile(filepath.Join(consts, "codes.go"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	goBuild := func(pkg string) (time.Duration, error) {
		cmd := exec.Command("go", "build", "./"+pkg)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
		return time.Since(start), nil
	}
	files := map[string]string{"gen10k": filepath.Join(gen, "errors_gen.go"), "consts10k": filepath.Join(consts, "codes.go")}
	// rebuild builds pkg after appending a comment to its source, so that
	// go build compiles it again while everything else stays cached.
	rebuild := func(pkg string, round int) (time.Duration, error) {
		f, err := os.OpenFile(files[pkg], os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return 0, err
		}
		fmt.Fprintf(f, "\n// run %d\n", round)
		f.Close()
		return goBuild(pkg)
	}
	for pkg := range files { // the first round warms the cache
		if _, err := rebuild(pkg, 0); err != nil {
			return err
		}
	}
	var gt, kt []time.Duration
	var ratios []float64
	for spent := time.Duration(0); runs.more(len(ratios), spent); {
		g, err := rebuild("gen10k", len(ratios)+1)
		if err != nil {
			return err
		}
		k, err := rebuild("consts10k", len(ratios)+1)
		if err != nil {
			return err
		}
		gt, kt = append(gt, g), append(kt, k)
		ratios = append(ratios, float64(g)/float64(k))
		spent += g + k
	}
	g, k := median(gt), median(kt)
	fmt.Printf("\n== warm go build of 10k codes (medians of %d rounds; the ratio taken within each round)\n\n", len(ratios))
	fmt.Printf("generated package %s, consts only %s: %.2f× (target ≤ 3×)\n", ms(g), ms(k), median(ratios))
	return nil
}
