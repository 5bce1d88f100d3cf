import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { LoginGate } from './users/LoginGate';
import { ShiftGate } from './shifts/ShiftGate';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LoginGate>
      <ShiftGate>
        <App />
      </ShiftGate>
    </LoginGate>
  </StrictMode>,
);
