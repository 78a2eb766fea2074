package catalog

import (
	"bytes"
	"maps"

	"github.com/BurntSushi/toml"
)

// splitMin is the smallest document decode splits in two: below it, a
// second decoder costs about what it saves.
const splitMin = 32 << 10

// decode decodes the TOML document src. Decoding is most of a catalog's
// load, and a decoder uses one core: a large document whose second half
// holds only codes, as a catalog's does, is decoded as two documents side
// by side (decodeSplit).
func decode(src []byte) (map[string]any, error) {
	var doc map[string]any
	split := false
	if len(src) >= splitMin {
		if at := splitPoint(src); at > 0 {
			doc, split = decodeSplit(src, at)
		}
	}
	var err error
	if !split {
		doc, err = decodeWhole(src)
	}
	return doc, err
}

func decodeWhole(src []byte) (map[string]any, error) {
	var doc map[string]any
	_, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&doc)
	return doc, err
}

// splitPoint returns the offset of the first line at or after the middle
// of src that starts with "[codes.", else of the last one before it, when
// every line from there on that starts with '[' starts with "[codes.";
// else 0. (decodeSplit makes sure; this only spares it decoding what it
// would not join.)
func splitPoint(src []byte) int {
	const header = "\n[codes."
	mid := len(src) / 2
	at := 0
	if i := bytes.Index(src[mid:], []byte(header)); i >= 0 {
		at = mid + i + 1
	} else if i := bytes.LastIndex(src[:mid], []byte(header)); i >= 0 {
		at = i + 1
	} else {
		return 0
	}
	for rest := src[at:]; ; {
		i := bytes.Index(rest, []byte("\n["))
		if i < 0 {
			return at
		}
		if rest = rest[i+1:]; !bytes.HasPrefix(rest, []byte(header[1:])) {
			return 0
		}
	}
}

// decodeSplit decodes src[:at] and src[at:] side by side and joins them,
// when that is sure to give what decoding src whole gives; else it
// reports false, and src is decoded whole, which also reports any error
// where it is. It is sure when:
//
//   - both parts decode, so the first ends at the top level (a string,
//     array or table left open would not decode) and the second starts
//     with a table header;
//   - every key the second part defines is inside a [codes.X] table,
//     never codes itself;
//   - no code the second part defines is in the first; and
//   - codes is a table in the first part, or not there at all.
//
// Then src defines each of the second part's codes exactly as that part
// alone does, and nothing the first part does not. (The decoder lets a
// table header add to a table however it was made, inline or by dotted
// keys, as it does here.) TestDecodeSplit and FuzzParse compare the two
// decodings.
func decodeSplit(src []byte, at int) (map[string]any, bool) {
	type result struct {
		doc map[string]any
		md  toml.MetaData
		err error
	}
	second := make(chan result, 1)
	go func() {
		var r result
		r.md, r.err = toml.NewDecoder(bytes.NewReader(src[at:])).Decode(&r.doc)
		second <- r
	}()
	first, err := decodeWhole(src[:at])
	r := <-second
	if err != nil || r.err != nil {
		return nil, false
	}
	for _, k := range r.md.Keys() {
		if len(k) < 2 || k[0] != "codes" {
			return nil, false
		}
	}
	codes, ok := r.doc["codes"].(map[string]any)
	if !ok {
		return nil, false
	}
	if first == nil {
		first = map[string]any{}
	}
	v, ok := first["codes"]
	if !ok {
		first["codes"] = codes
		return first, true
	}
	have, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	for code := range codes {
		if _, ok := have[code]; ok {
			return nil, false
		}
	}
	maps.Copy(have, codes)
	return first, true
}
