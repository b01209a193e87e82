import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The machine is shared with compilers: give findBy*/waitFor room before failing.
configure({ asyncUtilTimeout: 10000 });

afterEach(() => cleanup());
