import { LruCache } from '../../src/shared/lruCache';
import type { PreviewRow } from '../../src/shared/protocol/datasetPreview';

const CACHED_PAGES = 256;

/**
 * Pages of rows fetched from the host, kept in an LRU cache and tagged with the index
 * generation so a file change throws them all away. Concurrent asks for one page share a fetch.
 */
export class PageCache {
  private readonly pages = new LruCache<number, PreviewRow[]>(CACHED_PAGES);
  private readonly inFlight = new Map<number, Promise<PreviewRow[]>>();
  private generation = -1;

  constructor(
    private readonly pageSize: number,
    private readonly fetchPage: (generation: number, start: number, count: number) => Promise<PreviewRow[]>,
  ) {}

  reset(generation: number): void {
    this.generation = generation;
    this.pages.clear();
    this.inFlight.clear();
  }

  /** The row if its page is cached; otherwise undefined (and `ensure` should be called). */
  peek(row: number): PreviewRow | undefined {
    return this.pages.get(Math.floor(row / this.pageSize))?.[row % this.pageSize];
  }

  /** Fetches every page that overlaps rows [first, last]. Resolves when all are cached. */
  async ensure(first: number, last: number): Promise<void> {
    const waits: Array<Promise<unknown>> = [];
    for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page++) {
      if (this.pages.has(page)) continue;
      let pending = this.inFlight.get(page);
      if (!pending) {
        const generation = this.generation;
        const fetched = this.fetchPage(generation, page * this.pageSize, this.pageSize);
        pending = fetched;
        const forget = () => {
          if (this.inFlight.get(page) === fetched) this.inFlight.delete(page);
        };
        fetched.then((rows) => {
          if (generation === this.generation) this.pages.set(page, rows);
          forget();
        }, forget);
        this.inFlight.set(page, fetched);
      }
      waits.push(pending);
    }
    await Promise.all(waits);
  }
}
