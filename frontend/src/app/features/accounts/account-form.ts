import { Validators } from '@angular/forms';
import {
  ACCESS_TOKEN_MAX_LENGTH,
  APP_SECRET_MAX_LENGTH,
  GRAPH_ID_PATTERN,
  NAME_MAX_LENGTH,
  SECRET_PATTERN,
} from '@convis/contracts';
import { formatValidator, requiredValidator } from '../../shared/forms/validators';

/** Validators of each account field: the backend's rules, from @convis/contracts. */
export const ACCOUNT_VALIDATORS = {
  label: [requiredValidator, Validators.maxLength(NAME_MAX_LENGTH)],
  phone_number_id: [
    requiredValidator,
    formatValidator(GRAPH_ID_PATTERN, 'Enter the numeric Phone number ID (digits only).'),
  ],
  waba_id: [
    requiredValidator,
    formatValidator(
      GRAPH_ID_PATTERN,
      'Enter the numeric WhatsApp Business Account ID (digits only).',
    ),
  ],
  access_token: [
    Validators.maxLength(ACCESS_TOKEN_MAX_LENGTH),
    formatValidator(SECRET_PATTERN, 'An access token has no spaces.'),
  ],
  app_secret: [
    Validators.maxLength(APP_SECRET_MAX_LENGTH),
    formatValidator(SECRET_PATTERN, 'An app secret has no spaces.'),
  ],
  app_id: [formatValidator(GRAPH_ID_PATTERN, 'Enter the numeric Meta app id (digits only).')],
};

/** Where each value is found in Meta's tools, shown under the fields. */
export const META_HELP = {
  label: 'A name for this number in Convis, like "Support line".',
  phone_number_id: 'In WhatsApp Manager > API Setup, under the phone number: "Phone number ID".',
  waba_id: 'In WhatsApp Manager > API Setup: "WhatsApp Business Account ID".',
  access_token:
    'Use a permanent token: Business Settings > System users > Generate new token, with the whatsapp_business_messaging and whatsapp_business_management permissions.',
  app_secret:
    'Optional. App Dashboard > App settings > Basic > App secret. Used to check the signatures of incoming webhooks.',
  app_id:
    'Optional. App Dashboard > App settings > Basic > App ID. Needed to create templates with an image, video or document header.',
} as const;
