import { LruCache } from '../../src/shared/lruCache';
import type { PreviewRow } from '../../src/shared/protocol/datasetPreview';

const CACHED_PAGES = 256;

/**
 * Pages of a view's rows fetched from the host, in an LRU cache. A new view (filter, search,
 * file change) gets a new cache; concurrent asks for one page share one request.
 */
export class PageCache {
  private readonly pages = new LruCache<number, PreviewRow[]>(CACHED_PAGES);
  private readonly inFlight = new Map<number, Promise<PreviewRow[]>>();

  constructor(
    readonly viewId: number,
    private readonly pageSize: number,
    private readonly fetchPage: (start: number, count: number) => Promise<PreviewRow[]>,
  ) {}

  /** The row at `position` in the view if its page is cached. */
  peek(position: number): PreviewRow | undefined {
    return this.pages.get(Math.floor(position / this.pageSize))?.[position % this.pageSize];
  }

  /** Fetches every page overlapping positions [first, last]. */
  async ensure(first: number, last: number): Promise<void> {
    const waits: Array<Promise<unknown>> = [];
    for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page++) {
      if (this.pages.has(page)) continue;
      let pending = this.inFlight.get(page);
      if (!pending) {
        const fetched = this.fetchPage(page * this.pageSize, this.pageSize);
        pending = fetched;
        const forget = () => {
          if (this.inFlight.get(page) === fetched) this.inFlight.delete(page);
        };
        fetched.then((rows) => {
          this.pages.set(page, rows);
          forget();
        }, forget);
        this.inFlight.set(page, fetched);
      }
      waits.push(pending);
    }
    await Promise.all(waits);
  }
}
