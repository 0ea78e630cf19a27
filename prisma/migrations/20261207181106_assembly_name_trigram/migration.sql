-- CreateExtension
-- pg_trgm is in PostgreSQL's contrib (Debian's postgresql package, every managed
-- service) and trusted since PostgreSQL 13: the database owner may create it.
-- Written by hand: prisma/schema.prisma does not declare extensions (see there).
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "assembly_name_trgm" ON "assembly" USING GIN ("name" gin_trgm_ops);
