// The lawyer's and intern's part of the app (phone-sized screens first).
import type { SectionModule } from '../core/section';
import { BookPage } from './book';
import { BookingPage } from './booking';
import { CalendarFeedPage } from './calendar-feed';
import { LawyerHome } from './home';
import { SettingsPage, SuggestionPage, UrgentPage, ViolationsPage, WaitlistPage } from './more';

export const pages: SectionModule['pages'] = [
  { pattern: '/lawyer', component: LawyerHome },
  { pattern: '/lawyer/book/:centerId/:detaineeId', component: BookPage },
  { pattern: '/lawyer/bookings/:centerId/:bookingId', component: BookingPage },
  { pattern: '/lawyer/violations', component: ViolationsPage },
  { pattern: '/lawyer/waitlist', component: WaitlistPage },
  { pattern: '/lawyer/urgent', component: UrgentPage },
  { pattern: '/lawyer/suggestions', component: SuggestionPage },
  { pattern: '/lawyer/settings', component: SettingsPage },
  { pattern: '/lawyer/calendar', component: CalendarFeedPage },
];

export const nav: SectionModule['nav'] = [
  { href: '/lawyer', label: '委托与预约' },
  { href: '/lawyer/violations', label: '违约记录' },
  { href: '/lawyer/waitlist', label: '候补' },
  { href: '/lawyer/urgent', label: '紧急会见' },
  { href: '/lawyer/suggestions', label: '意见建议' },
  { href: '/lawyer/settings', label: '通知设置' },
  { href: '/lawyer/calendar', label: '日历订阅' },
];
