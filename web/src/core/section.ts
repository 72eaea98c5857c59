// What a part of the app (a role's pages, the account pages) hands the shell: its pages by path
// pattern and its navigation. Each part is its own lazily loaded chunk.
import type { FunctionComponent } from 'preact';
import type { Role } from './session';

export interface PageDef {
  pattern: string;
  component: FunctionComponent<{ params: Record<string, string>; query: URLSearchParams }>;
}

export interface SectionModule {
  pages: PageDef[];
  /** `roles`: shown only to these roles of the section (e.g. committee members see reports only). */
  nav: { href: string; label: string; roles?: readonly Role[] }[];
  /** A page that stands alone (the waiting hall's queue screen): no header, navigation or frame. */
  bare?: boolean;
}
