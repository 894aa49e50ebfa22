import { LiveAnnouncer } from '@angular/cdk/a11y';
import { HttpClient, HttpEventType } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import { Api } from '../../core/api/api';
import { uploadMedia } from '../../core/api/fn/messages/upload-media';
import type { UploadedMediaDto } from '../../core/api/models/uploaded-media-dto';
import { RequestBuilder } from '../../core/api/request-builder';
import { apiFieldErrors, describeError } from '../../core/errors/api-error';
import { setServerError } from '../../core/errors/form-errors';
import { type MediaSourceForm, clearUpload } from './media-source';

/** Which file input an upload belongs to. */
export type MediaSlot = 'media' | 'template-header';

export interface UploadProgress {
  readonly fileName: string;
  /** 0–100, or `null` while the browser does not report it (then show an indeterminate bar). */
  readonly percent: number | null;
}

/**
 * Uploads files to `POST /api/whatsapp/messages/media` for the send dialog, one per slot, and
 * keeps their progress, so an upload goes on when its form is switched away and back. The
 * result lands in the slot's `MediaSourceForm` (`media_id`, `file_name`, ...); a refusal shows
 * under its file button (a `media_id` server error). Provided by the dialog; uploads still
 * running when it closes are cancelled.
 *
 * Percentages need an XMLHttpRequest backend: with `withFetch()` (this app's), browsers cannot
 * report upload progress, and the bar stays indeterminate.
 */
@Injectable()
export class MediaUploads {
  private readonly http = inject(HttpClient);
  private readonly api = inject(Api);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly running = signal<ReadonlyMap<MediaSlot, UploadProgress>>(new Map());
  private readonly subscriptions = new Map<MediaSlot, Subscription>();

  /** Some upload is running: the message cannot be sent yet. */
  readonly busy = computed(() => this.running().size > 0);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
    });
  }

  progress(slot: MediaSlot): UploadProgress | null {
    return this.running().get(slot) ?? null;
  }

  /** Uploads `file` for `accountId` into `form`, replacing an upload running in that slot. */
  start(slot: MediaSlot, accountId: string, file: File, form: MediaSourceForm): void {
    this.cancel(slot);
    clearUpload(form);
    this.setProgress(slot, { fileName: file.name, percent: null });

    const builder = new RequestBuilder(this.api.rootUrl, uploadMedia.PATH, 'post');
    builder.body({ account_id: accountId, file }, 'multipart/form-data');
    const request = builder.build<UploadedMediaDto>({
      responseType: 'json',
      accept: 'application/json',
      reportProgress: true,
    });
    const subscription = this.http.request<UploadedMediaDto>(request).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress && event.total) {
          const percent = Math.min(100, Math.round((100 * event.loaded) / event.total));
          this.setProgress(slot, { fileName: file.name, percent });
        } else if (event.type === HttpEventType.Response && event.body) {
          const uploaded = event.body;
          form.patchValue({
            media_id: uploaded.media_id,
            file_name: uploaded.filename || file.name,
            mime_type: uploaded.mime_type,
            uploaded_for: accountId,
          });
          void this.announcer.announce(`${file.name} uploaded`);
        }
      },
      error: (error: unknown) => {
        this.finish(slot);
        const fileErrors = apiFieldErrors(error).get('file');
        const message = fileErrors?.join(' ') ?? describeError(error);
        setServerError(form.controls.media_id, `Couldn't upload ${file.name}: ${message}`);
        void this.announcer.announce(`Couldn't upload ${file.name}`, 'assertive');
      },
      complete: () => this.finish(slot),
    });
    this.subscriptions.set(slot, subscription);
  }

  cancel(slot: MediaSlot): void {
    this.subscriptions.get(slot)?.unsubscribe();
    this.finish(slot);
  }

  private finish(slot: MediaSlot): void {
    this.subscriptions.delete(slot);
    if (!this.running().has(slot)) return;
    this.running.update((running) => {
      const next = new Map(running);
      next.delete(slot);
      return next;
    });
  }

  private setProgress(slot: MediaSlot, progress: UploadProgress): void {
    this.running.update((running) => new Map(running).set(slot, progress));
  }
}
