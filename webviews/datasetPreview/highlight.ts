/** The current search, for highlighting its hits in the table and the record pane. */
export interface SearchTerm {
  query: string;
  caseSensitive: boolean;
}

/**
 * Fills `parent` with `text`, each occurrence of the search term wrapped in a <mark>. Dataset
 * text is hostile: it becomes text nodes only (never parsed as HTML).
 */
export function appendHighlighted(parent: HTMLElement, text: string, term: SearchTerm | undefined): void {
  const query = term?.query;
  if (!query) {
    parent.append(text);
    return;
  }
  const haystack = term.caseSensitive ? text : text.toLowerCase();
  const needle = term.caseSensitive ? query : query.toLowerCase();
  // Lower-casing can change lengths (e.g. "İ"): fall back to plain text rather than misplace marks.
  if (haystack.length !== text.length) {
    parent.append(text);
    return;
  }
  let from = 0;
  for (let at = haystack.indexOf(needle); at >= 0 && needle.length > 0; at = haystack.indexOf(needle, at + needle.length)) {
    if (at > from) parent.append(document.createTextNode(text.slice(from, at)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(at, at + needle.length);
    parent.append(mark);
    from = at + needle.length;
  }
  if (from < text.length) parent.append(document.createTextNode(text.slice(from)));
}
