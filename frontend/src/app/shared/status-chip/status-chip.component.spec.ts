import { Component, signal } from '@angular/core';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatTooltipHarness } from '@angular/material/tooltip/testing';
import type { MessageStatus } from '../../core/api/models/message-status';
import { StatusChipComponent } from './status-chip.component';

@Component({
  imports: [StatusChipComponent],
  template: '<app-status-chip [status]="status()" [direction]="direction()" />',
})
class HostComponent {
  readonly status = signal<MessageStatus>('sent');
  readonly direction = signal<'in' | 'out' | null>(null);
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

  it('tells "read by you" (an inbound message) from "read" by the recipient (outbound)', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const chip = () => (fixture.nativeElement as HTMLElement).querySelector('.chip');
    const look = async () => {
      const tooltip = await loader.getHarness(MatTooltipHarness);
      await tooltip.show();
      const text = await tooltip.getTooltipText();
      await tooltip.hide();
      return {
        label: chip()?.querySelector('.label')?.textContent?.trim(),
        icon: chip()?.querySelector('mat-icon')?.textContent?.trim(),
        inbound: chip()?.classList.contains('inbound'),
        tooltip: text,
      };
    };
    fixture.componentInstance.status.set('read');

    fixture.componentInstance.direction.set('out');
    const theirs = await look();
    expect(theirs).toEqual({
      label: 'Read',
      icon: 'done_all',
      inbound: false,
      tooltip: expect.stringMatching(/recipient opened.*blue ticks/),
    });

    fixture.componentInstance.direction.set('in');
    const ours = await look();
    expect(ours).toEqual({
      label: 'Read by you',
      icon: 'mark_chat_read',
      inbound: true,
      tooltip: expect.stringMatching(/^You read this message/),
    });

    // A status that means the same on both sides keeps its words.
    fixture.componentInstance.status.set('received');
    expect((await look()).label).toBe('Received');
  });
});
