// The reference page is rendered from the OpenAPI document alone: it must list every operation,
// escape whatever the document holds, and load nothing from anywhere.
import { buildOpenApiDocument, type OpenApiDocument } from '../../shared/api/openapi';
import { escapeHtml, renderDocsPage } from '../../shared/api/docs-page';

const doc = buildOpenApiDocument();
const html = renderDocsPage(doc);

function craftedDoc(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'T <b>', version: '1', description: 'd' },
    servers: [{ url: 'https://{apiId}.example/<svg>', description: '<marquee>', variables: { apiId: { default: '<a1>', description: '<q>' } } }],
    tags: [{ name: 'x' }],
    paths: {
      '/x/{id}': {
        post: {
          operationId: 'x',
          summary: '<script>alert("x")</script>',
          description: '**<b>粗体</b>** 与 `<u>代码</u>`\n\n第二段 <iframe>',
          tags: ['x'],
          parameters: [
            { name: 'id"><img>', in: 'path', required: true, schema: { type: 'string', pattern: '^<a>$' }, example: '<em>' },
            { name: 'Idempotency-Key', in: 'header', required: true, description: '<strike>键</strike>', schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', properties: { '<i>': { type: 'string' } }, required: ['<i>'], additionalProperties: false },
                example: { '<i>': '<object>' },
              },
            },
          },
          responses: {
            '200': { description: '</td><script>', content: { 'text/html': { schema: { type: 'string' }, example: '<!doctype html><html><body><embed></body></html>' } } },
            '409': { description: 'c', 'x-error-codes': ['<X>'] },
          },
          security: [{ bearerAuth: [] }],
          'x-roles': ['<staff>'],
        },
      },
    },
    components: { schemas: {}, securitySchemes: {} },
  };
}

describe('docs page', () => {
  it('is a complete HTML page titled from the document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>律师会见预约平台 API</title>');
    expect(html).toContain('Authorization: Bearer &lt;token&gt;');
    expect(html).toContain('POST /auth/login');
  });

  it('lists every documented path with its method and summary', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(html).toContain(escapeHtml(path));
      for (const [method, op] of Object.entries(item)) {
        expect(html).toContain(`id="op-${op.operationId}"`);
        expect(html).toContain(`href="#op-${op.operationId}"`);
        expect(html).toContain(`class="method ${method}"`);
        expect(html).toContain(escapeHtml(op.summary));
      }
    }
  });

  it('shows request fields, roles and error codes', () => {
    expect(html).toMatch(/<code>licenseNo<\/code>/);
    expect(html).toContain('不接受未声明的字段');
    expect(html).toContain('<code>staff</code>（看守所民警）');
    expect(html).toContain('<code>ALREADY_EXISTS</code>');
    expect(html).toContain('公开，无需登录');
  });

  it('shows descriptions, header parameters, examples and servers', () => {
    expect(html).toContain('<h2>服务地址</h2>');
    expect(html).toContain('<code>http://127.0.0.1:3000</code>');
    const booking = html.slice(html.indexOf('id="op-book-meeting"'));
    const section = booking.slice(0, booking.indexOf('</section>'));
    expect(section).toContain('<td><code>Idempotency-Key</code></td><td>请求头</td>');
    expect(section).toContain('<strong>必须携带请求头 <code>Idempotency-Key</code></strong>');
    expect(section).toContain('响应 200 · 重放');
    expect(section).toContain('<summary>示例</summary>');
    expect(section).toContain(escapeHtml('"slotId": "2026-12-02.AM"'));
    expect(html).toContain('<code>issues</code>');
  });

  it('escapes every string taken from the document', () => {
    const page = renderDocsPage(craftedDoc());
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    expect(page).not.toContain('<i>');
    expect(page).not.toContain('<X>');
    expect(page).not.toContain('<staff>');
    for (const tag of ['<iframe', '<u>', '<em>', '<strike>', '<object>', '<embed>', '<svg>', '<marquee>', '<q>', '<a1>', '<html><body>']) expect(page).not.toContain(tag);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // The description's own Markdown still renders, around the escaped text.
    expect(page).toContain('<strong>&lt;b&gt;粗体&lt;/b&gt;</strong>');
    expect(page).toContain('<code>&lt;u&gt;代码&lt;/u&gt;</code>');
  });

  it('references no external asset and carries no script', () => {
    for (const page of [html, renderDocsPage(craftedDoc())]) {
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/<link\b/i);
      expect(page).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
      expect(page).not.toMatch(/url\(/i);
      expect(page).not.toMatch(/@import/i);
    }
  });
});
