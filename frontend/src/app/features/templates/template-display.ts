import {
  renderTemplate,
  templateExampleParameters,
  type TemplateComponentSpec,
  type TemplateParameters,
} from '@convis/contracts';
import type {
  BubbleAttachmentKind,
  BubbleButton,
  WhatsAppBubble,
} from '../../shared/whatsapp-preview/whatsapp-message';

/** How a template status shows: a label, an icon and what it means for the user. */
export interface TemplateStatusView {
  readonly label: string;
  readonly icon: string;
  /** A CSS class for the chip's colour. */
  readonly tone: 'good' | 'pending' | 'bad' | 'warn' | 'muted';
  readonly description: string;
}

const STATUS_VIEWS: Readonly<Record<string, TemplateStatusView>> = {
  APPROVED: {
    label: 'Approved',
    icon: 'check_circle',
    tone: 'good',
    description: 'Meta approved it: it can be sent.',
  },
  PENDING: {
    label: 'In review',
    icon: 'schedule',
    tone: 'pending',
    description: 'Meta is reviewing it; this usually takes minutes, at most 24 hours.',
  },
  REJECTED: {
    label: 'Rejected',
    icon: 'cancel',
    tone: 'bad',
    description: 'Meta rejected it: edit it and submit again, or appeal in WhatsApp Manager.',
  },
  PAUSED: {
    label: 'Paused',
    icon: 'pause_circle',
    tone: 'warn',
    description: 'Meta paused it for low quality; it cannot be sent for a while.',
  },
  DISABLED: {
    label: 'Disabled',
    icon: 'block',
    tone: 'bad',
    description: 'Meta disabled it for repeated low quality; it cannot be sent.',
  },
  ARCHIVED: {
    label: 'Archived',
    icon: 'inventory_2',
    tone: 'muted',
    description: 'Archived in WhatsApp Manager; it cannot be sent until unarchived.',
  },
  IN_APPEAL: {
    label: 'In appeal',
    icon: 'gavel',
    tone: 'pending',
    description: 'An appeal of the rejection is under review.',
  },
};

export function templateStatusView(status: string): TemplateStatusView {
  return (
    STATUS_VIEWS[status] ?? {
      label: status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' '),
      icon: 'help',
      tone: 'muted',
      description: `Meta reports the status ${status}.`,
    }
  );
}

const QUALITY_LABELS: Readonly<Record<string, string>> = {
  GREEN: 'High quality',
  YELLOW: 'Medium quality',
  RED: 'Low quality',
};

/** Meta's quality score in words. */
export function qualityLabel(rating: string | null): string {
  return (rating && QUALITY_LABELS[rating]) || 'Quality pending';
}

const ATTACHMENT: Readonly<Record<string, BubbleAttachmentKind>> = {
  IMAGE: 'image',
  VIDEO: 'video',
  DOCUMENT: 'document',
  LOCATION: 'location',
};

const BUTTON_KINDS: Readonly<Record<string, BubbleButton['kind']>> = {
  QUICK_REPLY: 'reply',
  URL: 'link',
  PHONE_NUMBER: 'call',
  COPY_CODE: 'copy',
};

/**
 * A template as a WhatsApp bubble: its texts with `parameters` filled in (by default the examples
 * Meta reviewed), media headers as placeholders.
 */
export function templateBubble(
  components: readonly TemplateComponentSpec[],
  parameters: TemplateParameters = templateExampleParameters(components),
  mediaLabel?: string | null,
): WhatsAppBubble {
  const rendered = renderTemplate(components, parameters);
  const header = rendered.header;
  const headerComponent = components.find((c) => String(c.type).toUpperCase() === 'HEADER');
  return {
    header: header
      ? header.format === 'TEXT'
        ? { kind: 'text', text: headerComponent?.text ?? '', params: parameters.header ?? {} }
        : { kind: ATTACHMENT[header.format] ?? 'document', label: mediaLabel ?? null }
      : null,
    body: components.find((c) => String(c.type).toUpperCase() === 'BODY')?.text ?? '',
    bodyParams: parameters.body ?? {},
    footer: rendered.footer,
    buttons: rendered.buttons.map((button) => ({
      text: button.text,
      kind: BUTTON_KINDS[button.type] ?? 'reply',
    })),
  };
}

/** The text the customer reads, examples filled in: for one-line previews and screen readers. */
export function templateText(components: readonly TemplateComponentSpec[]): string {
  return renderTemplate(components, templateExampleParameters(components)).text;
}
