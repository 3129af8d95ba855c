// Renderer entry: choose the transport once, then mount the app with react-query around it.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './api/queryClient';
import { createTransport } from './api/transport';
import { TransportProvider } from './api/TransportProvider';
import { App } from './App';
import { applyTestModeToDocument } from './testMode';
import './styles.css';
import './styles/tables.css';
import './styles/supportPages.css';
import './styles/supportDialogs.css';
import './styles/tools.css';
import './supportViews.css';

applyTestModeToDocument();
const transport = createTransport();
const queryClient = createQueryClient();
const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

createRoot(rootElement).render(
  <StrictMode>
    <TransportProvider transport={transport}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </TransportProvider>
  </StrictMode>,
);
