package tryonerr_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/go-retryablehttp"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/tryonerr"

	_ "github.com/errcat/errcat/internal/golden" // registers -update, so that go test ./... -update runs here too
)

// The client snippets of the README and docs/go.md are the regions
// between "// README NAME" and "// README end" comments below;
// TestREADMESnippets checks that the docs show them as they are.

// A client retries by hand, as the catalog says: a proxy's page without an
// envelope falls back to the rule for its status, a code to its own
// policy, and an after-action code stops the loop.
func Example_client() {
	srv := startServer(
		reply{status: http.StatusBadGateway, page: "<html>502 Bad Gateway</html>"},
		reply{err: tryonerr.New(tryonerr.Overloaded, "Shedding load.")},
		reply{err: tryonerr.New(tryonerr.InsufficientCredits, "No credits left.")},
	)
	defer srv.Close()
	url := srv.URL + "/v1/tryon"
	use := func(resp *http.Response) error {
		defer resp.Body.Close()
		_, err := io.Copy(os.Stdout, resp.Body)
		return err
	}
	notifyBilling := func() { fmt.Println("billing notified") }

	err := func() error {
		// README client
		for attempt := 0; ; attempt++ {
			resp, err := http.Get(url)
			if err != nil {
				return err
			}
			if resp.StatusCode < 400 {
				return use(resp)
			}
			e, err := tryonerr.FromResponse(resp) // Status and Retry-After from the response
			resp.Body.Close()
			if err == nil {
				err = e
			}
			// err holds an *Error, with an empty Code when the body was no
			// envelope (a proxy's HTML page, say): ShouldRetry then decides
			// by the status.
			if errors.Is(err, tryonerr.InsufficientCredits) {
				notifyBilling()
			}
			wait, ok := tryonerr.ShouldRetry(err, attempt)
			if !ok {
				return err
			}
			time.Sleep(wait)
		}
		// README end
	}()
	fmt.Println(err)
	fmt.Println(srv.requests(), "requests")
	// Output:
	// billing notified
	// INSUFFICIENT_CREDITS: No credits left.
	// 3 requests
}

// go-retryablehttp retries with the generated hooks; the last response
// stays readable for FromResponse.
func Example_retryablehttp() {
	srv := startServer(
		reply{err: tryonerr.New(tryonerr.Overloaded, "Shedding load.")},
		reply{err: tryonerr.New(tryonerr.Overloaded, "Shedding load.")},
		reply{err: tryonerr.NewProductNotFound("shirt-42")},
	)
	defer srv.Close()
	url := srv.URL + "/v1/products/shirt-42"
	use := func(resp *http.Response) error { return nil }

	// README retryablehttp
	client := retryablehttp.NewClient()
	client.CheckRetry = tryonerr.CheckRetry // the catalog decides: by code, else by status
	client.Backoff = tryonerr.Backoff       // the code's delays, jitter and Retry-After
	client.RetryWaitMin = 0                 // Backoff's waits are clamped to [RetryWaitMin, RetryWaitMax]
	client.RetryMax = 3                     // the only retry limit go-retryablehttp applies
	// When the retries run out, return the last response, for FromResponse.
	client.ErrorHandler = retryablehttp.PassthroughErrorHandler
	// README end
	client.Logger = nil // keeps the example's output to what it prints

	err := func() error {
		// README retryablehttp
		resp, err := client.Get(url)
		if err != nil {
			return err // no response, after any retries
		}
		defer resp.Body.Close()
		if resp.StatusCode >= 400 {
			e, err := tryonerr.FromResponse(resp) // the last error, still readable
			if err != nil {
				return err
			}
			return e
		}
		return use(resp)
		// README end
	}()
	fmt.Println(err)
	fmt.Println(srv.requests(), "requests")
	// Output:
	// PRODUCT_NOT_FOUND: Product 'shirt-42' not found.
	// 3 requests
}

var readmeRegion = regexp.MustCompile(`(?s)\n([\t ]*)// README ([a-z]+)\n(.*?)\n[\t ]*// README end\n`)

// TestREADMESnippets checks that every README snippet above is a Go block
// of the README, verbatim: the regions of one name, dedented, joined by a
// blank line.
func TestREADMESnippets(t *testing.T) {
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	// The snippets are shown in the README and in docs/go.md.
	var readme []byte
	for _, file := range []string{"../../README.md", "../../docs/go.md"} {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		readme = append(readme, text...)
	}
	var names []string
	snippets := map[string]string{}
	for _, m := range readmeRegion.FindAllStringSubmatch(string(src), -1) {
		indent, name, body := m[1], m[2], m[3]
		lines := strings.Split(body, "\n")
		for i, line := range lines {
			lines[i] = strings.TrimPrefix(line, indent)
		}
		if _, ok := snippets[name]; ok {
			snippets[name] += "\n\n"
		} else {
			names = append(names, name)
		}
		snippets[name] += strings.Join(lines, "\n")
	}
	if diff := cmp.Diff([]string{"client", "retryablehttp"}, names); diff != "" {
		t.Fatalf("README regions (-want +got):\n%s", diff)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)\n```").FindAllStringSubmatch(string(readme), -1)
	for _, name := range names {
		found := false
		for _, b := range blocks {
			found = found || b[1] == snippets[name]
		}
		if !found {
			t.Errorf("neither README.md nor docs/go.md has a go block reading exactly:\n%s", snippets[name])
		}
	}
}

// TestREADMECatalog checks the README's example catalog: it validates, and
// each of its codes is in this package's catalog with the same facts, so
// that the README's snippets, run here, speak of the catalog it shows.
func TestREADMECatalog(t *testing.T) {
	text, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## A catalog\n\n```toml\n(.*?)```").FindSubmatch(text)
	if m == nil {
		t.Fatal("no TOML block under the README's \"A catalog\"")
	}
	shown, diags := catalog.Parse("README.md", m[1])
	if shown == nil || diags.HasErrors() {
		t.Fatalf("the README's catalog does not validate:\n%v", diags)
	}
	here, diags, err := catalog.Load("testdata/errors.toml")
	if err != nil || here == nil {
		t.Fatal(err, diags)
	}
	for _, code := range shown.Codes {
		c := here.Code(code.Code)
		if c == nil {
			t.Errorf("%s is in the README's catalog, not in testdata/errors.toml", code.Code)
			continue
		}
		type facts struct{ Status, Description, Message, Category, Retry string }
		of := func(c *catalog.Code) facts {
			f := facts{Status: fmt.Sprint(c.Status), Description: c.Description, Retry: c.Retry.Kind.String()}
			if c.Message != nil {
				f.Message = c.Message.Template
			}
			if c.Category != nil {
				f.Category = c.Category.Key
			}
			return f
		}
		if diff := cmp.Diff(of(code), of(c)); diff != "" {
			t.Errorf("%s (-README +testdata/errors.toml):\n%s", code.Code, diff)
		}
	}
}
