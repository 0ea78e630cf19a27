import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection URL from here, not from schema.prisma. Only the
// CLI on a connected machine needs it (`prisma migrate status`); the app passes a
// driver adapter to the client, and migrations are applied by our own runner
// (src/adapters/persistence/migrate.ts) because the native engine cannot be
// downloaded here.
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(url ? { datasource: { url } } : {}),
});
