// The front desk (staff of a center), laid out for a wide screen.
import type { SectionModule } from '../core/section';
import { AuditPage } from './audit';
import { BindingsPage } from './bindings';
import { ClosuresPage } from './closures';
import { DetaineePage, DetaineesPage } from './detainees';
import { QueuePage } from './queue';
import { AppealsPage, SuggestionsPage, UrgentRequestsPage } from './requests';
import { ScanPage } from './scan';

export const pages: SectionModule['pages'] = [
  { pattern: '/desk', component: QueuePage },
  { pattern: '/desk/check-in', component: ScanPage },
  { pattern: '/desk/detainees', component: DetaineesPage },
  { pattern: '/desk/detainees/:detaineeId', component: DetaineePage },
  { pattern: '/desk/bindings', component: BindingsPage },
  { pattern: '/desk/closures', component: ClosuresPage },
  { pattern: '/desk/urgent', component: UrgentRequestsPage },
  { pattern: '/desk/suggestions', component: SuggestionsPage },
  { pattern: '/desk/appeals', component: AppealsPage },
  { pattern: '/desk/audit', component: AuditPage },
];

export const nav: SectionModule['nav'] = [
  { href: '/desk', label: '当日排队' },
  { href: '/desk/check-in', label: '扫码签到' },
  { href: '/desk/detainees', label: '在押人员' },
  { href: '/desk/bindings', label: '委托绑定' },
  { href: '/desk/closures', label: '停止会见' },
  { href: '/desk/urgent', label: '紧急会见' },
  { href: '/desk/suggestions', label: '意见建议' },
  { href: '/desk/appeals', label: '违约申诉' },
  { href: '/desk/audit', label: '操作审计' },
];
