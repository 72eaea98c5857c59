// The consent notice a lawyer signs before meeting a client in an interrogation room (R8): the
// annex of the 2012 joint notice (三.2 and 附件), copied verbatim. Texts are versioned and never
// edited in place: a stored consent names the version it was signed under, so a new wording is a
// new entry and the old ones stay readable. Pure data; no AWS, no clock.

export type ConsentKind = 'interrogation-room';

export interface ConsentText {
  version: string;
  kind: ConsentKind;
  /** Where the wording comes from. */
  source: string;
  text: string;
}

/**
 * 附件《关于律师使用看守所提讯（审）室进行会见告知书》, line for line as published (including its
 * full stop after 设备 and the blank signature and date lines of the paper form).
 */
const SH_2012_ANNEX_V1 = [
  '关于律师使用看守所提讯（审）室进行会见告知书',
  '',
  '为减少会见等候时间，您提出借用看守所提讯（审）室会见委托人的请求，现予以同意。为了维护您的诉讼权益，本看守所特向你告知：',
  '',
  '在使用提讯（审）室会见时，律师不得开启、使用提讯（审）室内的同步录音录像、电脑、打印机等设备.',
  '',
  '看守所将严格执行“律师会见被监管人员，不被监听”的法律规定。',
  '告知单位印章                     被告知人签名：',
  '',
  '年   月   日                      年   月   日',
].join('\n');

/** Every wording ever offered for signature, oldest first. Append only. */
export const CONSENT_TEXTS: readonly ConsentText[] = [
  {
    version: 'sh-2012-annex/v1',
    kind: 'interrogation-room',
    source: '上海市公安局监所管理总队、上海市律师协会 2012年12月28日通知 附件',
    text: SH_2012_ANNEX_V1,
  },
];

/** The wording new consents are signed under. */
export const CURRENT_CONSENT_VERSION = 'sh-2012-annex/v1';

export function consentText(version: string): ConsentText | undefined {
  return CONSENT_TEXTS.find((t) => t.version === version);
}

export function currentConsentText(kind: ConsentKind = 'interrogation-room'): ConsentText {
  const text = consentText(CURRENT_CONSENT_VERSION);
  if (!text || text.kind !== kind) throw new Error(`no current consent text for ${kind}`);
  return text;
}
