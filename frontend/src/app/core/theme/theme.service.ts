import { DOCUMENT, DestroyRef, Injectable, computed, effect, inject, signal } from '@angular/core';

export type Theme = 'light' | 'dark';

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
 * Until the user picks one, the theme follows `prefers-color-scheme`, live. Once they toggle,
 * the choice is remembered in localStorage.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly media = this.document.defaultView?.matchMedia?.(DARK_QUERY) ?? null;

  private readonly systemTheme = signal<Theme>(this.media?.matches ? 'dark' : 'light');
  private readonly chosenTheme = signal<Theme | null>(readStoredTheme());

  /** The theme in effect. */
  readonly theme = computed<Theme>(() => this.chosenTheme() ?? this.systemTheme());
  readonly isDark = computed(() => this.theme() === 'dark');

  constructor() {
    const onSystemChange = (event: MediaQueryListEvent): void =>
      this.systemTheme.set(event.matches ? 'dark' : 'light');
    this.media?.addEventListener('change', onSystemChange);
    inject(DestroyRef).onDestroy(() => this.media?.removeEventListener('change', onSystemChange));

    effect(() => this.apply(this.theme()));
  }

  /** Switches between light and dark, and remembers the choice. */
  toggle(): void {
    this.set(this.isDark() ? 'light' : 'dark');
  }

  set(theme: Theme): void {
    this.chosenTheme.set(theme);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, theme);
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
