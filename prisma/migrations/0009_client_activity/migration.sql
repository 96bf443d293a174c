-- When each dynamically registered OAuth client last obtained tokens, so that
-- registrations never completed, or no longer used, can be deleted.

-- CreateTable
CREATE TABLE "client_activity" (
    "client_id" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "client_activity_pkey" PRIMARY KEY ("client_id")
);

-- CreateIndex
CREATE INDEX "client_activity_last_used_at_idx" ON "client_activity"("last_used_at");
