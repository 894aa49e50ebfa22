import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  InjectionToken,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { MediaType } from '@convis/contracts';
import { Api } from '../../core/api/api';
import { downloadMedia } from '../../core/api/fn/media/download-media';
import { describeError, isErrorResponseDto } from '../../core/errors/api-error';
import type { MediaItem } from './media-item';

/**
 * Pauses between attempts while the backend is still downloading a file from WhatsApp (409):
 * about a minute in all, then the user can try again.
 */
export const MEDIA_RETRY_DELAYS_MS = new InjectionToken<readonly number[]>(
  'MEDIA_RETRY_DELAYS_MS',
  { providedIn: 'root', factory: () => [2000, 4000, 8000, 15_000, 30_000] },
);

type MediaState =
  /** The thread has not looked up the message's file yet. */
  | { readonly kind: 'waiting' }
  | { readonly kind: 'loading' }
  /** The backend is still downloading it from WhatsApp (409); tried again shortly. */
  | { readonly kind: 'downloading' }
  /** Still downloading after every retry (or a document asked for too early). */
  | { readonly kind: 'stalled' }
  | { readonly kind: 'ready'; readonly url: string }
  /** The download from WhatsApp gave up (410). */
  | { readonly kind: 'gone'; readonly reason: string | null }
  /** The message came without a file. */
  | { readonly kind: 'missing' }
  | { readonly kind: 'error'; readonly message: string }
  /** A document not fetched yet: it downloads when asked. */
  | { readonly kind: 'idle' };

const NAMES: Readonly<Record<MediaType, string>> = {
  image: 'photo',
  video: 'video',
  audio: 'audio',
  document: 'document',
  sticker: 'sticker',
};
const ICONS: Readonly<Record<MediaType, string>> = {
  image: 'image',
  video: 'videocam',
  audio: 'mic',
  document: 'description',
  sticker: 'sticky_note_2',
};

/** `48 KB`, `1.2 MB`. */
export function formatFileSize(bytes: number | null): string | null {
  if (bytes === null || !Number.isFinite(bytes)) return null;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The error's message; blob downloads carry the JSON error body as a Blob. */
async function errorMessage(error: unknown): Promise<string | null> {
  if (!(error instanceof HttpErrorResponse) || !(error.error instanceof Blob)) return null;
  try {
    const body: unknown = JSON.parse(await error.error.text());
    return isErrorResponseDto(body) ? body.message : null;
  } catch {
    return null;
  }
}

/**
 * The photo, video, voice note, sticker or document a customer sent, inside its bubble. The file
 * needs the user's token, so it is fetched with HttpClient (`GET /api/whatsapp/media/:id`) and
 * shown through an object URL, revoked when the bubble goes. While the backend is still
 * downloading it from WhatsApp (409) a placeholder says so; the file loads as soon as `media`
 * says it is stored (the thread follows the `media.stored` live event), and meanwhile the fetch is
 * tried again a few times with growing pauses (and when `retry` changes), in case an event is
 * lost. Documents download when the user asks. A file we uploaded and sent by media id comes the
 * same way, from the backend's copy. A photo or sticker we sent by link shows from that https
 * address (without a referrer); a link that does not load is offered to open instead.
 */
@Component({
  selector: 'app-message-media',
  imports: [MatButton, MatIconButton, MatIcon, MatProgressSpinner],
  templateUrl: './message-media.component.html',
  styleUrl: './message-media.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': "'media-' + media().kind" },
})
export class MessageMediaComponent {
  private readonly api = inject(Api);
  private readonly delays = inject(MEDIA_RETRY_DELAYS_MS);

  readonly media = input.required<MediaItem>();
  /** Changed by the thread (after a reconnection): a file still downloading is tried again. */
  readonly retry = input(0);

  protected readonly kind = computed(() => this.media().kind);
  /** Our photo's own address: shown as it is, nothing to fetch. */
  private readonly link = computed(() => this.media().link ?? null);
  private readonly fileId = computed(() => this.media().file?.id ?? null);
  private readonly fileStatus = computed(() => {
    const file = this.media().file;
    return file === undefined ? 'unknown' : (file?.status ?? 'none');
  });
  protected readonly name = computed(() =>
    this.media().voice ? 'voice message' : NAMES[this.kind()],
  );
  protected readonly icon = computed(() => ICONS[this.kind()]);
  protected readonly photoAlt = computed(() =>
    this.media().ours ? 'Photo you sent' : 'Photo sent by the contact',
  );
  protected readonly external = computed(() => this.link() !== null);
  protected readonly filename = computed(
    () => this.media().filename ?? (this.kind() === 'document' ? 'Document' : null),
  );
  protected readonly details = computed(() => {
    const { file, mimeType } = this.media();
    return [formatFileSize(file?.size_bytes ?? null), mimeType].filter(Boolean).join(' · ');
  });

