// JSON-lines text (one document a line), as the platform keeps metrics and run events: read back, a torn last line
// (a writer killed mid-line) skipped rather than failing every other line.
export function parseJsonLines<T = Record<string, unknown>>(text: string): T[] {
  const documents: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      documents.push(JSON.parse(line) as T);
    } catch {
      // a torn line
    }
  }
  return documents;
}
