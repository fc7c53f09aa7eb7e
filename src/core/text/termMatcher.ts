import { isAlphabeticWordChar, isCjk } from './characters';

/**
 * Multi-term search (Aho–Corasick) for sensitive-word lexicons of any size: one pass over
 * the text finds every occurrence of every term, so a 50,000-term list costs about what a
 * 50-term list does. After building, the trie is frozen into flat typed arrays (sorted edge
 * lists, with a dense table for the root, where most characters fall through).
 *
 * Matching folds ASCII case. Terms in alphabetic scripts match whole words only ("kill" does
 * not fire inside "skill"); terms with CJK characters match anywhere, as those scripts have
 * no spaces between words.
 */
export interface LexiconTerm {
  term: string;
  category: string;
  /** Where the term comes from: "bundled" or a lexicon file name. */
  source: string;
}

export interface TermMatch {
  start: number;
  end: number;
  term: LexiconTerm;
}

export class TermMatcher {
  private constructor(
    private readonly terms: readonly LexiconTerm[],
    private readonly rootEdges: Int32Array,
    private readonly edgeStart: Int32Array,
    private readonly edgeCodes: Uint16Array,
    private readonly edgeTargets: Int32Array,
    private readonly failure: Int32Array,
    private readonly termAt: Int32Array,
    private readonly depth: Int32Array,
    private readonly outputLink: Int32Array,
    private readonly wholeWord: Uint8Array,
  ) {}

  get termCount(): number {
    return this.terms.length;
  }

  static build(input: Iterable<LexiconTerm>): TermMatcher {
    const terms: LexiconTerm[] = [];
    const children: Array<Map<number, number>> = [new Map<number, number>()];
    const termAtList: number[] = [-1];
    const depthList: number[] = [0];
    for (const entry of input) {
      const folded = foldAscii(entry.term.trim());
      if (!folded) continue;
      let node = 0;
      for (let i = 0; i < folded.length; i++) {
        const code = folded.charCodeAt(i);
        let next = children[node].get(code);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          termAtList.push(-1);
          depthList.push(depthList[node] + 1);
          children[node].set(code, next);
        }
        node = next;
      }
      if (termAtList[node] === -1) {
        termAtList[node] = terms.length;
        terms.push({ ...entry, term: entry.term.trim() });
      }
    }
    const count = children.length;
    const edgeStart = new Int32Array(count + 1);
    let edges = 0;
    for (let n = 0; n < count; n++) {
      edgeStart[n] = edges;
      edges += children[n].size;
    }
    edgeStart[count] = edges;
    const edgeCodes = new Uint16Array(edges);
    const edgeTargets = new Int32Array(edges);
    for (let n = 0; n < count; n++) {
      const sorted = [...children[n].entries()].sort((a, b) => a[0] - b[0]);
      sorted.forEach(([code, target], k) => {
        edgeCodes[edgeStart[n] + k] = code;
        edgeTargets[edgeStart[n] + k] = target;
      });
    }
    const rootEdges = new Int32Array(0x10000);
    for (const [code, target] of children[0]) rootEdges[code] = target;

    // Breadth-first: failure links and links to the next node (on the failure chain) that ends a term.
    const failure = new Int32Array(count);
    const outputLink = new Int32Array(count).fill(-1);
    const termAt = Int32Array.from(termAtList);
    const queue: number[] = [];
    for (const target of children[0].values()) queue.push(target);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, child] of children[node]) {
        let f = failure[node];
        let next = step(children, f, code);
        while (next === undefined && f !== 0) {
          f = failure[f];
          next = step(children, f, code);
        }
        failure[child] = next !== undefined && next !== child ? next : 0;
        const fc = failure[child];
        outputLink[child] = termAt[fc] >= 0 ? fc : outputLink[fc];
        queue.push(child);
      }
    }
    const wholeWord = new Uint8Array(terms.length);
    terms.forEach((t, i) => {
      wholeWord[i] = needsWordBoundaries(t.term) ? 1 : 0;
    });
    return new TermMatcher(terms, rootEdges, edgeStart, edgeCodes, edgeTargets, failure, termAt, Int32Array.from(depthList), outputLink, wholeWord);
  }

  /** Every occurrence of every term in `text` (overlaps included), in order of end position. */
  findAll(text: string, limit = Infinity): TermMatch[] {
    const found: TermMatch[] = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= 0x41 && code <= 0x5a) code += 0x20;
      let next = node === 0 ? this.rootEdges[code] : this.edge(node, code);
      while (next === 0 && node !== 0) {
        node = this.failure[node];
        next = node === 0 ? this.rootEdges[code] : this.edge(node, code);
      }
      node = next;
      if (node === 0) continue;
      for (let out = this.termAt[node] >= 0 ? node : this.outputLink[node]; out > 0; out = this.outputLink[out]) {
        const index = this.termAt[out];
        const start = i + 1 - this.depth[out];
        if (this.wholeWord[index] && !atWordBoundaries(text, start, i + 1)) continue;
        found.push({ start, end: i + 1, term: this.terms[index] });
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  private edge(node: number, code: number): number {
    let lo = this.edgeStart[node];
    let hi = this.edgeStart[node + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.edgeCodes[mid];
      if (c === code) return this.edgeTargets[mid];
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }
}

function step(children: ReadonlyArray<Map<number, number>>, node: number, code: number): number | undefined {
  return children[node].get(code);
}

function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function needsWordBoundaries(term: string): boolean {
  for (let i = 0; i < term.length; i++) if (isCjk(term.charCodeAt(i))) return false;
  return true;
}

function atWordBoundaries(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 0x20;
  const after = end < text.length ? text.charCodeAt(end) : 0x20;
  return !isAlphabeticWordChar(before) && !isAlphabeticWordChar(after);
}
