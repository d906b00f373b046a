/**
 * Membership in a small set of words, for words cut fresh from a line. `Set.has` hashes each new
 * string first (the parser asks for every method and directive name it reads; a parse of 5,000
 * requests took 0.98x the time with this, 14 paired processes). The words are listed by length
 * here, so most words are ruled out by their length and the rest by a comparison or two.
 */
export function wordsByLength(words: Iterable<string>): (word: string) => boolean {
  const rows: string[][] = [];
  for (const word of words) (rows[word.length] ??= []).push(word);
  return (word) => {
    const row = rows[word.length];
    if (row === undefined) return false;
    for (let k = 0; k < row.length; k++) if (row[k] === word) return true;
    return false;
  };
}
