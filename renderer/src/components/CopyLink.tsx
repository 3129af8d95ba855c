// "Copy link": the address of the object on screen, for a ticket or a chat. In the desktop app it is an
// eventdesk:// link (it opens the app on this view); in the browser console, this page's address (a new tab
// gets in with the session the bridge set, no token in the link).
import { useState } from 'react';
import { deepLink, type DeepLinkKind } from '../../../shared/deepLink';
import { useTransport } from '../api/TransportProvider';

export function CopyLink({ kind, name, hash }: { kind: DeepLinkKind; name: string; hash: string }) {
  const transport = useTransport();
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const link = transport.kind === 'ipc' ? deepLink(kind, name) : `${window.location.origin}/${hash}`;
  return (
    <button
      type="button"
      className="button-quiet"
      title={link}
      data-testid="copy-link"
      onClick={() =>
        void navigator.clipboard.writeText(link).then(
          () => setCopied('copied'),
          () => setCopied('failed'),
        )
      }
    >
      {copied === 'copied' ? 'Link copied' : copied === 'failed' ? 'Copy failed' : 'Copy link'}
    </button>
  );
}
