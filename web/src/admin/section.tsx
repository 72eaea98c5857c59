// Administration (admins: accounts, registry, reports, audit, notifications; committee members:
// their district's reports), laid out for a wide screen.
import { useState } from 'preact/hooks';
import type { SectionModule } from '../core/section';
import { loadCenters } from '../core/centers';
import { AuditTable } from '../desk/audit';
import { useLoad } from '../ui/hooks';
import { Loaded, Page } from '../ui/parts';
import { NotificationsPage } from './notifications';
import { RegistryPage } from './registry';
import { ReportsPage } from './reports';
import { UsersPage } from './users';

function AdminAuditPage() {
  const centers = useLoad(loadCenters, []);
  const [centerId, setCenterId] = useState('');
  return (
    <Page title="操作审计" wide>
      <Loaded state={centers} what="看守所">
        {(list) => {
          const chosen = centerId || list[0]?.centerId || '';
          return (
            <>
              <label class="narrow">
                看守所
                <select name="center" value={chosen} onChange={(e) => setCenterId(e.currentTarget.value)}>
                  {list.map((c) => (
                    <option key={c.centerId} value={c.centerId}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              {chosen && <AuditTable centerId={chosen} />}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

export const pages: SectionModule['pages'] = [
  { pattern: '/manage/users', component: UsersPage },
  { pattern: '/manage/registry', component: RegistryPage },
  { pattern: '/manage/reports', component: ReportsPage },
  { pattern: '/manage/audit', component: AdminAuditPage },
  { pattern: '/manage/notifications', component: NotificationsPage },
];

export const nav: SectionModule['nav'] = [
  { href: '/manage/users', label: '账号管理', roles: ['admin'] },
  { href: '/manage/registry', label: '律师登记信息', roles: ['admin'] },
  { href: '/manage/reports', label: '统计报表' },
  { href: '/manage/audit', label: '操作审计', roles: ['admin'] },
  { href: '/manage/notifications', label: '通知投递', roles: ['admin'] },
];
