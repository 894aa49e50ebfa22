import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { MessageStatus } from '../../core/api/models/message-status';
import { StatusChipComponent } from './status-chip.component';

@Component({
  imports: [StatusChipComponent],
  template: '<app-status-chip [status]="status()" />',
})
class HostComponent {
  readonly status = signal<MessageStatus>('sent');
}

describe('StatusChipComponent', () => {
  it.each([
    ['queued', 'schedule', 'Queued'],
    ['sent', 'check', 'Sent'],
    ['delivered', 'done_all', 'Delivered'],
    ['read', 'done_all', 'Read'],
    ['played', 'done_all', 'Played'],
    ['failed', 'error', 'Failed'],
    ['received', 'call_received', 'Received'],
  ] as const)('shows %s with its tick and label', (status, icon, label) => {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.componentInstance.status.set(status);
    fixture.detectChanges();

    const chip = (fixture.nativeElement as HTMLElement).querySelector('.chip');
    expect(chip?.classList).toContain(`status-${status}`);
    expect(chip?.querySelector('mat-icon')?.textContent?.trim()).toBe(icon);
    expect(chip?.querySelector('mat-icon')?.getAttribute('aria-hidden')).toBe('true');
    expect(chip?.querySelector('.label')?.textContent?.trim()).toBe(label);
  });
});
