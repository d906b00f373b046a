// How a URL continued on following lines is put together, for the parser (which builds
// `RequestLine.url`) and for anyone who rebuilds it from `urlRanges` with document offsets.
// A piece that starts with `/`, `?`, `&` or `#` is appended as written (REST Client's and
// JetBrains' path and query lines); a bare parameter line (`    size=10`) is one more query
// parameter, so it gets the `?` or `&` the author left to the line break.

/** What goes between the URL so far and the next piece: nothing, `&` or `?`. */
export function pieceSeparator(url: string, piece: string): '' | '&' | '?' {
  if (/^[/?&#]/.test(piece) || url.endsWith('?') || url.endsWith('&')) return '';
  return url.includes('?') ? '&' : '?';
}
