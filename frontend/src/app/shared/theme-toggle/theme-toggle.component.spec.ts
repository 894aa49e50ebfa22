import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatIconHarness } from '@angular/material/icon/testing';
import { THEME_STORAGE_KEY, ThemeService } from '../../core/theme/theme.service';
import { ThemeToggleComponent } from './theme-toggle.component';

const originalMatchMedia = Object.getOwnPropertyDescriptor(window, 'matchMedia');

/** Makes `prefers-color-scheme: dark` match (or not) for the next ThemeService. */
function preferDark(matches: boolean): void {
  // jsdom has no matchMedia.
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: (query: string) =>
      ({
        matches,
        media: query,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      }) as unknown as MediaQueryList,
  });
}

describe('ThemeToggleComponent', () => {
  const root = document.documentElement;

  beforeEach(() => {
    localStorage.clear();
    root.classList.remove('light-theme', 'dark-theme');
  });

  afterEach(() => {
    if (originalMatchMedia) Object.defineProperty(window, 'matchMedia', originalMatchMedia);
    else Reflect.deleteProperty(window, 'matchMedia');
  });

  async function render() {
    const fixture = TestBed.createComponent(ThemeToggleComponent);
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const button = await loader.getHarness(
      MatButtonHarness.with({ selector: '[aria-label="Toggle dark theme"]' }),
    );
    return { fixture, loader, button };
  }

  it('follows the system preference until the user chooses', async () => {
    preferDark(true);
    await render();

    expect(root.classList.contains('dark-theme')).toBe(true);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });

  it('switches between light and dark and remembers the choice', async () => {
    preferDark(false);
    const { button, loader } = await render();
    expect(root.classList.contains('light-theme')).toBe(true);
    expect(await (await loader.getHarness(MatIconHarness)).getName()).toBe('dark_mode');

    await button.click();
    expect(root.classList.contains('dark-theme')).toBe(true);
    expect(root.classList.contains('light-theme')).toBe(false);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(await (await button.host()).getAttribute('aria-pressed')).toBe('true');
    expect(await (await loader.getHarness(MatIconHarness)).getName()).toBe('light_mode');

    await button.click();
    expect(root.classList.contains('light-theme')).toBe(true);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
  });

  it('restores a remembered choice over the system preference', async () => {
    preferDark(false);
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    await render();

    expect(TestBed.inject(ThemeService).theme()).toBe('dark');
    expect(root.classList.contains('dark-theme')).toBe(true);
  });
});
