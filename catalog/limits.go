package catalog

// Limits on a catalog. Real catalogs stay far below each of them; they exist
// so that a hostile catalog costs errcat bounded time and memory, and so
// that everything validate accepts can be generated. Each is reported as a
// positioned error. MaxDepth, MaxKeyLen, MaxStringLen and MaxEntries are
// checked before the TOML decoder sees the file; the others while the
// decoded document is resolved.
const (
	// MaxDepth bounds nesting: each segment of a table header or dotted
	// key, each key of an inline table, each inline table and each array
	// counts one level. A catalog needs five ([codes.X] retry = {kind = …}).
	MaxDepth = 16

	// MaxKeyLen bounds one key segment, in bytes as written in the file.
	MaxKeyLen = 256

	// MaxStringLen bounds one string value, in bytes as written in the file.
	MaxStringLen = 64 << 10

	// MaxEntries bounds the entries of the document: every key, in table
	// headers, dotted keys and inline tables alike, and every array
	// element counts one. It bounds the decoder's work, about a kilobyte
	// of memory per entry, whatever the file's size: ten entries for each
	// of MaxCodes codes, where the synthetic catalogs use about five.
	MaxEntries = 2_000_000

	// MaxCodes bounds the listed codes, and separately the retired codes:
	// the largest catalog errcat is measured at (docs/performance.md).
	MaxCodes = 100_000

	// MaxCategories bounds the categories.
	MaxCategories = 1000

	// MaxPolicies bounds the policies declared under [retry], and
	// separately the distinct runtime behaviours (Catalog.RuntimePolicies,
	// built-ins and inline tables included).
	MaxPolicies = 1000

	// MaxPlaceholders bounds the distinct placeholders of one message,
	// which become the parameters of its constructor.
	MaxPlaceholders = 32

	// MaxPathSegments bounds the segments of one envelope path: each
	// becomes a nested object or array in every body and a type in the
	// generated code. Real envelopes use one to three.
	MaxPathSegments = 8

	// MaxFixedDepth bounds the nesting of the envelope's fixed JSON
	// object, written into every body and every example.
	MaxFixedDepth = 8
)
