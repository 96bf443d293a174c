-- The account page's sessions, kept on the server so that signing out, a
-- password change and deleting the account end every copy of the cookie. The
-- cookie carries a random session id; only its SHA-256 is stored here.

-- CreateTable
CREATE TABLE "account_sessions" (
    "id" TEXT NOT NULL,
    "account_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "account_sessions_account_id_idx" ON "account_sessions"("account_id");

-- CreateIndex
CREATE INDEX "account_sessions_expires_at_idx" ON "account_sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "account_sessions" ADD CONSTRAINT "account_sessions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- oidc-provider's bearer values (codes, tokens, session and interaction ids)
-- are now stored only as SHA-256 hashes (server/src/auth/oidc-adapter.ts).
-- Rows written before kept the values themselves: they are dropped, so people
-- sign in again and applications re-authorise once.
DELETE FROM "oidc_payloads" WHERE "type" NOT IN ('Client', 'Grant');
