// Renders a page to static HTML (no DOM needed) once every query it asks for has an answer: render, fetch
// the queries the render created, render again, until nothing new is asked.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createQueryClient } from '../api/queryClient';
import { TransportProvider } from '../api/TransportProvider';
import type { ConsoleTransport } from '../api/linkStatus';

export interface Rendered {
  html: string;
  /** The page's text, tags removed and whitespace collapsed. */
  text: string;
  client: QueryClient;
}

export const textOf = (html: string) =>
  html
    // A word-break opportunity is not a space: "Audit.<wbr/>Trail" reads "Audit.Trail".
    .replace(/<wbr\s*\/?>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:])/g, '$1')
    .trim();

export async function renderSettled(
  element: ReactElement,
  transport: ConsoleTransport,
  client: QueryClient = createQueryClient(),
): Promise<Rendered> {
  // A query that failed without data would render as "loading" again (a mounted page retries it); the
  // static render shows the failure the page would show between those retries.
  const defaults = client.getDefaultOptions();
  client.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retryOnMount: false } });
  const render = () =>
    renderToStaticMarkup(
      <QueryClientProvider client={client}>
        <TransportProvider transport={transport}>{element}</TransportProvider>
      </QueryClientProvider>,
    );
  let html = render();
  // A page asks for more as answers arrive (a list, then the selected item's detail); a few rounds suffice.
  for (let round = 0; round < 5; round += 1) {
    const waiting = client
      .getQueryCache()
      .findAll()
      .filter((query) => {
        // The observer's options (enabled among them) are kept on the query, though not in its type.
        const { enabled } = query.options as { enabled?: boolean | ((q: typeof query) => boolean) };
        const on = typeof enabled === 'function' ? enabled(query) : enabled !== false;
        return on && query.state.status === 'pending' && query.state.fetchStatus === 'idle';
      });
    if (waiting.length === 0) break;
    // A failed fetch is kept as the query's error, which the page shows: nothing to catch here.
    await Promise.all(waiting.map((query) => query.fetch().catch(() => undefined)));
    html = render();
  }
  return { html, text: textOf(html), client };
}
