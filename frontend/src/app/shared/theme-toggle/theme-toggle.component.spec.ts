import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatIconHarness } from '@angular/material/icon/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
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
    const menu = await loader.getHarness(MatMenuHarness);
    /** Opens the menu and picks the item labelled `label`. */
    const pick = async (label: string) => {
      await menu.open();
      await menu.clickItem({ text: new RegExp(label) });
    };
    /** The items and which one is checked. */
    const items = async () => {
      await menu.open();
      const found = [...document.querySelectorAll('[role="menuitemradio"]')].map((item) => ({
        text: item.querySelector('.label')?.textContent?.trim(),
        checked: item.getAttribute('aria-checked') === 'true',
      }));
      await menu.close();
      return found;
    };
    return { fixture, loader, pick, items };
  }

  it('follows the system preference until the user chooses', async () => {
    preferDark(true);
    const { items } = await render();

    expect(root.classList.contains('dark-theme')).toBe(true);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(await items()).toEqual([
      { text: 'Light', checked: false },
      { text: 'Dark', checked: false },
      { text: 'Match the system', checked: true },
    ]);
  });

  it('picks light or dark, remembers it, and goes back to following the system', async () => {
    preferDark(false);
    const { pick, items, loader } = await render();
    expect(root.classList.contains('light-theme')).toBe(true);

    await pick('Dark');
    expect(root.classList.contains('dark-theme')).toBe(true);
    expect(root.classList.contains('light-theme')).toBe(false);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect((await items()).find((item) => item.checked)?.text).toBe('Dark');
    expect(await (await loader.getHarness(MatIconHarness)).getName()).toBe('dark_mode');

    await pick('Match the system');
    expect(root.classList.contains('light-theme')).toBe(true);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect((await items()).find((item) => item.checked)?.text).toBe('Match the system');
  });

  it('restores a remembered choice over the system preference', async () => {
    preferDark(false);
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    await render();

    expect(TestBed.inject(ThemeService).theme()).toBe('dark');
    expect(root.classList.contains('dark-theme')).toBe(true);
  });

  it('follows a choice made in another tab', async () => {
    preferDark(false);
    await render();
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    window.dispatchEvent(new StorageEvent('storage', { key: THEME_STORAGE_KEY }));
    TestBed.tick();

    expect(TestBed.inject(ThemeService).preference()).toBe('dark');
    expect(root.classList.contains('dark-theme')).toBe(true);
  });
});
