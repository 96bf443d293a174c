-- What each account has consented to for each OAuth client, kept apart from
-- oidc-provider's grants: signing out revokes the grant and its tokens, but
-- signing back in should not ask for the same consent again. Forgotten when
-- the user disconnects the application, changes the password or deletes the
-- account.

-- CreateTable
CREATE TABLE "remembered_consents" (
    "account_id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "claims" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "resources" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "remembered_consents_pkey" PRIMARY KEY ("account_id","client_id")
);

-- AddForeignKey
ALTER TABLE "remembered_consents" ADD CONSTRAINT "remembered_consents_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
