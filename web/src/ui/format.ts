// How dates, times and states read in Chinese. The API gives Shanghai times with their +08:00
// offset, so dates and times are read off the string itself: a browser in another time zone still
// shows the center's local time.
export const dateOf = (iso: string): string => iso.slice(0, 10);
export const timeOf = (iso: string): string => iso.slice(11, 16);

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** 2026-12-02 → 12月2日（周三） */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${m}月${d}日（周${WEEKDAYS[weekday]}）`;
}

export const dateTime = (iso: string | null | undefined): string => (iso ? `${dateOf(iso)} ${timeOf(iso)}` : '—');

/** The session's half of the day from its start time. */
export const sessionName = (startIso: string): string => (Number(startIso.slice(11, 13)) < 12 ? '上午' : '下午');

export const BOOKING_STATUS: Record<string, string> = {
  booked: '已预约',
  cancelled: '已撤销',
  cancelled_by_center: '看守所已撤销',
  checked_in: '已签到',
  completed: '会见结束',
  no_show: '未到场',
  withdrawn: '已退出',
};

export const VIOLATION_REASON: Record<string, string> = { late: '迟到', no_show: '预约未到且未撤销', late_cancel: '超过免费撤销时间撤销' };
export const VIOLATION_STATUS: Record<string, string> = { counted: '已计入', appealed: '申诉中', voided: '已撤销' };
export const BINDING_STATUS: Record<string, string> = { active: '有效', revoked: '已撤销', ended: '已结束' };
export const ROLE_NAME: Record<string, string> = {
  lawyer: '执业律师',
  intern: '实习律师',
  staff: '看守所民警',
  investigator: '承办单位',
  committee: '区律工委',
  admin: '管理员',
};
/** How a person is named on a booking (the contract's lead / co-counsel / intern). */
export const BOOKING_ROLE: Record<string, string> = { lead: '主办律师', 'co-counsel': '协办律师', intern: '实习律师' };

/** "12月10日 上午" of a session's start. */
export const sessionLabel = (startIso: string): string => `${Number(startIso.slice(5, 7))}月${Number(startIso.slice(8, 10))}日 ${sessionName(startIso)}`;

export const ROOM_TYPE: Record<string, string> = { meeting: '会见室', interrogation: '讯问室' };
export const SLOT_REASON: Record<string, string> = { started: '已开始', closed: '已停止会见', outside_window: '不在可预约期内', full: '已约满' };

export const percent = (share: number | null | undefined): string => (share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`);

/** Today's date in Shanghai (YYYY-MM-DD), whatever the browser's time zone. */
export function shanghaiToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
