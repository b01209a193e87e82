import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import App from './App.jsx';
import { FeaturesProvider } from './context/FeaturesContext.jsx';
import { AuthProvider } from './context/AuthContext.jsx';
import './index.css';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <BrowserRouter>
      <FeaturesProvider>
        <AuthProvider>
          <App />
        </AuthProvider>
      </FeaturesProvider>
    </BrowserRouter>
  </StrictMode>,
);
