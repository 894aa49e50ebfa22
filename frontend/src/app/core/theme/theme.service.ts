import { DOCUMENT, DestroyRef, Injectable, computed, effect, inject, signal } from '@angular/core';

export type Theme = 'light' | 'dark';
/** What the user picked: a theme, or whatever the operating system uses. */
export type ThemePreference = Theme | 'system';

/** localStorage key of the user's explicit choice. Absent = follow the operating system. */
export const THEME_STORAGE_KEY = 'convis.theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';
const THEME_CLASSES: Readonly<Record<Theme, string>> = {
  light: 'light-theme',
  dark: 'dark-theme',
};

/**
 * Light / dark theme. The palette itself is in `styles.scss` (`mat.theme` with `light-dark()`
 * tokens); this service only sets `color-scheme` on <html> through a class.
 *
 * The theme follows `prefers-color-scheme`, live, unless the user picked light or dark; that
 * choice is remembered in localStorage (and followed by the console's other tabs) until they
 * pick "match the system" again.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly media = this.document.defaultView?.matchMedia?.(DARK_QUERY) ?? null;

  private readonly systemTheme = signal<Theme>(this.media?.matches ? 'dark' : 'light');
  private readonly chosen = signal<ThemePreference>(readStoredTheme() ?? 'system');

  /** What the user picked. */
  readonly preference = this.chosen.asReadonly();
  /** The theme in effect. */
  readonly theme = computed<Theme>(() => {
    const preference = this.chosen();
    return preference === 'system' ? this.systemTheme() : preference;
  });
  readonly isDark = computed(() => this.theme() === 'dark');

  constructor() {
    const onSystemChange = (event: MediaQueryListEvent): void =>
      this.systemTheme.set(event.matches ? 'dark' : 'light');
    // Another tab picked a theme: this one follows.
    const onStorage = (event: StorageEvent): void => {
      if (event.key === THEME_STORAGE_KEY || event.key === null)
        this.chosen.set(readStoredTheme() ?? 'system');
    };
    const window = this.document.defaultView;
    this.media?.addEventListener('change', onSystemChange);
    window?.addEventListener('storage', onStorage);
    inject(DestroyRef).onDestroy(() => {
      this.media?.removeEventListener('change', onSystemChange);
      window?.removeEventListener('storage', onStorage);
    });

    effect(() => this.apply(this.theme()));
  }

  /** Uses `preference` from now on, and remembers it ("system" forgets any earlier choice). */
  choose(preference: ThemePreference): void {
    this.chosen.set(preference);
    try {
      if (preference === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, preference);
    } catch {
      // Storage disabled: the choice lasts for this page load.
    }
  }

  private apply(theme: Theme): void {
    const root = this.document.documentElement;
    root.classList.remove(...Object.values(THEME_CLASSES));
    root.classList.add(THEME_CLASSES[theme]);
  }
}

function readStoredTheme(): Theme | null {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : null;
  } catch {
    return null;
  }
}
