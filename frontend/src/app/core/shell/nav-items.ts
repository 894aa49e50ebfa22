import { APP_LINKS, type AppLink } from '../../app.paths';

export interface NavItem {
  readonly label: string;
  readonly link: AppLink;
  /** Material Symbols name. */
  readonly icon: string;
  /** A count the item shows beside its label: the Inbox's unread conversations. */
  readonly badge?: 'unread';
}

/** The side navigation, in display order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Dashboard', link: APP_LINKS.dashboard, icon: 'dashboard' },
  { label: 'Accounts', link: APP_LINKS.accounts, icon: 'contact_phone' },
  { label: 'Messages', link: APP_LINKS.messages, icon: 'chat' },
  { label: 'Inbox', link: APP_LINKS.inbox, icon: 'inbox', badge: 'unread' },
  { label: 'Contacts', link: APP_LINKS.contacts, icon: 'contacts' },
  { label: 'Campaigns', link: APP_LINKS.campaigns, icon: 'campaign' },
  { label: 'Templates', link: APP_LINKS.templates, icon: 'description' },
];
