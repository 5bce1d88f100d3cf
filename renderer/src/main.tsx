import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ShiftGate } from './shifts/ShiftGate';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ShiftGate>
      <App />
    </ShiftGate>
  </StrictMode>,
);
