-- Last use of each grant, shown as "connected applications" on the account page.

-- CreateTable
CREATE TABLE "grant_activity" (
    "grant_id" TEXT NOT NULL,
    "account_id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "grant_activity_pkey" PRIMARY KEY ("grant_id")
);

-- CreateIndex
CREATE INDEX "grant_activity_account_id_idx" ON "grant_activity"("account_id");
