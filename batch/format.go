package batch

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is a table format, in or out.
type Format string

// Formats.
const (
	CSV     Format = "csv"
	TSV     Format = "tsv"
	XLSX    Format = "xlsx"
	Parquet Format = "parquet"
	JSONL   Format = "jsonl"
)

// Formats lists every format, for messages.
const Formats = "csv, tsv, xlsx, parquet or jsonl"

// ParseFormat reads a format's name (--format).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "."))); f {
	case CSV, TSV, XLSX, Parquet, JSONL:
		return f, nil
	case "txt":
		return CSV, nil
	case "ndjson", "json":
		return JSONL, nil
	case "pq":
		return Parquet, nil
	}
	return "", fmt.Errorf("%q: want %s", s, Formats)
}

// FormatOf is the format a file's extension names.
func FormatOf(path string) (Format, error) {
	ext := filepath.Ext(path)
	if ext == "" {
		return "", fmt.Errorf("%s: no extension to tell the format by; name it with --format (%s)", path, Formats)
	}
	f, err := ParseFormat(ext)
	if err != nil {
		return "", fmt.Errorf("%s: extension %s: want .csv, .tsv, .xlsx, .parquet or .jsonl, or name the format with --format", path, ext)
	}
	return f, nil
}

// Text reports whether the format is text, read through --encoding.
func (f Format) Text() bool { return f == CSV || f == TSV || f == JSONL }

// SourceOptions tune opening a source.
type SourceOptions struct {
	Sheet     string           // XLSX: the sheet to read (default: the first)
	Overrides map[string]Field // JSON Lines: --map, to tell a ledger key from another
}

// OpenSource opens a table in a format. Text formats read r as it streams;
// XLSX and Parquet need the whole file (r is read to the end unless it is
// an *os.File).
func OpenSource(f Format, r io.Reader, o SourceOptions) (Source, error) {
	switch f {
	case CSV:
		return NewCSVSource(r, ','), nil
	case TSV:
		return NewCSVSource(r, '\t'), nil
	case JSONL:
		return NewJSONLSource(r, o.Overrides), nil
	case XLSX:
		return NewXLSXSource(r, o.Sheet)
	case Parquet:
		if file, ok := r.(*os.File); ok {
			fi, err := file.Stat()
			if err != nil {
				return nil, err
			}
			return NewParquetSource(file, fi.Size())
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		return NewParquetSource(bytes.NewReader(b), int64(len(b)))
	}
	return nil, fmt.Errorf("format %q: want %s", f, Formats)
}

// Sized is a source that knows how many rows it holds (Parquet, XLSX): the
// progress bar's ETA.
type Sized interface {
	Rows() int64
}
