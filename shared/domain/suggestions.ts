// A lawyer's suggestion to a center's register (R10) and the center's reply: the record as stored.
// The use cases are in shared/use-cases/suggestions.ts.

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
