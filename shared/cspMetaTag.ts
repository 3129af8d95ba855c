// Puts the renderer's meta Content-Security-Policy into index.html at build time (a Vite plugin's
// transformIndexHtml hook calls this), right after <meta charset>, before any script can load.
import { metaContentSecurityPolicy } from './contentSecurityPolicy';

export function withCspMetaTag(html: string): string {
  if (/http-equiv=["']Content-Security-Policy["']/i.test(html))
    throw new Error('index.html already carries a CSP meta tag: the build owns it');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${metaContentSecurityPolicy()}" />`;
  const charset = /<meta charset="[^"]*"\s*\/?>/i;
  if (!charset.test(html)) throw new Error('index.html has no <meta charset>: the CSP tag must follow it');
  return html.replace(charset, (m) => `${m}\n    ${tag}`);
}
