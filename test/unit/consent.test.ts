// The consent notice registry (shared/domain/consent.ts) — R8: the interrogation-room notice is the
// annex of the 2012 notice word for word, versioned, with the current version resolvable and the
// key promises (no recording equipment used, the meeting is not monitored) in it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONSENT_TEXTS, consentText, CURRENT_CONSENT_VERSION, currentConsentText } from '../../shared/domain/consent';

const NOTICE = path.resolve(__dirname, '..', '..', '..', 'shared', 'notice-2012-shanghai-lawyer-meetings.txt');

describe('consent text registry (R8)', () => {
  it('resolves the current version for interrogation rooms', () => {
    expect(CURRENT_CONSENT_VERSION).toBe('sh-2012-annex/v1');
    const current = currentConsentText('interrogation-room');
    expect(current.version).toBe(CURRENT_CONSENT_VERSION);
    expect(current.kind).toBe('interrogation-room');
    expect(consentText(CURRENT_CONSENT_VERSION)).toBe(current);
  });

  it('carries the annex title and its two promises', () => {
    const { text } = currentConsentText();
    expect(text.startsWith('关于律师使用看守所提讯（审）室进行会见告知书')).toBe(true);
    expect(text).toContain('律师不得开启、使用提讯（审）室内的同步录音录像、电脑、打印机等设备');
    expect(text).toContain('“律师会见被监管人员，不被监听”');
    expect(text).toContain('被告知人签名');
  });

  it('keeps every version, each named once, so a stored consent always finds its text', () => {
    const versions = CONSENT_TEXTS.map((t) => t.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions).toContain(CURRENT_CONSENT_VERSION);
    for (const t of CONSENT_TEXTS) expect(t.text.trim().length).toBeGreaterThan(50);
    expect(consentText('sh-2012-annex/v0')).toBeUndefined();
  });

  // The source notice lives beside the repository (../shared); where it is present the registry must match it.
  (existsSync(NOTICE) ? it : it.skip)('is the annex of the source notice, verbatim', () => {
    const notice = readFileSync(NOTICE, 'utf8');
    const annex = notice.slice(notice.indexOf('附件：\n') + '附件：\n'.length).trim();
    expect(consentText('sh-2012-annex/v1')!.text).toBe(annex);
  });
});
