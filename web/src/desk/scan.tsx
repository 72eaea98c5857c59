// Check-in by QR code at the front desk (issue 20 item 2): the device camera reads the QR code on
// the lawyer's phone — with the browser's own BarcodeDetector where it has one, else the jsQR
// decoder (loaded only then) on frames drawn to a canvas — and the booking is checked in
// (POST /centers/{c}/check-ins). When the camera fails, the lawyer reads out the short code and the
// desk types it. Each answer stands beside its control: who was checked in, late or not.
import { useEffect, useRef, useState } from 'preact/hooks';
import { unwrap, type Api } from '../api/client';
import type { ResponseOf } from '../api/types';
import { apiForCenter } from '../core/centers';
import { sessionName, timeOf } from '../ui/format';
import { Answer, useAnswer, type Answered } from '../ui/answer';
import { useCenterId } from './center';
import { DeskPage } from './layout';
import { PARTY } from './queue';
import './scan.css';

type Scanned = ResponseOf<'/centers/{centerId}/check-ins', 'post'>;

/** The part of the Shape Detection API used here (not yet in TypeScript's DOM library). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** A function that finds the QR code's text in the current video frame, or null. */
type Reader = (video: HTMLVideoElement) => Promise<string | null>;

async function qrReader(): Promise<{ read: Reader; engine: string }> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector && (await Detector.getSupportedFormats().catch((): string[] => [])).includes('qr_code')) {
    const detector = new Detector({ formats: ['qr_code'] });
    return { engine: '浏览器内置识别', read: async (video) => (await detector.detect(video))[0]?.rawValue ?? null };
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  return {
    engine: 'jsQR 识别',
    read: async (video) => {
      if (!video.videoWidth) return null;
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
    },
  };
}

/** What the desk reads after a check-in: the number, the people to check against their papers, late or not. */
function scannedText(r: Scanned): string {
  const b = r.booking;
  const people = b.lawyers.map((l) => `${l.name}（${PARTY[l.role] ?? l.role}，证号 ${l.licenseNo}）`).join('、');
  const head = r.repeated
    ? `排队号 ${b.queueNumber}（${sessionName(b.start)}场）此前已于 ${r.arrivedAt ? timeOf(r.arrivedAt) : '—'} 签到，本次未作更改。`
    : `排队号 ${b.queueNumber}（${sessionName(b.start)}场）已签到${r.late ? '：迟到，已记违约一次' : ''}。`;
  return `${head}在押人员：${b.detaineeName || '（姓名未登记）'}；会见人员：${people}。`;
}

const SAME_CODE_QUIET_MS = 10_000;

function CameraScanner({ api, centerId, answer }: { api: Api; centerId: string; answer: Answered }) {
  const video = useRef<HTMLVideoElement>(null);
  const [running, setRunning] = useState(false);
  const [engine, setEngine] = useState('');
  const [cameraError, setCameraError] = useState<string>();
  const stream = useRef<MediaStream | undefined>(undefined);
  const last = useRef<{ text: string; at: number } | undefined>(undefined);

  const stop = () => {
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = undefined;
    setRunning(false);
  };
  useEffect(() => stop, []);

  useEffect(() => {
    if (!running) return;
    let live = true;
    void (async () => {
      const { read, engine } = await qrReader();
      setEngine(engine);
      while (live) {
        const el = video.current;
        const text = el && el.readyState >= 2 ? await read(el).catch(() => null) : null;
        const seen = last.current;
        if (live && text && !(seen?.text === text && Date.now() - seen.at < SAME_CODE_QUIET_MS)) {
          last.current = { text, at: Date.now() };
          await answer.run(() => unwrap(api.POST('/centers/{centerId}/check-ins', { params: { path: { centerId } }, body: { token: text } })), scannedText);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    return () => {
      live = false;
    };
  }, [running, api, centerId]);

  const start = async () => {
    setCameraError(undefined);
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      stream.current = media;
      if (video.current) {
        video.current.srcObject = media;
        await video.current.play();
      }
      setRunning(true);
    } catch (e) {
      setCameraError(`无法打开摄像头（${e instanceof Error ? e.message : String(e)}）。请允许本网站使用摄像头，或改用下方的签到短码。`);
    }
  };

  return (
    <section aria-labelledby="camera-heading">
      <h2 id="camera-heading">扫描签到二维码</h2>
      <video ref={video} class="scan-video" muted playsInline aria-label="摄像头画面" />
      <div class="actions">
        {running ? (
          <button type="button" class="secondary" onClick={stop}>
            关闭摄像头
          </button>
        ) : (
          <button type="button" onClick={() => void start()}>
            打开摄像头扫码
          </button>
        )}
      </div>
      <p class="muted" aria-live="polite">
        {running ? `正在识别（${engine || '准备中'}）：请律师将手机上的签到二维码对准摄像头。` : '打开摄像头后，对准律师手机上的签到二维码即可自动签到。'}
      </p>
      {cameraError && (
        <p role="alert" class="alert alert-error">
          {cameraError}
        </p>
      )}
      <Answer answered={answer} />
    </section>
  );
}

function CodeForm({ api, centerId }: { api: Api; centerId: string }) {
  const [code, setCode] = useState('');
  const answer = useAnswer();
  return (
    <section aria-labelledby="code-heading">
      <h2 id="code-heading">输入签到短码</h2>
      <form
        class="scan-code"
        onSubmit={(e) => {
          e.preventDefault();
          void answer
            .run(() => unwrap(api.POST('/centers/{centerId}/check-ins', { params: { path: { centerId } }, body: { code: code.trim() } })), scannedText)
            .then((r) => r && setCode(''));
        }}
      >
        <label>
          签到短码（律师预约页面上的大字，如 AM12-7KQ4MX）
          <input name="code" required autoComplete="off" spellcheck={false} maxLength={40} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={answer.busy}>
          签到
        </button>
      </form>
      <Answer answered={answer} />
    </section>
  );
}

export function ScanPage() {
  const centerId = useCenterId();
  const [api, setApi] = useState<Api>();
  const camera = useAnswer();
  useEffect(() => {
    let live = true;
    void apiForCenter(centerId).then((a) => live && setApi(a));
    return () => {
      live = false;
    };
  }, [centerId]);
  return (
    <DeskPage title="扫码签到">
      <p>律师到窗口后出示预约页面上的签到二维码；签到规则与排队表上的“签到”相同（超过时段开始时间加宽限到达的记迟到违约）。</p>
      {api ? (
        <div class="scan-panel">
          <CameraScanner key={centerId} api={api} centerId={centerId} answer={camera} />
          <CodeForm key={centerId} api={api} centerId={centerId} />
        </div>
      ) : (
        <p aria-busy="true">正在准备…</p>
      )}
    </DeskPage>
  );
}
