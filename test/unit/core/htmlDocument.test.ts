import * as assert from 'node:assert/strict';
import { buildWebviewDocument, contentSecurityPolicy, jsonForScriptBlock } from '../../../src/core/webview/htmlDocument';

describe('webview HTML document', () => {
  const parts = {
    cspSource: 'https://webview.example',
    nonce: 'abc123',
    scriptUri: 'https://webview.example/app.js',
    styleUri: 'https://webview.example/app.css',
    title: 'data <b>.jsonl',
    lang: 'zh-cn',
    bootstrap: { text: '</script><script>alert(1)</script>', line: 'a\u2028b' },
  };

  it('allows scripts only with the nonce and nothing by default', () => {
    const csp = contentSecurityPolicy(parts.cspSource, parts.nonce);
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /style-src https:\/\/webview\.example(;|$)/);
  });

  it('injects startup data that cannot break out of its script block', () => {
    const html = buildWebviewDocument(parts);
    assert.equal(html.match(/<script/g)?.length, 2, 'only the data block and the app script');
    assert.ok(!html.includes('</script><script>alert'));
    const block = /<script type="application\/json" id="tunelab-bootstrap">(.*?)<\/script>/s.exec(html);
    assert.ok(block);
    assert.deepEqual(JSON.parse(block[1]), parts.bootstrap);
  });

  it('escapes the title and gives the app script the nonce', () => {
    const html = buildWebviewDocument(parts);
    assert.ok(html.includes('<title>data &#60;b&#62;.jsonl</title>'));
    assert.ok(html.includes('<script nonce="abc123" src="https://webview.example/app.js"></script>'));
  });

  it('encodes characters that end a script block or a JS line', () => {
    assert.equal(jsonForScriptBlock('</script>&\u2028'), '"\\u003c/script\\u003e\\u0026\\u2028"');
  });
});
