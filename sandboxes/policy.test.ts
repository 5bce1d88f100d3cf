import { describe, expect, it } from 'vitest';
import { shouldStartSandboxes } from './policy';

describe('embedded sandboxes policy (issue 8)', () => {
  it('a packaged build starts them only with BALCAO_SANDBOXES=1; development always does', () => {
    expect(shouldStartSandboxes({ packaged: true, env: {} })).toBe(false);
    expect(shouldStartSandboxes({ packaged: true, env: { BALCAO_SANDBOXES: '0' } })).toBe(false);
    expect(shouldStartSandboxes({ packaged: true, env: { BALCAO_SANDBOXES: 'true' } })).toBe(false);
    expect(shouldStartSandboxes({ packaged: true, env: { BALCAO_SANDBOXES: '1' } })).toBe(true);
    expect(shouldStartSandboxes({ packaged: false, env: {} })).toBe(true);
  });
});
