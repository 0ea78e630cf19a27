import { describe } from 'vitest';
import { registerWithSharedSecret } from '../../support/matrix-synapse-accounts.js';
import type { MatrixWorld } from '../../support/matrix-scenario.js';
import { matrixAbuseScenarios } from '../../support/matrix-abuse-suite.js';
import { matrixScenarios } from '../../support/matrix-suite.js';

/**
 * The same scenarios as against the double, against a real homeserver
 * (Synapse 1.67 tried): set PLENARY_E2E_MATRIX_URL (e.g. http://127.0.0.1:8008)
 * and PLENARY_E2E_MATRIX_SECRET (its registration_shared_secret). The suite
 * registers its own users. Without both it reports itself skipped.
 */
const url = process.env.PLENARY_E2E_MATRIX_URL?.trim() ?? '';
const secret = process.env.PLENARY_E2E_MATRIX_SECRET?.trim() ?? '';
const skipReason = url && secret ? '' : 'PLENARY_E2E_MATRIX_URL and PLENARY_E2E_MATRIX_SECRET are not both set';

if (skipReason) console.info(`[matrix synapse e2e] skipped: ${skipReason}`);

const world = (): MatrixWorld => ({ url, register: (localpart) => registerWithSharedSecret(url, secret, localpart) });

describe.skipIf(skipReason !== '')(`Matrix bot on a real homeserver${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  matrixScenarios(world);
  matrixAbuseScenarios(world, { pushRules: true });
});
