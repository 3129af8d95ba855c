import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, appRequestPath, isAllowedExternalUrl, isAppUrl, isTrustedSenderFrame } from './trust';

describe('isTrustedSenderFrame', () => {
  it('trusts only the main frame of our app:// origin', () => {
    expect(isTrustedSenderFrame({ url: APP_ENTRY_URL, isMainFrame: true })).toBe(true);
    expect(isTrustedSenderFrame({ url: 'app://eventdesk/groups?x=1#y', isMainFrame: true })).toBe(true);
  });

  it.each([
    ['an iframe of our origin', { url: APP_ENTRY_URL, isMainFrame: false }],
    [
      'file://',
      { url: 'file:///opt/Eventdesk/resources/app.asar/dist/renderer/index.html', isMainFrame: true },
    ],
    ['a web page', { url: 'https://evil.example/', isMainFrame: true }],
    ['a look-alike host', { url: 'app://eventdesk.evil.example/', isMainFrame: true }],
    ['a prefix trick', { url: 'app://eventdesk@evil.example/', isMainFrame: true }],
    ['credentials', { url: 'app://user:pw@eventdesk/', isMainFrame: true }],
    ['the dev server', { url: 'http://localhost:5173/', isMainFrame: true }],
    ['garbage', { url: 'not a url', isMainFrame: true }],
  ])('refuses %s', (_name, frame) => {
    expect(isTrustedSenderFrame(frame)).toBe(false);
  });

  it('refuses a missing frame (destroyed or navigated away)', () => {
    expect(isTrustedSenderFrame(null)).toBe(false);
    expect(isTrustedSenderFrame(undefined)).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it('lets allow-listed https pages open in the system browser', () => {
    expect(isAllowedExternalUrl('https://github.com/eventdesk/eventdesk/issues')).toBe(true);
    expect(isAllowedExternalUrl('https://kafka.apache.org/documentation/')).toBe(true);
  });

  it.each([
    'http://github.com/',
    'https://github.com.evil.example/',
    'https://evil.example/?https://github.com/',
    'https://user@github.com/',
    'https://github.com:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://github.com/share',
    'app://eventdesk/index.html',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('appRequestPath', () => {
  it('maps app:// requests to files inside the renderer folder', () => {
    expect(appRequestPath('app://eventdesk/')).toBe('index.html');
    expect(appRequestPath('app://eventdesk/index.html')).toBe('index.html');
    expect(appRequestPath('app://eventdesk/assets/index-abc.js?v=1')).toBe('assets/index-abc.js');
  });

  it('keeps dot segments the URL parser resolves inside the folder', () => {
    expect(appRequestPath('app://eventdesk/../secret')).toBe('secret');
    expect(appRequestPath('app://eventdesk/assets/%2e%2e/%2e%2e/secret')).toBe('secret');
  });

  it.each([
    'app://eventdesk/assets/..%2f..%2fsecret',
    'app://eventdesk/%2e%2e%2fsecret',
    'app://eventdesk/..%5csecret',
    'app://eventdesk/a%00b',
    'app://other/index.html',
    'https://eventdesk/index.html',
  ])('refuses %s', (url) => {
    expect(appRequestPath(url)).toBeNull();
  });

  it('agrees with isAppUrl', () => {
    expect(isAppUrl('app://eventdesk/x')).toBe(true);
    expect(isAppUrl('app://eventdesk:1234/x')).toBe(false);
  });
});
