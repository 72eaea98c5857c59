// Renders the human-readable API reference (GET /docs) from the OpenAPI document alone, so the page
// and the machine-readable contract cannot disagree. The page is self-contained: inline CSS, no
// script, no external asset; every string taken from the document is HTML-escaped.
import type { JsonSchema, OpenApiDocument, OpenApiMethod, OpenApiOperation, OpenApiParameter } from './openapi';

const ROLE_NAMES: Record<string, string> = {
  lawyer: '律师',
  intern: '实习律师',
  staff: '看守所民警',
  investigator: '办案单位',
  committee: '律工委',
  admin: '管理员',
};

const METHODS: OpenApiMethod[] = ['get', 'post', 'delete'];
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function escapeHtml(value: unknown): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const esc = escapeHtml;
const code = (value: unknown) => `<code>${esc(value)}</code>`;

/**
 * The little Markdown the descriptions use: paragraphs, `code` and **bold**. The text is escaped
 * first, so the markup added here is the only markup on the page.
 */
function prose(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) =>
      esc(paragraph)
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>'),
    )
    .map((paragraph) => `<p>${paragraph}</p>`)
    .join('');
}

function exampleBlock(example: unknown): string {
  if (example === undefined) return '';
  const text = typeof example === 'string' ? example : JSON.stringify(example, null, 2);
  return `<details class="example"><summary>示例</summary><pre>${esc(text)}</pre></details>`;
}

interface Entry {
  path: string;
  method: OpenApiMethod;
  op: OpenApiOperation;
}

function entriesOf(doc: OpenApiDocument): Entry[] {
  const entries: Entry[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) entries.push({ path, method, op });
    }
  }
  return entries;
}

const anchorOf = (e: Entry) => `op-${e.op.operationId ?? `${e.method}-${e.path}`}`.replace(/[^A-Za-z0-9_-]/g, '-');

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) return schema;
  return doc.components?.schemas?.[refName(ref)] ?? schema;
}

function typeLabel(schema: JsonSchema): string {
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return union.map(typeLabel).join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeLabel(schema.items as JsonSchema) : 'any'}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return typeof schema.type === 'string' ? schema.type : 'any';
}

function constraints(schema: JsonSchema): string[] {
  const out: string[] = [];
  const range = (min: unknown, max: unknown, unit: string) => {
    const lo = typeof min === 'number' && Math.abs(min) < MAX_SAFE ? min : undefined;
    const hi = typeof max === 'number' && Math.abs(max) < MAX_SAFE ? max : undefined;
    if (lo !== undefined && hi !== undefined) out.push(`${unit} ${lo}–${hi}`);
    else if (lo !== undefined) out.push(`${unit} ≥ ${lo}`);
    else if (hi !== undefined) out.push(`${unit} ≤ ${hi}`);
  };
  range(schema.minLength, schema.maxLength, '长度');
  range(schema.minimum, schema.maximum, '取值');
  range(schema.minItems, schema.maxItems, '元素个数');
  if (typeof schema.format === 'string') out.push(`格式 ${code(schema.format)}`);
  else if (typeof schema.pattern === 'string') out.push(`匹配 ${code(schema.pattern)}`);
  if (typeof schema.description === 'string') out.push(esc(schema.description));
  return out;
}

/** Flattens an object schema into one row per field; nested fields are dotted, array items get `[]`. */
function fieldRows(doc: OpenApiDocument, schema: JsonSchema, prefix: string, depth: number): string[] {
  const target = resolve(doc, schema);
  const properties = target.properties as Record<string, JsonSchema> | undefined;
  if (!properties || depth > 4) return [];
  const required = new Set((target.required as string[] | undefined) ?? []);
  const rows: string[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const field = `${prefix}${name}`;
    const property = resolve(doc, raw);
    const items = property.type === 'array' && property.items ? resolve(doc, property.items as JsonSchema) : undefined;
    rows.push(`<tr><td>${code(field)}</td><td>${code(typeLabel(raw))}</td><td>${required.has(name) ? '必填' : '可选'}</td><td>${constraints(property).join('；')}</td></tr>`);
    rows.push(...fieldRows(doc, property, `${field}.`, depth + 1));
    if (items) rows.push(...fieldRows(doc, items, `${field}[].`, depth + 1));
  }
  return rows;
}

