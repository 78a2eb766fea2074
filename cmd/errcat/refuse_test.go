package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/internal/testcat"
)

// refuseCatalog is a valid catalog with one warning; output holds its
// [output] keys.
func refuseCatalog(output string) string {
	return `[catalog]
name = "R"
package = "r"

[output]
` + output + `

[envelope]
code = "code"
message = "message"

[codes.NOT_FOUND]
status = 404
description = "Missing."
retry = "once"
`
}

const refuseWarning = "errors.toml:%d:1: warning: code NOT_FOUND retries a 404 response (policy \"once\"); a 4xx fails again until the request changes\n"

// TestRefusals runs generate and check on every output path errcat
// refuses, and on the template and package refusals: each gives one
// message saying what is wrong, changes nothing, and does not hang.
func TestRefusals(t *testing.T) {
	type tc struct {
		output string   // [output] keys
		args   []string // flags before the catalog
		code   int
		stderr string // after the catalog's warning
		early  bool   // stderr is all of it: no warning before it
	}
	tests := []struct {
		name  string
		verbs string // "generate check" or one of them
		setup func(t *testing.T, repo string) tc
	}{
		{"same file by two spellings", "generate check", func(t *testing.T, repo string) tc {
			abs := filepath.Join(repo, "same.go")
			return tc{args: []string{"-go", "same.go", "-md", abs}, code: 1,
				stderr: fmt.Sprintf("errcat: -md %q is the same file as -go \"same.go\"\n", abs)}
		}},
		{"same file through a symlink", "generate check", func(t *testing.T, repo string) tc {
			symlink(t, "real.md", filepath.Join(repo, "link.go"))
			writeTo(t, filepath.Join(repo, "real.md"), "docs")
			return tc{args: []string{"-go", "link.go", "-md", "real.md"}, code: 1,
				stderr: "errcat: -md \"real.md\" is the same file as -go \"link.go\"\n"}
		}},
		{"same file through a hard link", "generate check", func(t *testing.T, repo string) tc {
			writeTo(t, filepath.Join(repo, "a.md"), "docs")
			if err := os.Link(filepath.Join(repo, "a.md"), filepath.Join(repo, "b.go")); err != nil {
				t.Skip("hard links unavailable:", err)
			}
			return tc{output: `go = "b.go"
markdown = "a.md"`, code: 1, stderr: "errors.toml:7:1: [output] markdown \"a.md\" is the same file as [output] go \"b.go\"\n"}
		}},
		{"[output] is the catalog", "generate check", func(t *testing.T, repo string) tc {
			// Refused when the catalog is validated: not a .go file.
			return tc{output: `go = "errors.toml"`, code: 1, early: true,
				stderr: "errors.toml:6:1: [output] go \"errors.toml\" must end in .go for the Go target (a flag may name any file)\n" + fmt.Sprintf(refuseWarning, 15)}
		}},
		{"flag is the catalog", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-go", "./errors.toml"}, code: 1, stderr: "errcat: -go \"./errors.toml\" is the catalog \"errors.toml\"\n"}
		}},
		{"output is the docs template", "generate check", func(t *testing.T, repo string) tc {
			writeTo(t, filepath.Join(repo, "docs.tmpl"), "# {{.Name}}\n")
			return tc{output: `markdown_template = "docs.tmpl"`, args: []string{"-md", "docs.tmpl"}, code: 1,
				stderr: "errcat: -md \"docs.tmpl\" is the docs template \"docs.tmpl\"\n"}
		}},
		{"[output] in .git", "generate check", func(t *testing.T, repo string) tc {
			writeTo(t, filepath.Join(repo, ".git", "config"), "[core]\n")
			writeTo(t, filepath.Join(repo, "docs.tmpl"), "[core]\n\tfsmonitor = evil\n")
			// Refused when the catalog is validated: a hidden directory.
			return tc{output: `markdown = ".git/config"
markdown_template = "docs.tmpl"`, code: 1, early: true,
				stderr: "errors.toml:6:1: [output] markdown \".git/config\" is a hidden file or lies in a hidden directory; the catalog may not name one (a flag may)\n" + fmt.Sprintf(refuseWarning, 16)}
		}},
		{"flag in .git", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-go", ".git/hooks/pre-commit"}, code: 1, stderr: "errcat: -go \".git/hooks/pre-commit\" is inside a .git directory\n"}
		}},
		{"symlink into .git", "generate check", func(t *testing.T, repo string) tc {
			writeTo(t, filepath.Join(repo, ".git", "config"), "[core]\n")
			symlink(t, ".git", filepath.Join(repo, "docs"))
			return tc{output: `markdown = "docs/config.md"`, code: 1,
				stderr: fmt.Sprintf("errors.toml:6:1: [output] markdown \"docs/config.md\" resolves into a .git directory (%q)\n", filepath.Join(repo, ".git", "config.md"))}
		}},
		{"device", "generate check", func(t *testing.T, repo string) tc {
			if info, err := os.Stat(os.DevNull); err != nil || info.Mode().IsRegular() {
				t.Skip("no device at", os.DevNull)
			}
			return tc{args: []string{"-md", os.DevNull}, code: 1, stderr: fmt.Sprintf("errcat: -md %q is a device, not a regular file\n", os.DevNull)}
		}},
		{"FIFO", "generate check", func(t *testing.T, repo string) tc {
			mkfifo(t, filepath.Join(repo, "fifo.go"))
			return tc{output: `go = "fifo.go"`, code: 1, stderr: "errors.toml:6:1: [output] go \"fifo.go\" is a named pipe (FIFO), not a regular file\n"}
		}},
		{"FIFO as the docs template", "generate check", func(t *testing.T, repo string) tc {
			mkfifo(t, filepath.Join(repo, "fifo.tmpl"))
			return tc{output: `markdown_template = "fifo.tmpl"`, code: 1, stderr: "errors.toml:6:1: [output] markdown_template \"fifo.tmpl\" is a named pipe (FIFO), not a regular file\n"}
		}},
		{"directory", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-go", "."}, code: 1, stderr: "errcat: -go \".\" is a directory, not a regular file\n"}
		}},
		{"ends in a separator", "generate check", func(t *testing.T, repo string) tc {
			// Refused when the catalog is validated: no .md extension.
			return tc{output: `markdown = "docs/"`, code: 1, early: true,
				stderr: "errors.toml:6:1: [output] markdown \"docs/\" must end in .md or .markdown for the Markdown target (a flag may name any file)\n" + fmt.Sprintf(refuseWarning, 15)}
		}},
		{"regular file in the path", "generate check", func(t *testing.T, repo string) tc {
			writeTo(t, filepath.Join(repo, "file"), "")
			return tc{output: `go = "file/x.go"`, code: 1, stderr: "errors.toml:6:1: [output] go \"file/x.go\" goes through \"file\", a regular file, not a directory\n"}
		}},
		{"dot-dot", "generate check", func(t *testing.T, repo string) tc {
			return tc{output: `go = "../x.go"`, code: 1, early: true, // the catalog's own check
				stderr: "errors.toml:6:1: output path \"../x.go\" must be relative and stay inside the catalog's directory (flags may point anywhere)\n" +
					fmt.Sprintf(refuseWarning, 15)}
		}},
		{"symlink leading out", "generate check", func(t *testing.T, repo string) tc {
			outside := filepath.Join(filepath.Dir(repo), "outside")
			symlink(t, outside, filepath.Join(repo, "link"))
			return tc{output: `go = "link/x.go"`, code: 1,
				stderr: fmt.Sprintf("errors.toml:6:1: [output] go \"link/x.go\" leads outside the catalog's directory through the symlink \"link\" (to %q); give the path as a flag to use it\n", outside)}
		}},
		{"dangling symlinked directory", "generate check", func(t *testing.T, repo string) tc {
			symlink(t, "missing", filepath.Join(repo, "l"))
			return tc{args: []string{"-go", "l/x.go"}, code: 1, stderr: "errcat: -go \"l/x.go\" goes through \"l\", a symlink to \"missing\", which does not exist\n"}
		}},
		{"template past its deadline", "generate check", func(t *testing.T, repo string) tc {
			writeTo(t, filepath.Join(repo, "slow.tmpl"), "{{range 1000000000000}}{{end}}")
			return tc{args: []string{"-template-timeout", "100ms", "-md-template", "slow.tmpl"}, code: 1,
				stderr: "errcat: errors.toml: docs template \"slow.tmpl\" did not finish within 100ms; nothing was written (see -template-timeout)\n"}
		}},
		{"template building too much text", "generate", func(t *testing.T, repo string) tc {
			writeTo(t, filepath.Join(repo, "big.tmpl"), `{{$x := "ab"}}{{range 100}}{{$x = printf "%s%s" $x $x}}{{end}}`)
			return tc{output: `markdown_template = "big.tmpl"`, code: 1,
				stderr: "errcat: errors.toml: docs template \"big.tmpl\" builds more than 2 MiB of text in its functions; nothing was written\n"}
		}},
		{"template writing too much", "generate", func(t *testing.T, repo string) tc {
			writeTo(t, filepath.Join(repo, "big.tmpl"), `{{$x := "0123456789abcdef"}}{{range 15}}{{$x = printf "%s%s" $x $x}}{{end}}{{range 5}}{{$x}}{{end}}`)
			return tc{output: `markdown_template = "big.tmpl"`, code: 1,
				stderr: "errcat: errors.toml: docs template \"big.tmpl\" writes more than 2 MiB; nothing was written\n"}
		}},
		{"-template-timeout 0", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-template-timeout", "0"}, code: 2, early: true,
				stderr: "errcat: -template-timeout 0s: want a positive duration\nRun 'errcat -h' for usage.\n"}
		}},
		{"-package main", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-package", "main"}, code: 2, early: true,
				stderr: "errcat: -package \"main\" cannot be used: package main is a command, not an importable package\nRun 'errcat -h' for usage.\n"}
		}},
		{"-package documentation", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-package", "documentation"}, code: 2, early: true,
				stderr: "errcat: -package \"documentation\" cannot be used: the go command ignores package documentation\nRun 'errcat -h' for usage.\n"}
		}},
		{"-package 1x", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-package", "1x"}, code: 2, early: true,
				stderr: "errcat: -package \"1x\" is not a valid Go package name\nRun 'errcat -h' for usage.\n"}
		}},
		{"package from a directory named main", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-go", "main/x.go"}, code: 1,
				stderr: "errcat: cannot use directory \"main\" as the Go package name: package main is a command, not an importable package; set package in [catalog] or pass -package\n"}
		}},
		{"package from a directory named documentation", "generate check", func(t *testing.T, repo string) tc {
			return tc{args: []string{"-go", "documentation/x.go"}, code: 1,
				stderr: "errcat: cannot use directory \"documentation\" as the Go package name: the go command ignores package documentation; set package in [catalog] or pass -package\n"}
		}},
	}
	for _, tt := range tests {
		for _, verb := range strings.Fields(tt.verbs) {
			t.Run(verb+" "+tt.name, func(t *testing.T) {
				base := t.TempDir()
				if real, err := filepath.EvalSymlinks(base); err == nil {
					base = real
				}
				repo := filepath.Join(base, "repo")
				if err := os.MkdirAll(filepath.Join(base, "outside"), 0o755); err != nil {
					t.Fatal(err)
				}
				c := tt.setup(t, repo)
				src := refuseCatalog(c.output)
				if strings.Contains(tt.name, "package from") {
					src = strings.Replace(src, "package = \"r\"\n", "", 1)
				}
				writeTo(t, filepath.Join(repo, "errors.toml"), src)
				t.Chdir(repo)
				before := testcat.Tree(t, base)
				done := make(chan [3]string, 1)
				go func() {
					code, stdout, stderr := errcat(t, append(append([]string{verb}, c.args...), "errors.toml")...)
					done <- [3]string{fmt.Sprint(code), stdout, stderr}
				}()
				var got [3]string
				select {
				case got = <-done:
				case <-time.After(time.Minute):
					t.Fatal("errcat hangs")
				}
				want := c.stderr
				if !c.early {
					line := strings.Count(src[:strings.Index(src, "retry =")], "\n") + 1
					want = fmt.Sprintf(refuseWarning, line) + want
				}
				if diff := cmp.Diff([3]string{fmt.Sprint(c.code), "", want}, got); diff != "" {
					t.Errorf("exit, stdout, stderr (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(before, testcat.Tree(t, base)); diff != "" {
					t.Errorf("files changed (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func writeTo(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
}
