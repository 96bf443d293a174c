import { existsSync } from 'node:fs';
import { defineConfig } from 'prisma/config';

// The Prisma CLI wants its schema engine even for `prisma generate`, and that
// native binary cannot be downloaded on machines without general internet
// access. `generate` never runs it, so point the CLI at a harmless stand-in
// when the real engine is absent. Migrations are applied by our own runner.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !hasSchemaEngine()) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = '/bin/false';
}

function hasSchemaEngine(): boolean {
  return existsSync('node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x');
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/picard' },
});
