import type { HttpFile, Position, RequestBlock } from './ast';

/**
 * The request whose block holds `position`, else undefined (a position in the file's preamble
 * or in a block without a request line). Blocks are sorted, so this is a binary search.
 */
export function requestAt(file: HttpFile, position: Position): RequestBlock | undefined {
  const requests = file.requests;
  let low = 0;
  let high = requests.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const { start, end } = requests[mid]!.range;
    if (position.line < start.line) high = mid - 1;
    else if (position.line > end.line) low = mid + 1;
    else return requests[mid];
  }
  return undefined;
}
