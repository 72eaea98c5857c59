// The waiting hall's screen (issue 20): public, no sign-in, a page of its own (no header, no
// navigation: the shell renders a `bare` section's page alone) at /display/{centerId}. Its own
// chunk: a hall screen loads nothing else.
import type { SectionModule } from '../core/section';
import './display.css';
import { DisplayPage } from './page';

export const pages: SectionModule['pages'] = [{ pattern: '/display/:centerId', component: DisplayPage }];
export const nav: SectionModule['nav'] = [];
export const bare = true;