function schemaBlock(doc: OpenApiDocument, schema: JsonSchema): string {
  const target = resolve(doc, schema);
  const rows = fieldRows(doc, schema, '', 0);
  const strict = target.additionalProperties === false ? '<p class="note">不接受未声明的字段。</p>' : '';
  const table = rows.length
    ? `<table><thead><tr><th>字段</th><th>类型</th><th>必填</th><th>约束</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>类型：${code(typeLabel(schema))}</p>`;
  const json = `<details><summary>JSON Schema</summary><pre>${esc(JSON.stringify(target, null, 2))}</pre></details>`;
  return `${table}${strict}${json}`;
}

function parametersBlock(params: OpenApiParameter[] | undefined): string {
  if (!params?.length) return '';
  const where = { path: '路径', query: '查询', header: '请求头' } as Record<string, string>;
  const rows = params.map((p) => {
    const notes = [...constraints(p.schema ?? {}), ...(p.description ? [esc(p.description)] : []), ...(p.example !== undefined ? [`示例 ${code(p.example)}`] : [])];
    return `<tr><td>${code(p.name)}</td><td>${esc(where[p.in] ?? p.in)}</td><td>${code(typeLabel(p.schema ?? {}))}</td><td>${p.required ? '必填' : '可选'}</td><td>${notes.join('；')}</td></tr>`;
  });
  return `<h4>参数</h4><table><thead><tr><th>名称</th><th>位置</th><th>类型</th><th>必填</th><th>约束</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function rolesText(op: OpenApiOperation): string {
  if (!op.security?.length) return '<span class="public">公开，无需登录</span>';
  const roles = op['x-roles'] ?? [];
  if (!roles.length) return '需要登录';
  return roles.map((r) => `${code(r)}（${esc(ROLE_NAMES[r] ?? r)}）`).join('、');
}

function responsesBlock(doc: OpenApiDocument, op: OpenApiOperation): string {
  const parts: string[] = [];
  const errors: string[] = [];
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const codes = response['x-error-codes'];
    if (codes?.length || Number(status) >= 400) {
      const list = (codes ?? []).map(code).join(' ');
      errors.push(`<tr><td>${esc(status)}</td><td>${list}</td><td>${esc(response.description)}</td></tr>`);
      continue;
    }
    const json = response.content?.['application/json'];
    const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
    const body = json ? schemaBlock(doc, json.schema) : `<p>${mediaType ? `响应体为 ${code(mediaType)}。` : '无响应体。'}</p>`;
    parts.push(`<h4>响应 ${esc(status)} · ${esc(response.description)}</h4>${body}${exampleBlock(media?.example)}`);
  }
  if (errors.length) {
    parts.push(`<h4>错误</h4><table><thead><tr><th>状态</th><th>错误码</th><th>说明</th></tr></thead><tbody>${errors.join('')}</tbody></table>`);
  }
  return parts.join('');
}

function operationBlock(doc: OpenApiDocument, e: Entry): string {
  const { op } = e;
  const request = op.requestBody?.content?.['application/json'];
  const body = request?.schema;
  const rate = op['x-rate-limit'] !== undefined ? `<p>限流：每秒 ${esc(op['x-rate-limit'])} 次请求</p>` : '';
  const extension = op['x-beyond-contract'] ? '<p class="extension">扩展接口：不属于 v1 接口约定，按约定编写的客户端无需使用。</p>' : '';
  return `<section class="op" id="${esc(anchorOf(e))}">
<h3><span class="method ${esc(e.method)}">${esc(e.method.toUpperCase())}</span> <code class="path">${esc(e.path)}</code></h3>
<p class="summary">${esc(op.summary ?? '')}</p>
${op.description ? `<div class="description">${prose(op.description)}</div>` : ''}
<p>权限：${rolesText(op)}</p>${rate}${extension}
${parametersBlock(op.parameters)}
${body ? `<h4>请求体（application/json）</h4>${schemaBlock(doc, body)}${exampleBlock(request?.example)}` : ''}
${responsesBlock(doc, op)}
</section>`;
}

function tocBlock(entries: Entry[]): string {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const tag = e.op.tags?.[0] ?? '其他';
    groups.set(tag, [...(groups.get(tag) ?? []), e]);
  }
  const items = [...groups].map(
    ([tag, list]) =>
      `<li>${esc(tag)}<ul>${list
        .map(
          (e) =>
            `<li><a href="#${esc(anchorOf(e))}"><span class="method ${esc(e.method)}">${esc(e.method.toUpperCase())}</span> ${esc(e.path)}</a> ${esc(e.op.summary ?? '')}</li>`,
        )
        .join('')}</ul></li>`,
  );
  return `<nav><h2>目录</h2><ul>${items.join('')}</ul></nav>`;
}

function serversBlock(doc: OpenApiDocument): string {
  if (!doc.servers?.length) return '';
  const rows = doc.servers.map((server) => {
    const variables = Object.entries(server.variables ?? {}).map(([name, v]) => `${code(`{${name}}`)}：${esc(v.description)}（默认 ${code(v.default)}）`);
    return `<tr><td>${code(server.url)}</td><td>${esc(server.description)}${variables.length ? `<br>${variables.join('<br>')}` : ''}</td></tr>`;
  });
  return `<h2>服务地址</h2><table><thead><tr><th>地址</th><th>说明</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Every error code the document mentions, by status, for the overview table. */
function errorOverview(entries: Entry[]): string {
  const byStatus = new Map<string, Set<string>>();
  for (const { op } of entries) {
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      for (const c of response['x-error-codes'] ?? []) byStatus.set(status, (byStatus.get(status) ?? new Set()).add(c));
    }
  }
  if (!byStatus.size) return '';
  const rows = [...byStatus].sort(([a], [b]) => Number(a) - Number(b)).map(([status, codes]) => `<tr><td>${esc(status)}</td><td>${[...codes].map(code).join(' ')}</td></tr>`);
  return `<table><thead><tr><th>状态</th><th>错误码</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const CSS = `
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa;line-height:1.55}
main{max-width:980px;margin:0 auto;padding:24px 20px 60px}
h1{margin:0 0 4px}h2{border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
.op{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:4px 18px 14px;margin:18px 0}
.method{display:inline-block;min-width:54px;text-align:center;border-radius:4px;color:#fff;font:600 12px/20px ui-monospace,monospace;padding:0 6px}
.get{background:#1f6feb}.post{background:#1a7f37}.delete{background:#cf222e}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
code{background:#eff1f3;border-radius:4px;padding:1px 4px}code.path{font-size:15px;background:none}
pre{background:#0d1117;color:#e6edf3;padding:12px;border-radius:6px;overflow:auto}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:14px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
nav ul{padding-left:20px}nav a{text-decoration:none;color:#0969da}.note{color:#57606a;font-size:13px}
.description p{margin:6px 0}.example pre{max-height:360px}
.public{color:#1a7f37}.summary{font-size:15px}summary{cursor:pointer;color:#57606a;font-size:13px}
`;

export function renderDocsPage(doc: OpenApiDocument): string {
  const entries = entriesOf(doc);
  const loginOp = entries.find((e) => e.method === 'post' && e.path === '/auth/login');
  const login = loginOp ? `<a href="#${esc(anchorOf(loginOp))}">POST /auth/login</a>` : code('POST /auth/login');
  const title = esc(doc.info?.title ?? 'API');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p>版本 ${esc(doc.info?.version ?? '')} · OpenAPI ${esc(doc.openapi)} · <a href="openapi.json">下载 OpenAPI 文档（JSON）</a></p>
<p>${esc(doc.info?.description ?? '')}</p>
${serversBlock(doc)}
<h2>认证</h2>
<p>调用 ${login} 获取令牌后，在需要登录的接口的请求头中携带 ${code('Authorization: Bearer <token>')}。每个接口下方列出允许调用的角色；未登录返回 401，角色或管辖范围不符返回 403。</p>
<h2>错误格式</h2>
<p>所有错误响应均为如下结构，${code('code')} 为大写下划线错误码，${code('message')} 为中文说明（个别错误附加字段：${code('VALIDATION_FAILED')} 附 ${code('issues')}，逐项列出出错字段；${code('LOCKED_OUT')} 附 ${code('lockedUntil')}）：</p>
<pre>${esc('{ "error": { "code": "VALIDATION_FAILED", "message": "请求参数有误：…" } }')}</pre>
${errorOverview(entries)}
${tocBlock(entries)}
<h2>接口</h2>
${entries.map((e) => operationBlock(doc, e)).join('\n')}
</main>
</body>
</html>
`;
}
