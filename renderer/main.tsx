import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api.ts';
import { App } from './app.tsx';
import { createAppStore } from './store/index.ts';

const store = createAppStore(api);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} api={api} />
  </StrictMode>,
);
