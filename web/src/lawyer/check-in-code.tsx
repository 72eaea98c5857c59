// The booking's check-in QR code (issue 20 item 2) on the lawyer's phone: the signed token as a QR
// code for the front desk's camera, and the short code in large type for when the camera fails.
// The token holds no personal data (GET /bookings/{id}/check-in-token); it is drawn here, in the
// browser, by the `qrcode` library, so it never passes through another service.
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'preact/hooks';
import { unwrap, type Api } from '../api/client';
import type { R2Booking } from '../api/lookups';
import type { ResponseOf } from '../api/types';
import { timeOf } from '../ui/format';
import { useLoad } from '../ui/hooks';
import { ErrorAlert } from '../ui/parts';
import './check-in-code.css';

type CheckInToken = ResponseOf<'/bookings/{bookingId}/check-in-token', 'get'>;

/** What the validity window means now, in the lawyer's words. */
function validityText(t: CheckInToken, now: number): string {
  if (t.status === 'checked_in') return '您已签到。';
  if (now < Date.parse(t.validFrom)) return `会见当日 ${timeOf(t.validFrom)} 起可扫码签到（时段开始前 1 小时），截至 ${timeOf(t.validUntil)}。`;
  if (now > Date.parse(t.validUntil)) return `已过最后入所时间 ${timeOf(t.validUntil)}，签到码已失效。`;
  return `请在窗口出示此二维码签到，${timeOf(t.validUntil)} 前有效。`;
}

function QrCanvas({ token }: { token: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<unknown>();
  useEffect(() => {
    if (!canvas.current) return;
    // Quartile error correction and a wide quiet zone: read from a phone screen across the counter.
    QRCode.toCanvas(canvas.current, token, { errorCorrectionLevel: 'Q', margin: 4, width: 260, color: { dark: '#000000', light: '#ffffff' } }).catch(setFailed);
  }, [token]);
  return (
    <>
      <canvas ref={canvas} class="checkin-qr" role="img" aria-label="签到二维码" />
      <ErrorAlert error={failed} />
    </>
  );
}

export function CheckInCode({ api, booking }: { api: Api; booking: R2Booking }) {
  const state = useLoad(() => unwrap(api.GET('/bookings/{bookingId}/check-in-token', { params: { path: { bookingId: booking.bookingId } } })), [booking.bookingId, booking.status]);
  const t = state.data;
  return (
    <section aria-labelledby="checkin-heading" class="checkin-code">
      <h2 id="checkin-heading">到所签到</h2>
      {t ? (
        <>
          {t.status === 'booked' && <QrCanvas token={t.token} />}
          <p class="checkin-short">
            <span>签到短码</span>
            <strong class="checkin-code-text">{t.code}</strong>
          </p>
          <p>{validityText(t, Date.now())}</p>
          <p class="muted">扫码不便时，请向窗口民警报出签到短码。二维码只含预约编号和校验信息，不含个人信息。</p>
        </>
      ) : (
        state.error === undefined && <p aria-busy="true">正在生成签到码…</p>
      )}
      <ErrorAlert error={state.error} />
    </section>
  );
}
