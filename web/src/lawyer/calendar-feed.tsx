// The lawyer's calendar subscription (issue 20 item 4): create, copy, replace or revoke a private
// iCalendar URL. The server keeps only the token's hash, so the URL is shown once, right after it
// is made; later visits can only say that one exists.
import { useState } from 'preact/hooks';
import { cityApi, unwrap } from '../api/client';
import { config } from '../core/config';
import { dateTime } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { ErrorAlert, Loaded, Page, Success } from '../ui/parts';

/** The feed is served by every district API; the first is the one the city-wide routes use. */
const feedUrl = (path: string) => new URL(path, config().districts[0].apiUrl || window.location.origin).toString();

export function CalendarFeedPage() {
  const status = useLoad(() => unwrap(cityApi().GET('/me/calendar-feed')), []);
  const [url, setUrl] = useState<string>();
  const [note, setNote] = useState<string>();
  const action = useAction();
  const create = () =>
    action.run(async () => {
      const made = await unwrap(cityApi().POST('/me/calendar-feed'));
      setUrl(feedUrl(made.path));
      setNote(undefined);
      status.reload();
    });
  const revoke = () =>
    action.run(async () => {
      await unwrap(cityApi().DELETE('/me/calendar-feed'));
      setUrl(undefined);
      setNote('已撤销：原订阅地址已失效，日历应用将不再更新。');
      status.reload();
    });
  const copy = () =>
    action.run(async () => {
      if (!url) return;
      await navigator.clipboard.writeText(url);
      setNote('已复制订阅地址。');
    });
  return (
    <Page title="日历订阅">
      <p>把您的会见安排订阅到手机或电脑的日历（Apple 日历、Google 日历、Thunderbird 等）。地址是私密的：持有地址的人都能看到您的会见时间与地点，请勿转发。</p>
      <Loaded state={status} what="订阅状态">
        {(s) => (
          <section class="narrow">
            {url ? (
              <>
                <label>
                  订阅地址（只显示这一次）
                  <input type="text" readOnly value={url} onFocus={(e) => (e.target as HTMLInputElement).select()} />
                </label>
                <button type="button" onClick={() => void copy()} disabled={action.busy}>
                  复制地址
                </button>
              </>
            ) : (
              <p>{s.exists ? `已于 ${dateTime(s.createdAt)} 开通订阅。地址只在生成时显示；如已遗失，请重新生成（旧地址随即失效）。` : '尚未开通日历订阅。'}</p>
            )}
            <div role="group">
              <button type="button" onClick={() => void create()} disabled={action.busy}>
                {s.exists ? '重新生成订阅地址' : '生成订阅地址'}
              </button>
              {s.exists && (
                <button type="button" class="secondary" onClick={() => void revoke()} disabled={action.busy}>
                  撤销订阅
                </button>
              )}
            </div>
            <ErrorAlert error={action.error} />
            {note && <Success>{note}</Success>}
          </section>
        )}
      </Loaded>
    </Page>
  );
}
