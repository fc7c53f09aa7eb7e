import * as assert from 'node:assert/strict';
import type { PreflightReport } from '../../../../src/core/preflight/preflightTypes';
import { escapeMarkdown, reportMarkdown } from '../../../../src/core/preflight/reportMarkdown';
import { formatMessage } from '../../../../src/shared/format';

const t = (template: string, args: ReadonlyArray<string | number>) => formatMessage(template, ...args);

describe('the pre-flight report as Markdown', () => {
  it('renders data text as text: no HTML, links, emphasis or code spans from a dataset name', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) *bold* `code` a|b &amp;';
    const escaped = escapeMarkdown(hostile);
    assert.doesNotMatch(escaped, /(^|[^\\])[<>[\]*`|&]/);
    const report: PreflightReport = {
      configPath: '/x/sft.yaml',
      kind: 'llamafactory-train',
      findings: [],
      blocking: [],
      sections: [
        {
          id: 'data',
          title: 'Datasets',
          lines: [{ message: 'Training dataset "{0}": {1}', args: [hostile, 'data/a.json'] }],
          histograms: [
            {
              title: 'Whole',
              bins: [
                { upTo: 100, count: 3 },
                { upTo: 200, count: 1 },
              ],
              limit: 150,
            },
          ],
        },
      ],
    };
    const markdown = reportMarkdown(report, 'sft.yaml', t);
    assert.doesNotMatch(markdown, /[^\\]<img/, 'no HTML: its angle brackets are escaped');
    assert.doesNotMatch(markdown, /[^\\]\]\(javascript/, 'no link: its brackets are escaped');
    assert.match(markdown, /≤ 100 │█{40} 3\n≤ 200 │█{13} 1\n─+┼ limit 150/);
  });
});
