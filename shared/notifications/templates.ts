// Message texts (Simplified Chinese) of every notification kind: one SMS text and one e-mail.
// Rendered from the parameters captured with the change, so a message says what was true then.
import { findCenter } from '../config';
import { CONDUCT_RULES } from '../domain/booking';
import type { NotificationKind, StoredNotification } from './outbox';

export interface RenderedMessage {
  sms: string;
  subject: string;
  email: string;
}

const SIGNATURE = '【律师会见预约平台】';
const REASONS: Record<string, string> = { late: '迟到', no_show: '预约后未到所会见（未及时撤销）', late_cancel: '超过截止时间撤销预约' };

/** "12月10日上午 09:00": the session as people say it (never the slot id). */
export function sessionText(p: Record<string, string | number>): string {
  const start = String(p.start ?? '');
  if (start.length >= 16) {
    const [m, d, h] = [Number(start.slice(5, 7)), Number(start.slice(8, 10)), Number(start.slice(11, 13))];
    return `${m}月${d}日${h < 12 ? '上午' : '下午'} ${start.slice(11, 16)}`;
  }
  const date = String(p.date ?? '');
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日` : '';
}

function when(p: Record<string, string | number>): string {
  return `${centerName(p)} ${sessionText(p)}`.trim();
}

/** "2027-08-02 09:00" of an instant. */
const instant = (v: string | number | undefined): string =>
  String(v ?? '')
    .slice(0, 16)
    .replace('T', ' ');

/** The client by name; a message stored before names were captured says "您的委托人", never an id. */
const client = (p: Record<string, string | number>): string => `您的委托人${p.detaineeName ?? ''}`;
/** "在押人员张三" (or just "在押人员" for an old message). */
const detainee = (p: Record<string, string | number>): string => `在押人员${p.detaineeName ?? ''}`;

const TEXTS: Record<NotificationKind, (p: Record<string, string | number>) => string> = {
  'booking-confirmed': (p) => `您已成功预约 ${when(p)} 的律师会见，排队号 ${p.queueNumber}。会见须知：${CONDUCT_RULES.join('')}`,
  'booking-named': (p) =>
    `${p.leadName || '执业律师'}律师预约了 ${when(p)} 的律师会见，并将您列为${p.role === 'intern' ? '实习律师' : '协办律师'}，排队号 ${p.queueNumber}。如不参加，请在平台上退出该预约（不记违约）。会见须知：${CONDUCT_RULES.join('')}`,
  'booking-withdrawn': (p) => `${p.withdrawnName || '列明的人员'}已退出您预约的 ${when(p)} 的会见（${p.role === 'intern' ? '实习律师' : '协办律师'}），预约本身保持不变。`,
  'waitlist-promoted': (p) => `您候补的 ${when(p)} 会见已有空位，系统已为您自动预约，排队号 ${p.queueNumber}。如不需要请及时撤销。会见须知：${CONDUCT_RULES.join('')}`,
  'booking-cancelled': (p) => `您预约的 ${when(p)} 的会见已撤销。${Number(p.lateCancel) ? '因超过免费撤销截止时间，已记违约一次。' : ''}`,
  'booking-rescheduled': (p) =>
    `${Number(p.self) ? '您已将' : `${p.byName || '预约律师'}律师已将`}${client(p)}的律师会见由 ${centerName(p)} ${sessionText({ start: p.fromStart, date: p.fromDate })} 改期至 ${sessionText(p)}，新的排队号 ${p.queueNumber}。${Number(p.self) ? '' : `您仍列为${p.role === 'intern' ? '实习律师' : '协办律师'}，如不参加请在平台上退出该预约（不记违约）。`}${Number(p.lateCancel) ? '因超过原时段免费撤销截止时间，改期人已记违约一次。' : ''}`,
  'booking-reminder': (p) => `提醒：您预约了明天 ${when(p)} 的律师会见，排队号 ${p.queueNumber}。请按时到所，不能前往请提前撤销，以免记违约。`,
  'violation-recorded': (p) => `您在 ${when(p)} 的预约因“${REASONS[String(p.reason)] ?? p.reason}”被记违约一次。如有异议，可在平台提出申诉。`,
  'lockout-applied': (p) => `因违约累计达到规定次数，您的网上预约功能已被暂停，至 ${instant(p.until)} 自动恢复。`,
  'lockout-lifted': () => '经复核，您的网上预约暂停已解除，可以正常预约会见。',
  'appeal-decided': (p) => (p.decision === 'voided' ? '您提出的违约申诉已获支持，该违约记录已撤销。' : '您提出的违约申诉经复核维持原记录。'),
  'booking-cancelled-by-center': (p) => `因“${p.reason}”，看守所已撤销您预约的 ${when(p)} 的会见，不记违约。请另行预约。`,
  'meeting-request': (p) => `${centerName(p)}转达：${client(p)}要求会见律师。${p.message ? `留言：${p.message}。` : ''}请尽快预约会见。`,
  'meeting-request-reminder': (p) => `再次提醒：${client(p)}于 ${instant(p.requestedAt)} 在${centerName(p)}要求会见律师，目前尚无律师预约，请尽快预约。`,
  'urgent-request-placed': (p) =>
    `您的紧急会见申请已安排：${when(p)}，${p.roomType === 'interrogation' ? `讯问室 ${p.roomNo}（须先在平台签署《使用讯问室会见告知书》）` : `会见室 ${p.roomNo}`}，排队号 ${p.queueNumber}。`,
  'urgent-request-alert': (p) =>
    `${centerName(p)}有一项紧急会见申请（${detainee(p)}${p.lawyerName ? `，${p.lawyerName}律师提出` : ''}）须在 ${instant(p.deadline)} 前安排会见，目前仍未安排，请立即处理。`,
  'suggestion-replied': (p) => `${centerName(p)}已答复您提出的意见建议：${p.reply}`,
  'waitlist-cancelled': (p) => `因“${p.reason}”，看守所已关闭 ${when(p)} 的会见时段，您在该时段的候补已取消，请另行预约。`,
  'interrogation-cancelled': (p) => `因“${p.reason}”，看守所已撤销 ${when(p)} 对${detainee(p)}的提讯预约，请另行安排。`,
  'booking-called': (p) =>
    `${Number(p.callCount) > 1 ? '再次叫号' : '叫号'}：您预约的 ${when(p)} 的会见（排队号 ${p.queueNumber}）已轮到，${p.roomNo ? `请到${p.roomType === 'interrogation' ? '讯问室' : '会见室'} ${p.roomNo}` : '请到接待窗口办理'}。如已离开，请尽快返回窗口，过号需重新叫号。`,
};

function centerName(p: Record<string, string | number>): string {
  return findCenter(String(p.centerId ?? ''))?.name ?? '看守所';
}

const SUBJECTS: Record<NotificationKind, string> = {
  'booking-confirmed': '会见预约成功',
  'booking-named': '您被列明参加律师会见',
  'booking-withdrawn': '会见参加人员退出通知',
  'waitlist-promoted': '候补转为预约',
  'booking-cancelled': '会见预约已撤销',
  'booking-rescheduled': '会见预约已改期',
  'booking-reminder': '明日会见提醒',
  'violation-recorded': '违约记录通知',
  'lockout-applied': '网上预约功能暂停通知',
  'lockout-lifted': '网上预约功能恢复通知',
  'appeal-decided': '违约申诉处理结果',
  'booking-cancelled-by-center': '看守所撤销会见预约通知',
  'meeting-request': '委托人要求会见',
  'meeting-request-reminder': '委托人要求会见（再次提醒）',
  'urgent-request-placed': '紧急会见已安排',
  'urgent-request-alert': '紧急会见申请即将逾期',
  'suggestion-replied': '意见建议答复',
  'interrogation-cancelled': '提讯预约已撤销',
  'waitlist-cancelled': '候补已取消',
  'booking-called': '会见叫号通知',
};

export function render(n: Pick<StoredNotification, 'kind' | 'params'>): RenderedMessage {
  const text = TEXTS[n.kind](n.params ?? {});
  return { sms: `${SIGNATURE}${text}`, subject: `${SIGNATURE}${SUBJECTS[n.kind]}`, email: `${text}\n\n此邮件由系统自动发送，请勿直接回复。` };
}

/** Every kind a message is rendered for (the record above makes the compiler hold it complete). */
export const RENDERED_KINDS = Object.keys(TEXTS) as NotificationKind[];
