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
    tags: [{ name: 'x' }],
    paths: {
      '/x/{id}': {
        post: {
          operationId: 'x',
          summary: '<script>alert("x")</script>',
          tags: ['x'],
          parameters: [{ name: 'id"><img>', in: 'path', required: true, schema: { type: 'string', pattern: '^<a>$' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object', properties: { '<i>': { type: 'string' } }, required: ['<i>'], additionalProperties: false } } },
          },
          responses: { '200': { description: '</td><script>' }, '409': { description: 'c', 'x-error-codes': ['<X>'] } },
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

  it('escapes every string taken from the document', () => {
    const page = renderDocsPage(craftedDoc());
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    expect(page).not.toContain('<i>');
    expect(page).not.toContain('<X>');
    expect(page).not.toContain('<staff>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
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
