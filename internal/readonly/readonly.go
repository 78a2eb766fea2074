// Package readonly makes directories read-only for tests, also when the
// tests run as root.
package readonly

import (
	"os"
	"os/exec"
	"testing"
)

// Dir makes dir refuse new files until the test ends: by its mode, or for
// root, who ignores modes, by the immutable attribute. It skips the test
// when neither is possible.
func Dir(t testing.TB, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return
	}
	if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
		t.Skipf("running as root and chattr +i is unavailable: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
}
