// The one wording of validation errors (400 VALIDATION_FAILED): plain Chinese a person can act on,
// for every schema the handlers validate with — instead of zod's own locale text ("无效输入：期望
// string，实际接收 undefined"). Installed once as zod's global error map (shared/http/define-handler.ts);
// a schema's own message (e.g. "须为 17 位数字") still wins over these.
import type * as z from 'zod/mini';

type RawIssue = z.core.$ZodRawIssue;

const TYPE_TEXT: Record<string, string> = {
  string: '须为文字（字符串）',
  number: '须为数字',
  int: '须为整数',
  bigint: '须为整数',
  boolean: '须为 true 或 false',
  array: '须为数组',
  object: '须为 JSON 对象',
  date: '须为日期',
};

const FORMAT_TEXT: Record<string, string> = {
  datetime: '须为带时区的 ISO-8601 时间，如 2026-12-02T08:30:00+08:00',
  date: '须为 YYYY-MM-DD 格式的日期，如 2026-12-02',
  time: '须为 HH:mm 格式的时间',
  email: '须为有效的电子邮箱地址',
  url: '须为有效的网址',
  uuid: '须为 UUID',
};

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function sizeText(origin: unknown, bound: unknown, inclusive: unknown, side: 'min' | 'max'): string {
  const n = Number(bound);
  if (origin === 'string') {
    if (side === 'min') return n <= 1 ? '不能为空' : `至少 ${inclusive === false ? n + 1 : n} 个字符`;
    return `最多 ${inclusive === false ? n - 1 : n} 个字符`;
  }
  if (origin === 'array' || origin === 'set') {
    if (side === 'min') return n <= 1 ? '至少 1 项' : `至少 ${inclusive === false ? n + 1 : n} 项`;
    return `最多 ${inclusive === false ? n - 1 : n} 项`;
  }
  if (side === 'min') return inclusive === false ? `须大于 ${show(bound)}` : `不能小于 ${show(bound)}`;
  return inclusive === false ? `须小于 ${show(bound)}` : `不能大于 ${show(bound)}`;
}

/** The fields an object schema accepts, to name them when a request sends one it does not. */
function allowedFields(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/** zod `customError`: one message per issue code; never undefined, so zod's locale text never shows. */
export function plainChinese(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '缺少此项（必填）';
      if (issue.input === null) return '不能为 null';
      if (issue.expected === 'number' && typeof issue.input === 'number') return '须为有效的数字';
      return TYPE_TEXT[issue.expected] ?? '类型不正确';
    case 'too_small':
      return sizeText(issue.origin, issue.minimum, issue.inclusive, 'min');
    case 'too_big':
      return sizeText(issue.origin, issue.maximum, issue.inclusive, 'max');
    case 'invalid_format':
      return FORMAT_TEXT[issue.format] ?? '格式不正确';
    case 'not_multiple_of':
      return `须为 ${show(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys': {
      const allowed = allowedFields(issue.inst);
      const unknown = `不接受的字段：${issue.keys.join('、')}`;
      return allowed.length ? `${unknown}；可用的字段：${allowed.join('、')}` : `${unknown}；此处不接受任何字段`;
    }
    case 'invalid_union':
      return '格式不正确（不符合任何一种允许的写法）';
    case 'invalid_key':
      return '键的格式不正确';
    case 'invalid_element':
      return '其中有元素格式不正确';
    case 'invalid_value':
      return issue.values.length === 1 ? `须为 ${show(issue.values[0])}` : `须为以下之一：${issue.values.map(show).join('、')}`;
    case 'custom':
      return issue.message ?? '格式不正确';
    default:
      return '格式不正确';
  }
}
