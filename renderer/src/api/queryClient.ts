// Query defaults for a console that polls: no hidden retry loops (the next poll is the retry), so an
// error shows up at once instead of after react-query's three silent backoff attempts.
import { QueryClient } from '@tanstack/react-query';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: true, staleTime: 1_000 },
      mutations: { retry: false },
    },
  });
}
