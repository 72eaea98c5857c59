// A lawyer's suggestion to a center's register (R10) and the center's reply: the record as stored,
// the reply deadline, the overdue rule and the register's view. The use cases are in
// shared/use-cases/suggestions.ts, the reads and writes in shared/adapters/suggestion-repository.ts.

export interface Suggestion {
  suggestionId: string;
  centerId: string;
  lawyerId: string;
  text: string;
  status: 'open' | 'replied';
  createdAt: string;
  replyDueBy: string;
  reply?: string;
  repliedAt?: string;
  repliedBy?: string;
}

const DAY_MS = 24 * 3600 * 1000;
/** The reply travels by SMS: a long answer is cut there (the register keeps it whole). */
export const SMS_REPLY_CHARS = 60;

/** When the center must have replied: the configured number of days after filing (R10). */
export const replyDueByOf = (filedAt: Date, replyDays: number): Date => new Date(filedAt.getTime() + replyDays * DAY_MS);

export type SuggestionView = Omit<Suggestion, 'reply' | 'repliedAt' | 'repliedBy'> & {
  overdue: boolean;
  reply: string | null;
  repliedAt: string | null;
  repliedBy: string | null;
};

/**
 * Overdue (R10): the center missed the reply deadline — the suggestion is still open after
 * `replyDueBy`, or its reply came after `replyDueBy`. A late reply stays flagged, so the register
 * (and the reports) keep the record of the missed deadline. Instants compare as times, not strings.
 */
export function isOverdue(s: Pick<Suggestion, 'status' | 'replyDueBy' | 'repliedAt'>, now: Date): boolean {
  const due = Date.parse(s.replyDueBy);
  if (s.status === 'open') return now.getTime() > due;
  return s.repliedAt !== undefined && Date.parse(s.repliedAt) > due;
}

export const suggestionView = (s: Suggestion, now: Date): SuggestionView => ({
  suggestionId: s.suggestionId,
  centerId: s.centerId,
  lawyerId: s.lawyerId,
  text: s.text,
  status: s.status,
  createdAt: s.createdAt,
  replyDueBy: s.replyDueBy,
  overdue: isOverdue(s, now),
  reply: s.reply ?? null,
  repliedAt: s.repliedAt ?? null,
  repliedBy: s.repliedBy ?? null,
});

/** The SMS form of a reply: at most SMS_REPLY_CHARS characters, an ellipsis when cut. */
export function smsReply(reply: string): string {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points on purpose: the SMS limit counts characters, not UTF-16 units
  const chars = [...reply];
  return chars.length <= SMS_REPLY_CHARS ? reply : `${chars.slice(0, SMS_REPLY_CHARS - 1).join('')}…`;
}
