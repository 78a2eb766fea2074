//go:build !((unix && !aix && !solaris) || illumos)

package output

import (
	"context"
	"os"
)

// locks reports whether Write locks directories here.
const locks = false

// lockFile does not lock where flock is missing (Windows among others):
// concurrent runs there are not serialised. It still ends when ctx does.
func lockFile(ctx context.Context, _ *os.File) error { return ctx.Err() }

func unlockFile(*os.File) {}
