/**
 * Runs the fake Mixpanel on its own, for manual runs and demos:
 *   npx tsx test/support/fake-mixpanel/serve.ts ['{"status":{"orgServiceAccounts":403}}']
 * Prints the base URL to pass as --api-base-url; the fixture's service-account credentials (fake
 * values) are FIXTURE_CREDENTIALS in fixture.ts. Stops on SIGINT/SIGTERM.
 */
import { startFakeMixpanel, type Faults } from './server.js';

const faults = process.argv[2] ? (JSON.parse(process.argv[2]) as Faults) : {};
const fake = await startFakeMixpanel({ faults });
process.stdout.write(`${fake.baseUrl}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
