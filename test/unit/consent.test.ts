// The consent notice registry (shared/domain/consent.ts) — R8: the interrogation-room notice is the
// annex of the 2012 notice word for word, versioned, with the current version resolvable and the
// key promises (no recording equipment used, the meeting is not monitored) in it.
import { createHash } from 'node:crypto';
import { CONSENT_TEXTS, consentText, CURRENT_CONSENT_VERSION, currentConsentText } from '../../shared/domain/consent';

/**
 * SHA-256 of the annex of the 2012 notice (the text after “附件：”, trimmed), taken from the source
 * notice once: the repository does not carry the notice, so the test pins its annex by hash.
 */
const ANNEX_SHA256 = 'c16d0da3a2c74a6290e2aecbecad0e3611ace4af759128711606507b1e93bd13';

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

  it('is the annex of the source notice, verbatim', () => {
    expect(createHash('sha256').update(consentText('sh-2012-annex/v1')!.text).digest('hex')).toBe(ANNEX_SHA256);
  });
});
