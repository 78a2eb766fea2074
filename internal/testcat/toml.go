package testcat

import (
	"fmt"
	"strings"
)

// TOMLString quotes s as a TOML basic string, for tests that build
// catalogs from arbitrary text: invalid UTF-8 becomes U+FFFD, and quotes,
// backslashes and control characters are escaped.
func TOMLString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
