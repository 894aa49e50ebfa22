import type { ConsentEventDto } from '../../core/api/models/consent-event-dto';
import type { ContactDto } from '../../core/api/models/contact-dto';

export type ConsentState = ContactDto['consent_state'];
export type ConsentSource = ConsentEventDto['source'];

export interface ConsentView {
  readonly label: string;
  readonly icon: string;
  /** What it means for sending. */
  readonly detail: string;
}

export function consentView(state: ConsentState): ConsentView {
  switch (state) {
    case 'opted_in':
      return {
        label: 'Opted in',
        icon: 'check_circle',
        detail: 'Agreed to marketing messages.',
      };
    case 'opted_out':
      return {
        label: 'Opted out',
        icon: 'block',
        detail:
          'Gets no marketing templates. Utility and authentication templates and replies still go.',
      };
    case 'unknown':
      return {
        label: 'Not recorded',
        icon: 'help',
        detail: 'No opt-in or opt-out recorded yet.',
      };
  }
}

export function consentSourceLabel(source: ConsentSource): string {
  switch (source) {
    case 'meta_preferences':
      return 'WhatsApp "Stop promotions" setting';
    case 'keyword':
      return 'Keyword in a message';
    case 'agent':
      return 'Agent in the console';
    case 'meta_131050':
      return 'WhatsApp refused a marketing message (131050)';
    case 'api':
      return 'API';
    case 'import':
      return 'CSV import';
  }
}

/** The name the console shows: the business's, else WhatsApp's, else the number. */
export function displayName(
  contact: Pick<ContactDto, 'name' | 'profile_name' | 'phone_number' | 'user_id'>,
): string {
  return (
    contact.name?.trim() ||
    contact.profile_name?.trim() ||
    contact.phone_number ||
    contact.user_id ||
    'Unknown contact'
  );
}