  protected readonly state = signal<MediaState>({ kind: 'waiting' });
  /** The browser could not show the file it got: offered as a download instead. */
  protected readonly unplayable = signal(false);
  protected readonly url = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.url : null;
  });
  protected readonly problem = computed(() => {
    const state = this.state();
    switch (state.kind) {
      case 'gone':
        return `Couldn't get this ${this.name()} from WhatsApp.`;
      case 'missing':
        return `This ${this.name()} isn't available.`;
      case 'error':
        return `Couldn't load this ${this.name()}. ${state.message}`;
      case 'stalled':
        return `WhatsApp is still sending this ${this.name()}.`;
      case 'waiting':
      case 'loading':
      case 'downloading':
      case 'ready':
      case 'idle':
        return null;
    }
  });
  protected readonly reason = computed(() => {
    const state = this.state();
    return state.kind === 'gone' ? state.reason : null;
  });
  protected readonly canRetry = computed(() => {
    const kind = this.state().kind;
    return kind === 'stalled' || kind === 'error';
  });

  /** Counts fetches: the answer to an older one (another file, a destroyed bubble) is dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private objectUrl: string | null = null;
  private destroyed = false;
  /** The file the current object URL shows. */
  private shownId: string | null = null;

  constructor() {
    effect(() => {
      const link = this.link();
      const id = this.fileId();
      const status = this.fileStatus();
      this.retry();
      untracked(() => (link ? this.showLink(link) : this.start(id, status)));
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.generation++;
      clearTimeout(this.timer);
      this.revoke();
    });
  }

  /** Fetches the file again (after a failure, or while WhatsApp is still sending it). */
  protected tryAgain(): void {
    const id = this.fileId();
    if (id) void this.load(id, 0, this.kind() === 'document');
  }

  /** Downloads the document (fetched first, as the endpoint needs the token). */
  protected async download(): Promise<void> {
    const id = this.fileId();
    if (!id) return;
    if (this.state().kind !== 'ready') await this.load(id, 0, true);
    const url = this.url();
    if (url) this.save(url);
  }

  private showLink(link: string): void {
    this.cancel();
    this.revoke();
    this.unplayable.set(false);
    this.show({ kind: 'ready', url: link });
  }

  private start(id: string | null, status: string): void {
    if (status === 'unknown') return this.show({ kind: 'waiting' });
    if (status === 'none' || !id) {
      this.cancel();
      return this.show({ kind: 'missing' });
    }
    if (status === 'failed') {
      // Gave up (the thread heard `media.failed`): no more attempts.
      this.cancel();
      return this.show({ kind: 'gone', reason: this.media().file?.error ?? null });
    }
    if (this.shownId === id && this.state().kind === 'ready') return;
    if (this.kind() === 'document') {
      if (this.state().kind !== 'loading') this.show({ kind: 'idle' });
      return;
    }
    if (this.state().kind === 'loading') return;
    void this.load(id, 0, false);
  }

  /** One attempt; a 409 schedules the next while `attempt` has a delay left. */
  private async load(id: string, attempt: number, manual: boolean): Promise<void> {
    const generation = ++this.generation;
    clearTimeout(this.timer);
    if (this.state().kind !== 'downloading' || manual) this.show({ kind: 'loading' });
    try {
      const blob = await this.api.invoke(downloadMedia, { id });
      if (generation !== this.generation) return;
      this.revoke();
      this.unplayable.set(false);
      this.objectUrl = URL.createObjectURL(blob);
      this.shownId = id;
      this.show({ kind: 'ready', url: this.objectUrl });
    } catch (error) {
      if (generation !== this.generation) return;
      const status = error instanceof HttpErrorResponse ? error.status : null;
      if (status === 409) {
        const delay = this.delays[attempt];
        if (delay === undefined || manual) return this.show({ kind: 'stalled' });
        this.show({ kind: 'downloading' });
        // Stored while this attempt was under way (the thread heard `media.stored`): go again now.
        const wait = this.fileStatus() === 'stored' ? 0 : delay;
        this.timer = setTimeout(() => void this.load(id, attempt + 1, false), wait);
        return;
      }
      const message = (await errorMessage(error)) ?? describeError(error);
      if (generation !== this.generation) return;
      this.show(status === 410 ? { kind: 'gone', reason: message } : { kind: 'error', message });
    }
  }

  /** Drops the attempt under way and the next one planned. */
  private cancel(): void {
    this.generation++;
    clearTimeout(this.timer);
  }

  private show(state: MediaState): void {
    if (!this.destroyed) this.state.set(state);
  }

  private save(url: string): void {
    const link = document.createElement('a');
    link.href = url;
    link.download = this.filename() ?? 'document';
    link.click();
  }

  private revoke(): void {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
    this.shownId = null;
  }
}
