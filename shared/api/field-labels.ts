// What a request field is called in plain Chinese, so a validation answer reads "密码至少 8 位，须含数字"
// rather than "body.password（…）" (issue 18). The contract's `issues` keep their `field` paths for
// programs; the message people read, on the server and in the web client, uses these words once.
// Pure: no AWS, no DOM (the web client imports it too).

export const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  newPassword: '新密码',
  name: '姓名',
  phone: '手机号',
  email: '电子邮箱',
  licenseNo: '执业证号',
  lawFirm: '律师事务所',
  role: '身份',
  code: '验证码',
  centerId: '看守所',
  detaineeId: '在押人员',
  slotId: '时段',
  slotIds: '时段',
  coCounselLawyerIds: '协办律师',
  internLawyerIds: '实习律师',
  coCounselLicenseNos: '协办律师证号',
  internLicenseNos: '实习律师证号',
  reason: '理由',
  text: '内容',
  message: '留言',
  reply: '答复',
  from: '开始时间',
  to: '结束时间',
  date: '日期',
  sex: '性别',
  notifyBy: '通知方式',
  roomNo: '房间号',
  roomType: '房间类型',
  arrivedAt: '到所时间',
  verification: '核验方式',
  status: '状态',
  q: '搜索内容',
  limit: '每页条数',
  cursor: '翻页位置',
  entries: '登记条目',
  caseUnit: '办案单位',
  kind: '类型',
  decision: '处理结果',
  district: '区',
  centerIds: '看守所',
};

/** "密码至少 8 位" for { field: 'body.password', message: '密码至少 8 位' }: the label once, never the path. */
export function issueText(issue: { field?: string; message: string }): string {
  const parts = (issue.field ?? '').split('.').slice(1);
  const named = [...parts].reverse().find((p) => !/^\d+$/.test(p));
  const label = named ? FIELD_LABELS[named] : undefined;
  const index = parts.find((p) => /^\d+$/.test(p));
  const where = index !== undefined && parts.length > 1 ? `第 ${Number(index) + 1} 项` : '';
  if (!label || issue.message.startsWith(label)) return `${where}${issue.message}`;
  if (issue.message === '缺少此项（必填）') return `${where}请填写${label}`;
  return `${where}${label}${/^[须不至最其格类键]/.test(issue.message) ? '' : '：'}${issue.message}`;
}

/** The one sentence of a VALIDATION_FAILED: each problem once, in the order found. */
export function validationSentence(issues: readonly { field?: string; message: string }[]): string {
  const texts = [...new Set(issues.map(issueText))];
  return `请求参数有误：${texts.join('；')}`;
}
