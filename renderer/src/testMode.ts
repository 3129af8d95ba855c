// Test mode (?e2e=1, or a build with VITE_EVENTDESK_TEST_MODE=1) turns motion off, so screenshots and
// assertions never catch a chart or a transition halfway.
const STORAGE_KEY = 'eventdesk.testMode';

function detectTestMode(): boolean {
  if (typeof window === 'undefined') return false;
  if (import.meta.env.VITE_EVENTDESK_TEST_MODE === '1') return true;
  if (new URLSearchParams(window.location.search).has('e2e')) {
    window.sessionStorage.setItem(STORAGE_KEY, '1');
    return true;
  }
  return window.sessionStorage.getItem(STORAGE_KEY) === '1';
}

export const testMode = detectTestMode();

/** Recharts animates with JavaScript, which CSS cannot switch off. */
export const chartAnimation = !testMode;

export function applyTestModeToDocument(doc: Document = document): void {
  if (testMode) doc.documentElement.dataset.motion = 'off';
}
