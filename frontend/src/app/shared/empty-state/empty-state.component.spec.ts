import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { EmptyStateComponent } from './empty-state.component';

@Component({
  imports: [EmptyStateComponent],
  template: `
    <app-empty-state icon="inbox" heading="Your inbox is empty" message="Replies appear here.">
      <button emptyStateAction type="button">Refresh</button>
    </app-empty-state>
  `,
})
class HostComponent {}

describe('EmptyStateComponent', () => {
  it('shows the icon, heading, message and projected action', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;

    expect(element.querySelector('mat-icon')?.textContent?.trim()).toBe('inbox');
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Your inbox is empty');
    expect(element.querySelector('p')?.textContent?.trim()).toBe('Replies appear here.');
    expect(element.querySelector('.actions button')?.textContent?.trim()).toBe('Refresh');
  });
});
